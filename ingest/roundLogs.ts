/**
 * Round logs (the runner's JSONL, runner/events.ts) → `round_events`, read by
 * DuckDB's own JSON reader: no row-by-row inserts, and no copies — the runner
 * rows of `rounds`, `attempts`, `metrics` and `scaling` are views over the
 * events (ingest/roundEvents.ts). Each batch of files is read by one
 * `read_json` over all of them (DuckDB parallelises across files, not within
 * one), straight into `round_events`, inside the caller's transaction.
 *
 * A file is identified by its complete prefix (ingest/roundLogScan.ts): a torn
 * last line is neither lost nor an error, the next ingest reads it once it is
 * complete. A malformed line in the middle is a problem with its line number;
 * the rest goes in. Reading the same file again replaces its rows.
 *
 * Line numbers: when the scan found every line numbered by its `seq`, DuckDB's
 * rows carry their line as `seq`, which is checked again (every line 1…lines
 * exactly once) before it is trusted. Any other file (blank or malformed
 * lines, hand edits) is read again by a numbered scan of its own
 * (`WITH ORDINALITY`), which DuckDB runs on one thread.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../store/db.ts';
import type { Problem } from '../store/rawTables.ts';
import { ROUND_LOGS } from '../store/rawTables.ts';
import {
  EVENT_FIELDS_SELECT,
  HAS_MEASUREMENTS,
  IS_ATTEMPT,
  IS_METRIC,
  IS_ROUND,
  IS_SCALING_POINT,
  IS_UNUSABLE,
  readRoundLogJson,
} from '../store/roundEvents.ts';
import { READ_ROUND_LOG_VERSIONS } from '../store/roundLog.ts';
import { deleteRoundLogs } from './releasePaths.ts';
import { type RoundLogScan, scanRoundLog } from './roundLogScan.ts';

export interface RoundLogInput {
  path: string;
  /** The file's scan, when the caller has made it already (the file is then not read twice). */
  scan?: RoundLogScan;
  /**
   * Read it from a copy whose lines that are no JSON are left blank (each a
   * problem): for a file DuckDB's reader fails on as a whole (a JSON object
   * spread over lines makes it throw, `ignore_errors` or not).
   */
  sanitize?: boolean;
}

export interface RoundLogFileResult {
  path: string;
  source_id: string;
  bytes: number;
  rounds: number;
  attempts: number;
  metrics: number;
  scaling: number;
  problems: Problem[];
}

/**
 * JSON bytes read by one statement (and one transaction) at most. Large: a
 * `read_json` over many files keeps DuckDB's threads busy to the end (four
 * statements of two files took 1.4× one statement of eight), and rows go to
 * the database file as they are read, so memory stays near DuckDB's limit
 * (ingest/memoryLimit.ts) whatever the batch's size.
 */
export const BATCH_BYTES = 2048 * 1024 * 1024;

/** Files per batch at most (one `read_json` statement lists them all). */
export const BATCH_FILES = 2000;

interface Scanned {
  path: string;
  source_id: string;
  scan: RoundLogScan;
}

/** The log ids of a batch: file `fi` of the batch is log `first + fi`. */
interface LogIds {
  first: number;
  /** A SQL condition: `column` is one of the batch's log ids (`fis`: only those files). */
  sql(column: string, fis?: readonly number[]): string;
}

/** A file of a batch, once read: its scan, and what it gave (null: not kept, see `ReadOptions.keep`). */
export interface RoundLogRead {
  path: string;
  scan: RoundLogScan;
  result: RoundLogFileResult | null;
}

export interface ReadOptions {
  /**
   * Called once per file, in batch order, when its scan is known: false drops
   * the rows read from it (its complete lines are a source held already, or
   * a copy of another file of the batch). Default: keep every file.
   */
  keep?: (file: { path: string; scan: RoundLogScan }) => boolean;
}

/**
 * Reads a batch of round logs into `round_events`, replacing the rows of the
 * same sources, and records them in `round_logs`. Run it inside a
 * transaction (the caller's, which also records the files' sources). Files
 * given without a scan are scanned (hashed) while DuckDB reads them: the read
 * first takes every line's `seq` as its number, and a file whose scan or
 * rows disagree is read again by a numbered scan. Returns per file the rows
 * each raw table got and the problems found.
 */
