import { readFileSync } from 'node:fs';
import { mulberry32 } from '../analysis/stats/index.ts';

type Entry = { timestamp: string; file: string; info: Record<string, unknown> };

/**
 * A `crash_summary.json` of `entries` crashes, made from the example
 * summary's entries (data/examples/crashes/crash_summary.json): each entry a
 * distinct original report (`Python-YYYY-MM-DD-HHMMSS.ips`, one second
 * apart), with the details of an example entry, pretty-printed as the team's
 * tool writes it (one field per line). Deterministic for a given seed.
 */
export function generateCrashSummary(entries: number, seed: number): string {
  if (!Number.isInteger(entries) || entries < 0)
    throw new Error(`entries must be a non-negative integer, got ${entries}`);
  const example = JSON.parse(
    readFileSync(new URL('../data/examples/crashes/crash_summary.json', import.meta.url), 'utf8'),
  ) as { crashes: Entry[] };
  const rand = mulberry32(seed);
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = Date.UTC(2025, 11, 20, 8, 0, 0);
  const crashes: Entry[] = [];
  for (let i = 0; i < entries; i++) {
    const d = new Date(start + i * 1000);
    const local = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
    const copy = new Date(d.getTime() + 8000);
    const prefix = `${copy.getUTCFullYear()}${pad(copy.getUTCMonth() + 1)}${pad(copy.getUTCDate())}_${pad(copy.getUTCHours())}${pad(copy.getUTCMinutes())}${pad(copy.getUTCSeconds())}`;
    const template = example.crashes[Math.floor(rand() * example.crashes.length)];
    crashes.push({
      timestamp: new Date(copy.getTime() + 8 * 3600_000).toISOString().replace('Z', '000Z'),
      file: `/Users/dev/mps/crash_logs/${prefix}_Python-${local}.ips`,
      info: template.info,
    });
  }
  return `${JSON.stringify({ crashes, last_check: '2025-12-26T00:00:00Z', total_files: entries }, null, 2)}\n`;
}
