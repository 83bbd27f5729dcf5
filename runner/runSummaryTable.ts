/**
 * The table a run prints when it ends, one row per configuration (after
 * hyperfine's summary): rounds, passed, the failed attempts by kind (crash,
 * timeout, wrong result), the round pass rate with its 95% Wilson interval,
 * and the median, fastest and slowest round.
 */
import { formatPercent } from '../analysis/stats/index.ts';
import type { LogEvent } from '../store/roundLog.ts';
import type { AttemptOutcome } from '../store/vocabulary.ts';
import { readLogEvents } from './logFile.ts';
import { durationText } from './progress.ts';
import { wilson } from './wilson.ts';

/** One configuration's completed rounds in a log. */
export interface ConfigRunSummary {
  config: string;
  rounds: number;
  passed: number;
  /** Attempts that did not pass, by outcome (crash, timeout, fail); a crash report's revision counts. */
  failed: { crash: number; timeout: number; fail: number };
  /** Round durations in seconds, as logged. */
  durations: number[];
}

/**
 * The completed rounds of `events` (a round log, as `readLogEvents` gives it), per configuration in order of
 * first appearance; an attempt's outcome is its `crash_reports` revision when one follows.
 */
export function summarizeRun(events: readonly LogEvent[]): ConfigRunSummary[] {
  const outcome = new Map<string, AttemptOutcome>();
  const attemptsOf = new Map<string, string[]>();
  const byConfig = new Map<string, ConfigRunSummary>();
  for (const e of events) {
    if (e.type === 'attempt') {
      const key = `${e.round_uid}#${e.attempt}`;
      outcome.set(key, e.outcome);
      const list = attemptsOf.get(e.round_uid) ?? [];
      if (!list.includes(key)) list.push(key);
      attemptsOf.set(e.round_uid, list);
    } else if (e.type === 'crash_reports' && e.outcome !== null) {
      outcome.set(`${e.round_uid}#${e.attempt}`, e.outcome);
    } else if (e.type === 'round') {
      const s = byConfig.get(e.config) ?? {
        config: e.config,
        rounds: 0,
        passed: 0,
        failed: { crash: 0, timeout: 0, fail: 0 },
        durations: [],
      };
      s.rounds++;
      if (e.status === 'pass') s.passed++;
      for (const key of attemptsOf.get(e.round_uid) ?? []) {
        const o = outcome.get(key);
        if (o === 'crash' || o === 'timeout' || o === 'fail') s.failed[o]++;
      }
      if (Number.isFinite(e.duration_s)) s.durations.push(e.duration_s);
      byConfig.set(e.config, s);
    }
  }
  return [...byConfig.values()];
}

function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A duration for the table: `850ms`, `12.3s`, or `1m05s`. */
function seconds(s: number | null): string {
  if (s === null) return '–';
  if (s < 1) return `${Math.round(s * 1000)}ms`;
  if (s < 60) return `${s.toFixed(1)}s`;
  return durationText(s);
}

/** `2 crash, 1 timeout` (kinds with none left out; `–` when none failed). */
function failedText(f: ConfigRunSummary['failed']): string {
  const parts = (['crash', 'timeout', 'fail'] as const).filter((k) => f[k] > 0).map((k) => `${f[k]} ${k}`);
  return parts.length ? parts.join(', ') : '–';
}

/**
 * The summary table, columns aligned (numbers to the right), as lines without a trailing newline.
 *
 * @example summaryTable([{config: 'native', rounds: 20, passed: 17, failed: {crash: 3, timeout: 0, fail: 0},
 *   durations: [10, 11, 12]}])
 * // ['config  rounds  passed  failed attempts  pass rate [95% Wilson]  median  min    max', …]
 */
export function summaryTable(rows: readonly ConfigRunSummary[]): string[] {
  const header = [
    'config',
    'rounds',
    'passed',
    'failed attempts',
    'pass rate [95% Wilson]',
    'median',
    'min',
    'max',
  ];
  const right = [false, true, true, false, false, true, true, true];
  const body = rows.map((r) => {
    const w = wilson(r.passed, r.rounds);
    const rate =
      r.rounds === 0
        ? '–'
        : `${formatPercent(w.estimate)} [${formatPercent(w.lower)}–${formatPercent(w.upper)}]`;
    return [
      r.config,
      String(r.rounds),
      String(r.passed),
      failedText(r.failed),
      rate,
      seconds(median(r.durations)),
      seconds(r.durations.length ? Math.min(...r.durations) : null),
      seconds(r.durations.length ? Math.max(...r.durations) : null),
    ];
  });
  const widths = header.map((h, i) => Math.max([...h].length, ...body.map((b) => [...b[i]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)];
}

/**
 * The summary table of a run's log file (every completed round of the run, resumed parts included); no lines when
 * the log has no completed round or cannot be read.
 */
export function runSummaryLines(logFile: string): string[] {
  let events: LogEvent[];
  try {
    events = readLogEvents(logFile);
  } catch {
    return [];
  }
  const rows = summarizeRun(events);
  return rows.length ? summaryTable(rows) : [];
}