export async function readRoundLogs(
  db: Db,
  inputs: readonly RoundLogInput[],
  options: ReadOptions = {},
): Promise<RoundLogRead[]> {
  const [{ last }] = await db.all<{ last: number }>(
    'SELECT coalesce(max(log_id), 0) AS last FROM round_logs',
  );
  const first = Number(last) + 1;
  const batch: LogIds = {
    first,
    sql: (column, fis) =>
      fis
        ? `${column} IN (${fis.map((fi) => first + fi).join(', ')})`
        : `${column} BETWEEN ${first} AND ${first + inputs.length - 1}`,
  };
  // Optimistic read of the files whose lines may carry their numbers; meanwhile the unscanned are scanned.
  const optimistic = [...inputs.keys()].filter(
    (fi) => !inputs[fi].sanitize && (inputs[fi].scan?.seqLines ?? true),
  );
  {
    const read = optimistic.length
      ? db.run(
          `INSERT INTO round_events SELECT ${first} + CAST([${optimistic.join(', ')}][file_index::BIGINT + 1] AS INTEGER), seq,
             ${EVENT_FIELDS_SELECT}
           FROM ${readRoundLogJson(`[${optimistic.map(() => '?').join(', ')}]`)}`,
          optimistic.map((fi) => inputs[fi].path),
        )
      : Promise.resolve();
    const scanning = (async () => {
      const out: Scanned[] = [];
      for (const f of inputs) {
        const scan = f.scan ?? (await scanRoundLog(f.path));
        out.push({ path: f.path, source_id: scan.source_id, scan });
      }
      return out;
    })();
    // Both settle before either failure is thrown: no statement is left running.
    const [r, s] = await Promise.allSettled([read, scanning]);
    if (r.status === 'rejected') throw r.reason;
    if (s.status === 'rejected') throw s.reason;
    const files = s.value;
    const kept = [...files.keys()].filter((fi) => options.keep?.(files[fi]) ?? true);
    const ids = kept.map((fi) => files[fi].source_id);
    if (new Set(ids).size !== ids.length) throw new Error('readRoundLogs: a source twice in one batch');
    // An unreadable file (empty, nothing complete, UTF-16) is kept as a record with its problem, without events.
    const readable = kept.filter((fi) => files[fi].scan.unreadable === null);
    const dropped = [...files.keys()].filter((fi) => !readable.includes(fi));
    if (dropped.length && optimistic.length)
      await db.run(`DELETE FROM round_events WHERE ${batch.sql('log_id', dropped)}`);
    await deleteRoundLogs(db, ids, first);
    await db.append(
      ROUND_LOGS,
      readable.map((fi) => ({
        log_id: first + fi,
        source_id: files[fi].source_id,
        lines: files[fi].scan.lines,
      })),
    );
    const results = new Map<number, RoundLogFileResult>(
      kept.map((fi) => {
        const { scan } = files[fi];
        return [
          fi,
          {
            path: files[fi].path,
            source_id: files[fi].source_id,
            bytes: scan.lines === 0 ? scan.bytes + scan.tornBytes : scan.bytes,
            rounds: 0,
            attempts: 0,
            metrics: 0,
            scaling: 0,
            problems: scan.unreadable ? [scan.unreadable] : [],
          },
        ];
      }),
    );
    const withEvents = readable.filter((fi) => files[fi].scan.lines > files[fi].scan.blank.length);
    const stats = new Map<number, FileStats>();
    const readBySeq = withEvents.filter((fi) => files[fi].scan.seqLines && optimistic.includes(fi));
    if (readBySeq.length) for (const st of await fileStats(db, batch, files, readBySeq)) stats.set(st.fi, st);
    // Where DuckDB does not number every complete line exactly once by its seq, the file is numbered by ordinality.
    const redo = withEvents.filter((fi) => {
      const st = stats.get(fi);
      const s = files[fi].scan;
      return !(
        st &&
        st.numbered === s.lines &&
        st.distinct_lines === s.lines &&
        st.rows - st.numbered <= (s.tornBytes > 0 ? 1 : 0)
      );
    });
    if (redo.length) {
      const readBefore = redo.filter((fi) => optimistic.includes(fi));
      if (readBefore.length)
        await db.run(`DELETE FROM round_events WHERE ${batch.sql('log_id', readBefore)}`);
      for (const fi of redo)
        results
          .get(fi)!
          .problems.push(...(await readWithOrdinality(db, first + fi, files[fi], inputs[fi].sanitize)));
      for (const st of await fileStats(db, batch, files, redo)) stats.set(st.fi, st);
    }
    for (const [fi, st] of stats) Object.assign(results.get(fi)!, countsOf(st));
    // Rows outside a file's complete lines (a torn tail, or lines written after the scan) are not events.
    await db.run(
      `DELETE FROM round_events e USING round_logs f
       WHERE f.log_id = e.log_id AND ${batch.sql('e.log_id')} AND (e.line IS NULL OR e.line NOT BETWEEN 1 AND f.lines)`,
    );
    if (withEvents.length)
      for (const p of await eventProblems(db, batch, files)) results.get(p.fi)!.problems.push(p.problem);
    // Problems in line order (those of a sanitized copy come first otherwise).
    for (const r of results.values()) r.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return files.map((f, fi) => ({ path: f.path, scan: f.scan, result: results.get(fi) ?? null }));
  }
}

