import type { Problem } from '../../store/rawTables.ts';
import { appleTimeToIso } from './appleTime.ts';
import { looksBinary } from './binaryText.ts';
import { buildCrash, hashedUid } from './buildCrash.ts';
import { faultFacts } from './faultFacts.ts';
import { type FrameFacts, frameText, TOP_FRAMES } from './frameText.ts';
import { originalName } from './originalName.ts';
import type { ParsedCrashes } from './parsedCrashes.ts';

/** Header fields read from a text report (first occurrence of each wins). */
const FIELDS = [
  'Incident Identifier',
  'Hardware Model',
  'Process',
  'Date/Time',
  'OS Version',
  'Exception Type',
  'Exception Subtype',
  'Exception Codes',
  'Crashed Thread',
  'Triggered by Thread',
] as const;
type Field = (typeof FIELDS)[number];

const FIELD_RE = new RegExp(`^(${FIELDS.map((f) => f.replace('/', '\\/')).join('|')}):\\s*(.*)$`);
const FRAME_RE = /^\d+\s+(.+?)\s+(0x[0-9a-fA-F]+)\s+(.+?)\s*$/;

/** Reads one frame line `0   libsystem_kernel.dylib   0x18e7d2600 __pthread_kill + 8`. */
function frameLine(line: string): FrameFacts | null {
  const m = FRAME_RE.exec(line);
  if (!m) return null;
  const [, image, , rest] = m;
  const unsym = /^0x[0-9a-fA-F]+ \+ (\d+)$/.exec(rest);
  if (unsym) return { image, symbol: null, symbolOffset: null, imageOffset: Number(unsym[1]) };
  const sym = /^(.*?) \+ (\d+)(?:\s+\([^()]*\))?$/.exec(rest);
  if (sym) return { image, symbol: sym[1], symbolOffset: Number(sym[2]), imageOffset: null };
  return { image, symbol: rest, symbolOffset: null, imageOffset: null };
}

/**
 * Parses a legacy text `.crash` report, with or without the one-line JSON
 * header newer systems put first: "Process:", "Date/Time:", "OS Version:",
 * "Hardware Model:", "Exception Type:" (`EXC_BAD_ACCESS (SIGSEGV)`),
 * "Exception Subtype:" or a `KERN_…` "Exception Codes:", "Crashed Thread:" /
 * "Triggered by Thread:", then the frames under "Thread N Crashed:".
 * Frames are stored like `.ips` frames, so one report in both formats gives
 * the same crash uid (`incident:` + id) and signature. Never throws.
 */
export function parseCrashText(text: string, path: string): ParsedCrashes {
  try {
    return parseUnchecked(text, path);
  } catch (err) {
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: `unreadable .crash: ${(err as Error).message}` }],
    };
  }
}

function parseUnchecked(text: string, path: string): ParsedCrashes {
  if (looksBinary(text))
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: 'binary content, not a crash report' }],
    };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: Problem[] = [];
  let header: Record<string, unknown> = {};
  if (lines[0]?.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(lines[0]);
      if (parsed && typeof parsed === 'object') header = parsed;
    } catch {
      problems.push({ line: 1, message: 'first line looks like a JSON header but is not JSON' });
    }
  }
  const fields = new Map<Field, string>();
  let crashedHeading = -1;
  let wanted: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FIELD_RE.exec(line);
    if (f && !fields.has(f[1] as Field)) {
      fields.set(f[1] as Field, f[2].trim());
      if (f[1] === 'Crashed Thread' || f[1] === 'Triggered by Thread') wanted = Number.parseInt(f[2], 10);
      continue;
    }
    const t = /^Thread (\d+) Crashed:/.exec(line);
    if (t && crashedHeading < 0 && (wanted === null || Number.isNaN(wanted) || Number(t[1]) === wanted)) {
      crashedHeading = i;
    }
  }
  const frames: FrameFacts[] = [];
  if (crashedHeading >= 0) {
    for (let i = crashedHeading + 1; i < lines.length; i++) {
      const f = frameLine(lines[i]);
      if (!f) break;
      frames.push(f);
    }
  }
  const typeField = fields.get('Exception Type') ?? null;
  if (!typeField && frames.length === 0) {
    return {
      crashes: [],
      captures: [],
      problems: [
        ...problems,
        { line: null, message: 'not a crash report: no "Exception Type:" and no crashed thread' },
      ],
    };
  }
  if (!typeField) problems.push({ line: null, message: 'no "Exception Type:" line' });
  if (crashedHeading < 0) problems.push({ line: null, message: 'no "Thread N Crashed:" section: no frames' });

  const typeMatch = typeField ? /^(\S+)(?:\s+\((\w+)\))?/.exec(typeField) : null;
  const type = typeMatch?.[1] ?? null;
  const codes = fields.get('Exception Codes') ?? null;
  const subtype = fields.get('Exception Subtype') ?? (codes?.startsWith('KERN_') ? codes : null);
  const fault = faultFacts(subtype);
  if (!fault.fault_address && type === 'EXC_BAD_ACCESS' && codes) {
    const second = codes.split(/,\s*/)[1];
    if (second && /^0x[0-9a-fA-F]+$/.test(second)) fault.fault_address = second.toLowerCase();
  }
  const proc = /^(.*?)\s*\[(\d+)\]\s*$/.exec(fields.get('Process') ?? '');
  const process = proc
    ? proc[1]
    : (fields.get('Process') ?? (typeof header.app_name === 'string' ? header.app_name : null));
  const pid = proc ? Number(proc[2]) : null;
  const captured_at = appleTimeToIso(fields.get('Date/Time'));
  const incident =
    fields.get('Incident Identifier') ?? (typeof header.incident_id === 'string' ? header.incident_id : null);

  const crash = buildCrash({
    line: 1,
    crash_uid: incident ? `incident:${incident}` : hashedUid('crash', [process, pid, captured_at]),
    captured_at,
    process: process || null,
    pid,
    exception_type: type,
    signal: typeMatch?.[2] ?? null,
    subtype,
    fault_address: fault.fault_address,
    pac_failure: fault.pac_failure,
    crashed_symbol: frames[0]?.symbol ?? null,
    frames: frames.slice(0, TOP_FRAMES).map(frameText),
    original_name: originalName(path),
    duplicates_folded: 0,
    os_version:
      fields.get('OS Version') ?? (typeof header.os_version === 'string' ? header.os_version : null),
    model: fields.get('Hardware Model') ?? null,
    round_uid: null,
  });
  return { crashes: [crash], captures: [], problems };
}
