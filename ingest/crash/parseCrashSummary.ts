import type { CrashCaptureRow, CrashRow, Problem } from '../../store/rawTables.ts';
import { looksBinary } from './binaryText.ts';
import { buildCrash } from './buildCrash.ts';
import { faultFacts } from './faultFacts.ts';
import { jsonArrayOffsets } from './jsonArrayOffsets.ts';
import { jsonFailure } from './jsonFailure.ts';
import { lineIndex } from './lineIndex.ts';
import { capturePrefixTime, originalName, reportNameParts } from './originalName.ts';
import type { ParsedCrashes } from './parsedCrashes.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

interface Entry {
  index: number;
  line: number;
  file: string;
  timestamp: string | null;
  info: Json;
}

/**
 * UTC time of the crash itself: the original name holds the local crash time
 * (`Python-2025-12-23-104640.ips`), the `file` prefix the local copy time and
 * `timestamp` the same copy time in UTC, so their difference (rounded to 15
 * minutes) is the zone offset. Falls back to the copy timestamp.
 */
function crashTime(entry: Entry, name: string): string | null {
  const copyUtc = entry.timestamp ? Date.parse(entry.timestamp) : Number.NaN;
  const copyLocal = capturePrefixTime(entry.file);
  const parts = reportNameParts(name);
  if (!Number.isNaN(copyUtc) && copyLocal && parts) {
    const offsetMs = Math.round((copyUtc - Date.parse(`${copyLocal}Z`)) / 900_000) * 900_000;
    const t = Date.parse(`${parts.localTime}Z`) + offsetMs;
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return copyTime(entry);
}

/** The copy's own capture time in UTC (`timestamp`), or null when it has none or it is no date. */
function copyTime(entry: Entry): string | null {
  const t = entry.timestamp ? Date.parse(entry.timestamp) : Number.NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** One `crash_captures` row per entry: every copy of every original, with its own time and line. */
function captureOf(name: string, entry: Entry): CrashCaptureRow {
  return {
    crash_uid: `summary:${name}`,
    line: entry.line,
    captured_at: copyTime(entry),
    file: entry.file,
    original_name: name,
  };
}

function crashFromGroup(name: string, group: Entry[]): CrashRow {
  const first = group.reduce((a, b) => ((b.timestamp ?? '') < (a.timestamp ?? '') ? b : a));
  const { info } = first;
  const exception = str(info.exception);
  const dash = exception ? exception.indexOf(' - ') : -1;
  const type = exception ? (dash >= 0 ? exception.slice(0, dash) : exception).trim() : null;
  const subtype = exception && dash >= 0 ? exception.slice(dash + 3).trim() : null;
  const crashedIn = str(info.crashed_in);
  const fault = faultFacts(subtype);
  return buildCrash({
    line: first.line,
    crash_uid: `summary:${name}`,
    captured_at: crashTime(first, name),
    process: str(info.process) ?? reportNameParts(name)?.process ?? null,
    pid: null,
    exception_type: type,
    signal: null,
    subtype,
    fault_address: str(info.fault_address)?.toLowerCase() ?? fault.fault_address,
    pac_failure: fault.pac_failure,
    crashed_symbol: crashedIn ? crashedIn.replace(/^\[\d+\]\s*/, '').replace(/ \+ \d+$/, '') : null,
    frames: crashedIn ? [crashedIn] : [],
    original_name: name,
    duplicates_folded: group.length - 1,
    os_version: null,
    model: null,
    round_uid: null,
  });
}

/**
 * Parses the team's `crash_summary.json` (`{crashes: [{timestamp, file, info:
 * {process, exception, fault_address, crashed_in}}], last_check, total_files}`)
 * into one crash per DISTINCT original report: entries whose `file` differs
 * only in the `YYYYMMDD_HHMMSS_` capture prefix are one crash, kept once with
 * `duplicates_folded` = the extra copies and `line` = the line where its
 * earliest copy's entry starts. Entries with an empty `info` (GPU event
 * reports) are crashes with unknown details; their process comes from the name.
 * `exception` (`EXC_BAD_ACCESS - KERN_INVALID_ADDRESS at 0x… -> 0x… (possible
 * pointer authentication failure)`) is split into type and subtype; `crashed_in`
 * is kept verbatim as the single frame. Every entry is also one capture
 * (`captures`, in entry order): the copy's time, file and line, so that the
 * copies folded into one crash stay countable. Never throws.
 */
export function parseCrashSummary(text: string, _path: string): ParsedCrashes {
  try {
    return parseUnchecked(text);
  } catch (err) {
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: `unreadable crash summary: ${(err as Error).message}` }],
    };
  }
}

function parseUnchecked(text: string): ParsedCrashes {
  if (looksBinary(text))
    return {
      crashes: [],
      captures: [],
      problems: [{ line: null, message: 'binary content, not a crash summary' }],
    };
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { crashes: [], captures: [], problems: [jsonFailure(err, text, 1, 'crash summary')] };
  }
  if (!isObject(root) || !Array.isArray(root.crashes)) {
    return {
      crashes: [],
      captures: [],
      problems: [{ line: 1, message: 'not a crash summary: no "crashes" array' }],
    };
  }
  const problems: Problem[] = [];
  const offsets = jsonArrayOffsets(text, 'crashes');
  const lineAtOffset = lineIndex(text);
  const lineOf = (i: number): number | null => (offsets[i] !== undefined ? lineAtOffset(offsets[i]) : null);
  const groups = new Map<string, Entry[]>();
  root.crashes.forEach((raw, index) => {
    const line = lineOf(index);
    const file = isObject(raw) ? str(raw.file) : null;
    const name = file ? originalName(file) : null;
    if (!isObject(raw) || !file || !name) {
      problems.push({ line, message: `crashes[${index}] has no "file": skipped` });
      return;
    }
    const entry: Entry = {
      index,
      line: line ?? 1,
      file,
      timestamp: str(raw.timestamp),
      info: isObject(raw.info) ? raw.info : {},
    };
    const group = groups.get(name);
    if (group) {
      if (JSON.stringify(group[0].info) !== JSON.stringify(entry.info)) {
        problems.push({
          line,
          message: `crashes[${index}] repeats ${name} with different details; the earliest copy is kept`,
        });
      }
      group.push(entry);
    } else groups.set(name, [entry]);
  });
  const total = typeof root.total_files === 'number' ? root.total_files : null;
  if (total !== null && total !== root.crashes.length) {
    problems.push({
      line: null,
      message: `total_files says ${total} but the summary lists ${root.crashes.length} entries`,
    });
  }
  const crashes = [...groups].map(([name, group]) => crashFromGroup(name, group));
  const captures = [...groups]
    .flatMap(([name, group]) => group.map((entry) => captureOf(name, entry)))
    .sort((a, b) => a.line - b.line);
  return { crashes, captures, problems };
}