type Counts = { rounds: number; attempts: number; metrics: number; scaling: number };
type FileStats = Counts & { fi: number; rows: number; numbered: number; distinct_lines: number };

/**
 * Per file `fis` of the batch: its rows, those numbered within its complete
 * lines (and how many distinct numbers), and the rows each raw table gets from
 * them (the views' own conditions, ingest/roundEvents.ts).
 */
async function fileStats(
  db: Db,
  batch: LogIds,
  files: readonly Scanned[],
  fis: readonly number[],
): Promise<FileStats[]> {
  const inRange = 'e.line BETWEEN 1 AND f.lines';
  // Distinct line numbers, counted in a bitmap of 1…the longest file's lines (cheaper than count(DISTINCT)).
  const maxLines = Math.max(1, ...fis.map((fi) => files[fi].scan.lines));
  const rows = await db.all<FileStats>(
    `SELECT CAST(e.log_id - ${batch.first} AS INTEGER) AS fi, count(*) AS rows, count(*) FILTER (${inRange}) AS numbered,
       coalesce(bit_count(bitstring_agg(e.line, 1, ${maxLines}) FILTER (${inRange})), 0) AS distinct_lines,
       count(*) FILTER (${inRange} AND ${IS_ROUND}) AS rounds,
       count(*) FILTER (${inRange} AND ${IS_ATTEMPT}) AS attempts,
       coalesce(sum(${countWhere('e.metrics', 'm', IS_METRIC)}) FILTER (${inRange} AND ${HAS_MEASUREMENTS}), 0) AS metrics,
       coalesce(sum(${countWhere('e.scaling', 's', IS_SCALING_POINT)}) FILTER (${inRange} AND ${HAS_MEASUREMENTS}), 0) AS scaling
     FROM round_events e JOIN round_logs f ON f.log_id = e.log_id
     WHERE ${batch.sql('e.log_id', fis)} GROUP BY e.log_id`,
  );
  return rows.map((r) => ({
    fi: r.fi,
    rows: Number(r.rows),
    numbered: Number(r.numbered),
    distinct_lines: Number(r.distinct_lines),
    ...countsOf(r),
  }));
}

/** SQL: how many elements of `list` (each `x`) meet `cond` (list_count of a transform: 2× cheaper than list_filter). */
const countWhere = (list: string, x: string, cond: string) =>
  `list_count(list_transform(${list}, ${x} -> CASE WHEN ${cond} THEN 1 END))`;

const countsOf = (c: Counts): Counts => ({
  rounds: Number(c.rounds),
  attempts: Number(c.attempts),
  metrics: Number(c.metrics),
  scaling: Number(c.scaling),
});

/**
 * Reads one file numbering DuckDB's rows (blank lines skipped) back to line
 * numbers; rows past the prefix are dropped. A file with CR line ends is read
 * from a copy of its complete lines with LF ends; a file read `sanitize`d from
 * a copy whose lines that are no JSON are blank, each of them a problem
 * (returned).
 */
async function readWithOrdinality(
  db: Db,
  logId: number,
  file: Scanned,
  sanitize = false,
): Promise<Problem[]> {
  const copy =
    file.scan.lineEnd === 'CR' || sanitize ? await readableCopy(file.path, file.scan, sanitize) : null;
  try {
    const blank = copy?.skipped.length
      ? [...file.scan.blank, ...copy.skipped.map((p) => p.line!)].sort((a, b) => a - b)
      : file.scan.blank;
    const events = file.scan.lines - blank.length; // complete, non-blank lines = rows DuckDB yields for them
    // Row k of DuckDB's scan (blank lines skipped) → line number in the file.
    const thresholds = blank.map((b, j) => b - j);
    const lineSql = thresholds.length
      ? `ordinality + len(list_filter([${thresholds.join(',')}], t -> t <= ordinality))`
      : 'ordinality';
    await db.run(
      `INSERT INTO round_events SELECT ${logId}, ${lineSql}, ${EVENT_FIELDS_SELECT}
       FROM ${readRoundLogJson('?')} WITH ORDINALITY WHERE ordinality <= ${events}`,
      [copy?.path ?? file.path],
    );
    return copy?.skipped ?? [];
  } finally {
    copy?.remove();
  }
}

/**
 * A temporary copy of a file's complete lines, each ended by LF whatever
 * ended it (`scan.lineEnd`); with `sanitize`, a line that is not blank and
 * not JSON is written blank, and named in `skipped`.
 */
