/**
 * Per-round tables → `rounds` rows (origin 'report').
 *
 * Header variants (MAP §4): `Round|Status|Retries|Efficiency|Notes`,
 * `Round|Result|Retries|Efficiency (8T)`, `Round|Result|Retries`,
 * `Round|Status|8-Thread Efficiency`, `Round|Status|Efficiency`,
 * `Round|Ops|Efficiency|Status`, `Round|Efficiency`, `Run|Efficiency`,
 * `Round|Result`, `Run|Result`, `Cycle|Round|Status|Notes` (cycle is not the
 * round), `Round|Operation|Threads|Batches|Result` (the op-level shape test,
 * workload `op_shape`), `Run|Thread Safety|Efficiency|Batching|Correctness|Crashes`
 * (a run's status is the worst outcome its chapter cells state).
 * `Round|Threads|Ops|Errors` with `N=2511` ids: rounds of an unnamed stress
 * workload (`stress`), passed when their errors are 0; the `N=` id is the round
 * number. (The family is doubtful: nothing in those files says whether a
 * "round" is a process; see README.) Other tables with `N=` ids are not round
 * tables.
 * Not round tables: code-review tables whose status is `Clean`/`LOW - Accepted`
 * (no pass/fail and no efficiency), and batch tables (a Rounds/Passed/Pass
 * Rate column; see batches.ts).
 */

import type { RoundRow } from '../../store/rawTables.ts';
import type { RoundStatus } from '../../store/vocabulary.ts';
import type { TableBlock } from './blocks.ts';
import { fixVariantOf } from './fixVariant.ts';
import { roundRangeIn, wrapperIn } from './headingContext.ts';
import { normHeader } from './normHeader.ts';
import { isMissing, parseNumber } from './numbers.ts';
import { rowEnvironment } from './rowEnvironment.ts';
import { outcomeAt, type RunOutcome, worseOutcome } from './runOutcome.ts';
import { threadsIn } from './threadsIn.ts';

/** Column indexes of a per-round table. */
export interface RoundColumns {
  round: number;
  /** True when the round column is `Run` (local run ordinals, not global round numbers). */
  isRun: boolean;
  status: number;
  retries: number;
  efficiency: number;
  notes: number;
  threads: number;
  /** An `Errors` column (stress rounds: 0 errors is a pass). */
  errors: number;
  /** An `Operation` column (the op-level shape test). */
  operation: number;
}

const BATCH_COLUMN = /^(?:rounds|passed|pass|pass\/total|pass rate|failed|fail|sessions?|round range|batch)$/;

/**
 * The columns of a per-round table, or null when the table is not one. A
 * per-round table has a `Round` (or leading `Run`) column, no batch column
 * (Rounds/Passed/Pass Rate), and a status or efficiency column.
 *
 * @example roundColumns(['Cycle', 'Round', 'Status', 'Notes']) // {round: 1, status: 2, …}
 */
