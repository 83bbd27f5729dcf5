/**
 * Checks a report's "new crash" count against the crash captures. Periodic
 * reports state how many crash logs the team's crash folder held before and
 * after their session (`Crash Logs: 248 → 249 (+1 new crash)`). The folder is
 * filled by a collector that copies crash reports — and it copies the same
 * old report again and again (`crash_summary.json` lists 274 captures of 48
 * originals), so a count that rose is not a new crash until the capture
 * behind it is found and its original was never captured before.
 *
 * The join, for each statement of k > 0 new crashes (k = `crash_logs_new`, else
 * after − before) at the report's time T (analysis/reportInstant.ts):
 * - the session window runs from the previous crash-log reading (the latest
 *   time before T of another report that states a crash-log count; at most
 *   {@link MAX_SESSION_MS} before T) to T, widened by {@link TOLERANCE_MS} on
 *   each side (stated times are minutes, and a count can be read a little
 *   before or after the report is written);
 * - within it, by count when the report states before and after: the crash
 *   folder's count is the number of captures made so far, so the captures
 *   numbered before+1 … after (in capture-time order, per summary) are the
 *   ones counted; else by time: the k latest captures made by T (to the minute);
 * - each matched capture is `re-copy` when its original was captured earlier
 *   (`re-copy of NAME, first captured TIME`), `before session` when it is the
 *   first capture of a crash from before the window, else `new`; a statement
 *   with nothing to match gets one `unmatched` row with the reason.
 * A crash-log delta is weaker evidence than a run's own status: these rows
 * check it, they decide no round's outcome.
 */
import type { NEW_CRASH_CHECKS } from '../store/derivedTables.ts';
import type { RowOf } from '../store/tableSpec.ts';
import { offsetReadings } from './localZone.ts';
import { reportInstant } from './reportInstant.ts';

/** A report's crash-log statement: the metrics on one of its lines, and the report's own time. */
export interface CrashLogStatement {
  source_id: string;
  line: number;
  source_path: string | null;
  worker_n: number | null;
  /** `reports.reported_at` of the statement's report. */
  reported_at: string | null;
  crash_logs_new: number | null;
  crash_logs_before: number | null;
  crash_logs_after: number | null;
}

/** A capture a crash summary listed. */
export interface CaptureRecord {
  crash_uid: string;
  source_id: string;
  line: number;
  captured_at: string | null;
  file: string;
  original_name: string | null;
}

/** One row of `new_crash_checks`. */
export type NewCrashCheck = RowOf<typeof NEW_CRASH_CHECKS>;

/** Widening of the session window on each side. */
export const TOLERANCE_MS = 15 * 60_000;
/** The longest a session window reaches back when no earlier reading bounds it. */
export const MAX_SESSION_MS = 6 * 3_600_000;
/** Stated times are to the minute: a capture within the report's minute was made "by" it. */
const MINUTE_MS = 60_000;

interface Numbered extends CaptureRecord {
  ms: number;
  no: number;
}

const utc = (ms: number) => new Date(ms).toISOString();
const shown = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The check rows of every statement stating k > 0 new crashes, ordered by
 * statement (source, line) and capture time. `crashTimes` maps an original
 * report name to the time of the crash itself (`crashes.captured_at`).
 * Statements of no new crash are readings only (they bound the windows).
 * Deterministic; no statements → [].
 */
