import { readFileSync } from 'node:fs';
import { mulberry32 } from '../analysis/stats/index.ts';

/** The golden `.ips` fixtures used as templates (two-document and single-document forms). */
export const IPS_TEMPLATES = [
  'ips-prepare-for-enqueue-null98',
  'ips-objc-msgsend-pac',
  'ips-setbuffer-unsymbolicated',
  'ips-single-document-abort',
] as const;

type Json = Record<string, unknown>;
interface Template {
  header: Json | null;
  body: Json;
}

let templates: Template[] | null = null;

function loadTemplates(): Template[] {
  if (!templates) {
    templates = IPS_TEMPLATES.map((name) => {
      const text = readFileSync(new URL(`../ingest/crash/golden/${name}/input.ips`, import.meta.url), 'utf8');
      const nl = text.indexOf('\n');
      try {
        return { header: JSON.parse(text.slice(0, nl)), body: JSON.parse(text.slice(nl + 1)) };
      } catch {
        return { header: null, body: JSON.parse(text) };
      }
    });
  }
  return templates;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const pad = (n: number) => String(n).padStart(2, '0');

/** Apple-style local time string `YYYY-MM-DD HH:MM:SS.ffff -0800` for a UTC epoch in ms. */
function appleTime(ms: number): string {
  const d = new Date(ms - 8 * 3600_000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}0 -0800`
  );
}

/**
 * Generates `count` realistic `.ips` texts from the golden fixtures (for the
 * parse-and-cluster benchmark and for tests): each copy gets a new incident
 * id, pid and capture time, the faulting thread at a new index (1–63), new
 * symbol offsets, and — when the fixture's fault is wild or PAC-mangled — a new
 * random address. Near-NULL offsets and symbols are kept, so every copy keeps
 * its template's signature. Deterministic for a given seed.
 */
export function generateIpsFiles(count: number, seed: number): string[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a non-negative integer, got ${count}`);
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const all = loadTemplates();
  const base = Date.parse('2025-12-23T17:00:00Z');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = all[i % all.length];
    const body = structuredClone(t.body);
    const incident =
      `${hex(int(0, 0xffffffff), 8)}-${hex(int(0, 0xffff), 4)}-4${hex(int(0, 0xfff), 3)}-8${hex(int(0, 0xfff), 3)}-${hex(int(0, 0xffffff), 6)}${hex(int(0, 0xffffff), 6)}`.toUpperCase();
    const capture = appleTime(base + i * 7_000 + int(0, 6_999));
    body.incident = incident;
    body.incident_id = incident;
    body.pid = int(1000, 99_999);
    body.captureTime = capture;
    const threads = body.threads as Json[];
    const faulting = threads[body.faultingThread as number];
    const frames = faulting.frames as Json[];
    for (const f of frames) {
      if (typeof f.symbolLocation === 'number') f.symbolLocation = int(4, 4096);
      if (typeof f.imageOffset === 'number' && typeof f.symbol === 'string')
        f.imageOffset = int(4096, 4_000_000);
    }
    const index = int(1, 63);
    body.threads = [...Array.from({ length: index }, () => threads[0]), faulting];
    body.faultingThread = index;
    const exception = body.exception as Json;
    const subtype = typeof exception.subtype === 'string' ? exception.subtype : '';
    const at = /at (0x[0-9a-fA-F]+)/.exec(subtype);
    if (at && BigInt(at[1]) >= 0x10000n) {
      const low = hex(int(0x1000, 0x7fff), 4) + hex(int(0, 0xffffffff), 8);
      const wild = `0x0000${low}`;
      exception.subtype = subtype.includes('->')
        ? `KERN_INVALID_ADDRESS at 0x0000${hex(int(0x80, 0xff), 2)}${low.slice(2)} -> ${wild} (possible pointer authentication failure)`
        : `KERN_INVALID_ADDRESS at ${wild}`;
    }
    if (t.header) {
      const header = { ...t.header, incident_id: incident, timestamp: capture };
      out.push(`${JSON.stringify(header)}\n${JSON.stringify(body, null, 2)}`);
    } else out.push(JSON.stringify(body, null, 2));
  }
  return out;
}