export function roundColumns(header: string[]): RoundColumns | null {
  const h = header.map(normHeader);
  if (h.some((c) => BATCH_COLUMN.test(c))) return null;
  let round = h.findIndex((c) => /^(?:round|round #|round no\.?|round number)$/.test(c));
  let isRun = false;
  if (round < 0 && /^(?:run|run #)$/.test(h[0] ?? '')) {
    round = 0;
    isRun = true;
  }
  if (round < 0) return null;
  const find = (re: RegExp) => h.findIndex((c, i) => i !== round && re.test(c));
  const cols: RoundColumns = {
    round,
    isRun,
    status: find(/^(?:status|result|outcome|verdict)$/),
    retries: find(/^retr(?:y|ies)\b/),
    efficiency: find(/efficiency|^eff\b/),
    notes: find(/^(?:notes?|details|comment)$/),
    threads: find(/^threads?$/),
    errors: find(/^errors?$/),
    operation: find(/^(?:operation|op)$/),
  };
  const stress = cols.errors >= 0 && cols.threads >= 0;
  if (cols.status < 0 && cols.efficiency < 0 && !stress) return null;
  return cols;
}

/**
 * Failed rounds whose crashed attempts were read from a retries count (`FAIL |
 * 3 (exhausted)`, "SIGSEGV after 3 retries"): how many attempts that was
 * depends on the wrapper's maximum, which only the whole file may state
 * (roundStatus.ts `settleRetries`).
 */
export const FAILED_AFTER_RETRIES = new WeakSet<RoundRow>();

/**
 * A round status from a cell: `PASS`, `PASS (retry)`, `**PASS**`, `✅` → pass;
 * `FAIL`, `CRASH`, `SIGSEGV` → fail; `ERROR` → error; `TIMEOUT` → timeout;
 * anything else (e.g. `Clean`, `LOW - Accepted`) → null.
 *
 * @example parseRoundStatus('PASS (retry)') // 'pass'
 */
export function parseRoundStatus(cell: string): RoundStatus | null {
  const s = cell.trim();
  if (/^(?:✅|✓|pass(?:ed)?\b|ok\b)/i.test(s)) return 'pass';
  if (/^(?:❌|✗|fail(?:ed|ure)?\b|crash(?:ed)?\b|sigsegv\b|sigbus\b|segfault\b)/i.test(s)) return 'fail';
  if (/^error\b/i.test(s)) return 'error';
  if (/^(?:timeout|timed out)\b/i.test(s)) return 'timeout';
  return null;
}

/**
 * Crashed attempts from a Retries cell (`2` → 2, `3 (exhausted)` → 3, `-` → null)
 * or a note (`After 2 retries`, `1 retry`, `Clean` → 0, `SIGSEGV after 3 retries` → 3).
 */
export function parseRetries(cell: string, note = false): number | null {
  if (isMissing(cell)) return null;
  if (!note) {
    const m = /^\s*(\d{1,2})\b/.exec(cell);
    return m ? Number(m[1]) : null;
  }
  const m = /(\d{1,2})\s+retr(?:y|ies)\b/i.exec(cell);
  if (m) return Number(m[1]);
  if (/^\s*clean\s*$/i.test(cell)) return 0;
  return null;
}

function roundNumber(cell: string, ids = false): number | null {
  const m = (ids ? /^\s*(?:#|N\s*=\s*)?(\d{1,6})\s*$/i : /^\s*#?(\d{1,6})\s*$/).exec(cell);
  return m ? Number(m[1]) : null;
}

/** A stress round's `N=2511`-style id table: `Round|Threads|Ops|Errors`. */
function isStressTable(cols: RoundColumns): boolean {
  return cols.errors >= 0 && cols.threads >= 0 && cols.status < 0;
}

/** The worst outcome a row's cells state (for tables without a status column), or null. */
function cellsOutcome(cells: { text: string }[], skip: number): RunOutcome | null {
  let o: RunOutcome | null = null;
  cells.forEach((c, i) => {
    if (i !== skip) o = worseOutcome(o, outcomeAt(c.text)?.outcome ?? null);
  });
  return o;
}

/**
 * Rounds of one per-round table. Round uids are local (`L<line>`); the
 * ingester prefixes the source id. A `Run` table under a heading stating a
 * round range of the same size ("(Rounds 2181-2185)", runs 1..5) maps run i to
 * round first+i-1. Bold rows (`**Mean**`, `**Total**`, `**Summary**`) and rows
 * whose round cell is not a plain number are not rounds.
 */
export function extractRounds(block: TableBlock): RoundRow[] {
  const cols = roundColumns(block.header);
  if (!cols) return [];
  const stress = isStressTable(cols);
  if (!stress && block.rows.some((r) => /^\s*N\s*=/i.test(r.cells[cols.round]?.text ?? ''))) return [];
  const ctx = block.context;
  const headerThreads = cols.efficiency >= 0 ? threadsIn(block.header[cols.efficiency]) : null;
  const body = block.rows.filter(
    (r) => !r.cells[0]?.bold && roundNumber(r.cells[cols.round]?.text ?? '', stress) != null,
  );
  let runOffset: number | null = null;
  if (cols.isRun) {
    for (let i = ctx.headingPath.length - 1; i >= 0 && runOffset == null; i--) {
      const range = roundRangeIn(ctx.headingPath[i]);
      const runs = body.map((r) => roundNumber(r.cells[cols.round].text));
      if (range && range.last - range.first + 1 === body.length && runs.every((n, k) => n === k + 1))
        runOffset = range.first - 1;
    }
  }
  const rows: RoundRow[] = [];
  let statusSeen = false;
  // Retries shown anywhere in the table (a Retries column, "1 retry" notes) mean the retry wrapper ran the table.
  const retried =
    cols.retries >= 0 ||
    body.some((r) => /\b[1-9]\d?\s+retr(?:y|ies)\b|\(retry\)/i.test(r.cells.map((c) => c.text).join(' ')));
  for (const r of body) {
    const cell = (i: number) => (i >= 0 ? (r.cells[i]?.text ?? '') : '');
    const rowText = r.cells.map((c) => c.text).join(' | ');
    let status = cols.status >= 0 ? parseRoundStatus(cell(cols.status)) : null;
    if (stress) {
      const errors = parseNumber(cell(cols.errors));
      if (errors && !errors.range && Number.isInteger(errors.value) && errors.value >= 0)
        status = errors.value === 0 ? 'pass' : 'fail';
    } else if (cols.status < 0) {
      // No status column: the worst outcome its cells state (`PASS 160/160`, `CRASH`), if any.
      const o = cellsOutcome(r.cells, cols.round);
      status = o == null ? null : o === 'pass' ? 'pass' : o === 'timeout' || o === 'error' ? o : 'fail';
    }
    if (status) statusSeen = true;
    let crashed = cols.retries >= 0 ? parseRetries(cell(cols.retries)) : null;
    if (crashed == null && cols.status >= 0) {
      const m = /\((\d{1,2})\s+retr(?:y|ies)\)/i.exec(cell(cols.status));
      if (m) crashed = Number(m[1]);
    }
    if (crashed == null && cols.notes >= 0 && cols.retries < 0)
      crashed = parseRetries(cell(cols.notes), true);
    if (crashed == null && status === 'fail') {
      const m = /(\d{1,2})\s+attempts/i.exec(rowText);
      if (m) crashed = Number(m[1]);
    }
    let efficiency: number | null = null;
    if (cols.efficiency >= 0) {
      const p = parseNumber(cell(cols.efficiency));
      if (p && !p.range && (p.unit === '%' || p.unit == null) && p.value >= 0 && p.value <= 100)
        efficiency = p.value;
    }
    const rowThreads = cols.threads >= 0 ? roundNumber(cell(cols.threads)) : null;
    // What the row or its table header states itself; the rest comes from the context.
    const own = {
      workload: stress ? 'stress' : cols.operation >= 0 && cell(cols.operation) ? 'op_shape' : null,
      threads:
        rowThreads ?? headerThreads ?? (cols.efficiency >= 0 ? threadsIn(cell(cols.efficiency)) : null),
      wrapper:
        wrapperIn(rowText) === 'none'
          ? ('none' as const)
          : ctx.wrapper
            ? null
            : retried
              ? ('retry' as const)
              : null,
      fix_variant: fixVariantOf(cell(cols.notes)),
    };
    const n = roundNumber(cell(cols.round), stress) as number;
    const fromRetries = status === 'fail' && crashed != null && !/\d{1,2}\s+attempts/i.test(rowText);
    rows.push({
      line: r.line,
      round_uid: `L${r.line}`,
      origin: 'report',
      session: null,
      ...rowEnvironment(ctx, own),
      round_no: runOffset != null ? runOffset + n : n,
      status,
      attempts: crashed == null || status == null ? null : status === 'pass' ? crashed + 1 : crashed,
      crashed_attempts: crashed,
      efficiency_pct: efficiency,
      started_at: null,
      duration_s: null,
      host: null,
    });
    if (fromRetries) FAILED_AFTER_RETRIES.add(rows[rows.length - 1]);
  }
  // A status column none of whose cells reads pass/fail (code-review "Clean") and no efficiency: not rounds.
  if (cols.status >= 0 && !statusSeen && cols.efficiency < 0) return [];
  if (rows.every((r) => r.status == null && r.efficiency_pct == null)) return [];
  return rows;
}

/**
 * Adds one table's rounds to those already read from the same report. An
 * efficiency-only table (no status column, e.g. `Round|8-thread Efficiency`
 * beside the main table) repeats rounds already listed: its values fill the
 * earlier rows (efficiency, thread count) instead of adding rounds.
 */
export function mergeRounds(existing: RoundRow[], incoming: RoundRow[]): RoundRow[] {
  if (incoming.length === 0) return existing;
  if (existing.length === 0 || incoming.some((r) => r.status != null)) return existing.concat(incoming);
  const byNo = new Map<number, RoundRow>();
  for (const r of existing) if (r.round_no != null && !byNo.has(r.round_no)) byNo.set(r.round_no, r);
  const rest: RoundRow[] = [];
  for (const r of incoming) {
    const old = r.round_no != null ? byNo.get(r.round_no) : undefined;
    if (!old) {
      rest.push(r);
      continue;
    }
    // Only the value is merged: the earlier table's labels stay as they were, so one table keeps one config.
    if (old.efficiency_pct == null) old.efficiency_pct = r.efficiency_pct;
  }
  return existing.concat(rest);
}