export function newCrashChecks(
  statements: readonly CrashLogStatement[],
  captures: readonly CaptureRecord[],
  crashTimes: ReadonlyMap<string, string>,
): NewCrashCheck[] {
  const readings = offsetReadings(captures);
  const numbered = numberCaptures(captures);
  const first = new Map<string, Numbered>();
  for (const c of numbered) if (c.original_name && !first.has(c.original_name)) first.set(c.original_name, c);
  const timed = statements.map((s) => ({ s, instant: reportInstant(s.reported_at, readings) }));
  const readingTimes = timed
    .filter(({ instant }) => instant.at !== null)
    .map(({ s, instant }) => ({ source_id: s.source_id, ms: Date.parse(instant.at as string) }));

  const rows: NewCrashCheck[] = [];
  for (const { s, instant } of timed) {
    const k = statedNew(s);
    if (k <= 0) continue;
    const base: NewCrashCheck = {
      source_id: s.source_id,
      line: s.line,
      source_path: s.source_path,
      worker_n: s.worker_n,
      reported_at: s.reported_at,
      report_time: instant.at,
      time_rule: instant.rule,
      stated_new: k,
      crash_logs_before: s.crash_logs_before,
      crash_logs_after: s.crash_logs_after,
      window_start: null,
      window_end: null,
      captures_in_window: null,
      matched_by: null,
      capture_no: null,
      capture_source_id: null,
      capture_line: null,
      captured_at: null,
      capture_file: null,
      original_name: null,
      crash_uid: null,
      crash_time: null,
      first_captured_at: null,
      first_capture_no: null,
      flag: 'unmatched',
      note: `not checked: ${instant.rule}`,
    };
    if (instant.at === null) {
      rows.push(base);
      continue;
    }
    const t = Date.parse(instant.at);
    const previous = readingTimes
      .filter((r) => r.source_id !== s.source_id && r.ms < t)
      .reduce((m, r) => Math.max(m, r.ms), t - MAX_SESSION_MS);
    const start = previous - TOLERANCE_MS;
    const end = t + TOLERANCE_MS;
    const inWindow = numbered.filter((c) => c.ms >= start && c.ms <= end);
    const window = {
      window_start: utc(start),
      window_end: utc(end),
      captures_in_window: inWindow.length,
    };
    const { matched, by } = matchCaptures(s, k, t, inWindow);
    if (matched.length === 0) {
      rows.push({
        ...base,
        ...window,
        note: `no crash capture between ${shown(utc(start))} and ${shown(utc(end))}`,
      });
      continue;
    }
    for (const c of matched) {
      const original = c.original_name ? first.get(c.original_name) : undefined;
      const crashTime = c.original_name ? (crashTimes.get(c.original_name) ?? null) : null;
      const row: NewCrashCheck = {
        ...base,
        ...window,
        matched_by: by,
        capture_no: c.no,
        capture_source_id: c.source_id,
        capture_line: c.line,
        captured_at: utc(c.ms),
        capture_file: c.file,
        original_name: c.original_name,
        crash_uid: c.crash_uid,
        crash_time: crashTime,
        first_captured_at: original ? utc(original.ms) : null,
        first_capture_no: original ? original.no : null,
      };
      const name = c.original_name ?? c.file;
      if (original && original !== c && original.ms <= c.ms) {
        row.flag = 're-copy';
        row.note = `re-copy of ${name}, first captured ${shown(utc(original.ms))} (#${original.no})`;
      } else if (crashTime && Date.parse(crashTime) < start) {
        row.flag = 'before session';
        row.note = `first capture of ${name}, but the crash itself is from ${shown(crashTime)}, before this session`;
      } else {
        row.flag = 'new';
        row.note = `first capture of ${name}${crashTime ? `, crashed ${shown(crashTime)}` : ''}`;
      }
      rows.push(row);
    }
  }
  return rows.sort(
    (a, b) =>
      (a.source_id ?? '').localeCompare(b.source_id ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.captured_at ?? '').localeCompare(b.captured_at ?? '') ||
      (a.capture_line ?? 0) - (b.capture_line ?? 0),
  );
}

/** How many new crashes a statement claims: `crash_logs_new`, else after − before (0 when neither). */
export function statedNew(s: CrashLogStatement): number {
  if (s.crash_logs_new !== null) return s.crash_logs_new;
  if (s.crash_logs_before !== null && s.crash_logs_after !== null)
    return s.crash_logs_after - s.crash_logs_before;
  return 0;
}

/**
 * Captures with a time, numbered 1, 2, … per summary in capture-time order
 * (then by line): a crash folder's count after the n-th capture is n.
 */
function numberCaptures(captures: readonly CaptureRecord[]): Numbered[] {
  const bySource = new Map<string, Numbered[]>();
  for (const c of captures) {
    const ms = c.captured_at ? Date.parse(c.captured_at) : Number.NaN;
    if (Number.isNaN(ms)) continue;
    const list = bySource.get(c.source_id);
    const n = { ...c, ms, no: 0 };
    if (list) list.push(n);
    else bySource.set(c.source_id, [n]);
  }
  const out: Numbered[] = [];
  for (const list of bySource.values()) {
    list.sort((a, b) => a.ms - b.ms || a.line - b.line);
    list.forEach((c, i) => {
      c.no = i + 1;
    });
    out.push(...list);
  }
  return out.sort((a, b) => a.ms - b.ms || a.source_id.localeCompare(b.source_id) || a.line - b.line);
}

/** The captures a statement counted: by the stated before/after numbers when they fit, else the k latest by T. */
function matchCaptures(
  s: CrashLogStatement,
  k: number,
  t: number,
  inWindow: readonly Numbered[],
): { matched: Numbered[]; by: 'count' | 'time' } {
  const { crash_logs_before: before, crash_logs_after: after } = s;
  if (before !== null && after !== null && after > before) {
    const counted = inWindow.filter((c) => c.no > before && c.no <= after);
    if (counted.length === after - before) return { matched: counted, by: 'count' };
  }
  const byT = inWindow.filter((c) => c.ms < t + MINUTE_MS);
  return { matched: byT.slice(Math.max(0, byT.length - k)), by: 'time' };
}