async function readableCopy(
  path: string,
  scan: RoundLogScan,
  sanitize: boolean,
): Promise<{ path: string; remove: () => void; skipped: Problem[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'roundbook-log-'));
  const copy = join(dir, 'log.jsonl');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const end = scan.lineEnd === 'CR' ? 13 : 10;
  const skipped: Problem[] = [];
  let line = 0;
  const fixLine = (bytes: Buffer): Buffer => {
    line++;
    if (!sanitize) return bytes;
    const text = bytes.toString('utf8');
    if (text.trim() === '') return bytes;
    try {
      JSON.parse(text);
      return bytes;
    } catch (err) {
      skipped.push({ line, message: `invalid JSON (${(err as Error).message}); line skipped` });
      return Buffer.alloc(0);
    }
  };
  try {
    await pipeline(
      createReadStream(path, { start: 0, end: Math.max(0, scan.bytes - 1) }),
      async function* (chunks: AsyncIterable<Buffer>) {
        let rest = Buffer.alloc(0);
        for await (const chunk of chunks) {
          const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
          let from = 0;
          const out: Buffer[] = [];
          for (let i = data.indexOf(end, from); i >= 0; i = data.indexOf(end, from)) {
            out.push(fixLine(data.subarray(from, i)), LF_BYTE);
            from = i + 1;
          }
          rest = Buffer.from(data.subarray(from));
          if (out.length) yield Buffer.concat(out);
        }
      },
      createWriteStream(copy),
    );
  } catch (err) {
    remove();
    throw err;
  }
  return { path: copy, remove, skipped };
}
const LF_BYTE = Buffer.from('\n');

/** Lines DuckDB could not read as events, and events this reader cannot use (at most 1000 per file). */
async function eventProblems(
  db: Db,
  batch: LogIds,
  files: readonly Scanned[],
): Promise<{ fi: number; problem: Problem }[]> {
  const rows = await db.all<{
    fi: number;
    line: number;
    v: number | null;
    type: string | null;
    round_uid: string | null;
    attempt: number | null;
  }>(
    `SELECT CAST(e.log_id - ${batch.first} AS INTEGER) AS fi, CAST(e.line AS INTEGER) AS line, e.v, e.type,
       e.round_uid, e.attempt
     FROM round_events e
     WHERE ${batch.sql('e.log_id')} AND (${IS_UNUSABLE})
     QUALIFY row_number() OVER (PARTITION BY e.log_id ORDER BY e.line) <= 1000
     ORDER BY e.log_id, e.line`,
  );
  if (rows.length === 0) return [];
  const texts = new Map<number, Map<number, string>>();
  for (const fi of new Set(rows.map((r) => r.fi)))
    texts.set(
      fi,
      await linesOf(
        files[fi].path,
        files[fi].scan.lineEnd === 'CR' ? '\r' : '\n',
        new Set(rows.filter((r) => r.fi === fi && (r.v == null || r.type == null)).map((r) => r.line)),
      ),
    );
  return rows.map((r) => ({ fi: r.fi, problem: problemOf(r, texts.get(r.fi)?.get(r.line) ?? '') }));
}

function problemOf(
  r: { line: number; v: number | null; type: string | null; round_uid: string | null },
  text: string,
): Problem {
  if (r.v != null && !READ_ROUND_LOG_VERSIONS.includes(r.v))
    return {
      line: r.line,
      message: `round-log schema version ${r.v} is not one this reader knows (${READ_ROUND_LOG_VERSIONS.join(', ')}); event skipped`,
    };
  if (r.v == null || r.type == null) return { line: r.line, message: whyNotEvent(text) };
  return {
    line: r.line,
    message: `${r.type} event without ${r.round_uid == null ? 'round_uid' : 'attempt'}; skipped`,
  };
}

function whyNotEvent(text: string): string {
  try {
    const v = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object; line skipped';
    return 'JSON object without "v" and "type": not a round-log event; line skipped';
  } catch (err) {
    return `invalid JSON (${(err as Error).message}); line skipped`;
  }
}

/** Text of the given 1-based lines, ended by `lineEnd` (for problem messages; a rare path). */
async function linesOf(path: string, lineEnd: string, wanted: Set<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const max = Math.max(...wanted);
  let line = 1;
  let partial = '';
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const parts = (partial + chunk).split(lineEnd);
    partial = parts.pop() ?? '';
    for (const p of parts) {
      if (wanted.has(line)) out.set(line, p.length > 10000 ? p.slice(0, 10000) : p);
      line++;
    }
    if (line > max) break;
  }
  return out;
}
