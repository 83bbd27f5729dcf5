/**
 * Round logs (the runner's JSONL, runner/events.ts) → `rounds`, `attempts`,
 * `metrics` and `scaling`, read by DuckDB's own JSON reader — no row-by-row
 * inserts. Each batch of files is parsed once, by one `read_json` over all of
 * them (DuckDB parallelises across files, not within one), into a temporary
 * table that the four INSERT…SELECTs then read.
 *
 * A file is identified by its complete prefix: the bytes up to its last
 * newline. A torn last line (a runner still writing, or killed mid-write) is
 * outside that prefix, so it is neither lost nor an error: the next ingest,
 * once the line is complete, sees a new prefix and reads it. A malformed line
 * in the middle is a problem with its line number; the rest goes in. Ingesting
 * the same file again replaces its rows (idempotent).
 *
 * Line numbers: the runner writes event k of a file on line k with `"seq":k`
 * right after `"v"`. The scan checks that every complete line starts so (and
 * that a torn tail can only be line lines+1); DuckDB's rows then carry their
 * line as `seq`, which is checked again (every line 1…lines exactly once)
 * before it is trusted. Any other file (blank or malformed lines, hand
 * edits) is numbered by a scan of its own `WITH ORDINALITY`, which DuckDB runs
 * on one thread.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { configKey } from './configKey.ts';
import type { Db, SqlParam } from './db.ts';
import type { Problem, Wrapper } from './tables.ts';

/** Event schema versions this reader understands (runner/events.ts LOG_SCHEMA_VERSION). */
export const ROUND_LOG_VERSION = 1;

export interface RoundLogInput {
  path: string;
  /** sha256 of the file's complete prefix; computed when absent (see `scanRoundLog`). */
  source_id?: string;
  /** The file's scan, when the caller has made it already (the file is then not read twice). */
  scan?: RoundLogScan;
}

/** What `scanRoundLog` learns about a file in one streaming pass. */
export interface RoundLogScan {
  /** sha256 (hex) of the complete prefix (up to and including the last newline). */
  source_id: string;
  /** Bytes of the complete prefix. */
  bytes: number;
  /** Complete lines (blank ones included). */
  lines: number;
  /** 1-based numbers of blank (whitespace-only) complete lines, which DuckDB's reader skips. */
  blank: number[];
  /** Bytes after the last newline, left for the next ingest. */
  tornBytes: number;
  /**
   * Every complete line k begins `{"v":<n>,"seq":k` (so none is blank), and a
   * torn tail is whitespace or the start of line lines+1: an event's line
   * number is then its `seq`.
   */
  seqLines: boolean;
}

export interface RoundLogFileResult {
  path: string;
  source_id: string;
  bytes: number;
  torn: boolean;
  rounds: number;
  attempts: number;
  metrics: number;
  scaling: number;
  problems: Problem[];
}

export interface RoundLogResult {
  rounds: number;
  attempts: number;
  metrics: number;
  scaling: number;
  problems: (Problem & { path: string; line: number | null })[];
  files: RoundLogFileResult[];
}

/** The columns (and types) the ingest reads from every event line; the bench reads the same. */
export const ROUND_LOG_COLUMNS: Record<string, string> = {
  v: 'INTEGER',
  seq: 'BIGINT',
  type: 'VARCHAR',
  campaign: 'VARCHAR',
  host: 'VARCHAR',
  labels: 'STRUCT(fix_variant VARCHAR, torch_version VARCHAR, threads INTEGER)',
  wrapper: 'VARCHAR',
  round: 'INTEGER',
  round_uid: 'VARCHAR',
  fingerprint: 'VARCHAR',
  attempt: 'INTEGER',
  started_at: 'VARCHAR',
  duration_s: 'DOUBLE',
  pid: 'INTEGER',
  exit_code: 'INTEGER',
  signal: 'VARCHAR',
  outcome: 'VARCHAR',
  crash_reports: 'STRUCT(file VARCHAR, original VARCHAR, sha256 VARCHAR)[]',
  metrics: 'STRUCT(name VARCHAR, value DOUBLE, threads INTEGER, unit VARCHAR)[]',
  scaling: 'STRUCT(threads INTEGER, throughput DOUBLE, speedup DOUBLE, efficiency_pct DOUBLE)[]',
  status: 'VARCHAR',
  attempts: 'INTEGER',
  crashed_attempts: 'INTEGER',
  efficiency_pct: 'DOUBLE',
};

/** The `columns` argument of `read_json` for `ROUND_LOG_COLUMNS`. */
export const ROUND_LOG_COLUMNS_SQL = `{${Object.entries(ROUND_LOG_COLUMNS)
  .map(([k, t]) => `'${k}': '${t}'`)
  .join(', ')}}`;

/** JSON bytes read by one statement at most (its temporary table spills to disk beyond the memory limit). */
export const BATCH_BYTES = 512 * 1024 * 1024;

/** Bytes of a line's start that the scan keeps to check `{"v":<n>,"seq":<k>`. */
const HEAD = 40;
const SEQ_HEAD = /^\{"v":\d{1,9},"seq":(\d{1,15})[,}]/;

/**
 * Streams a file once: sha256 of its complete prefix, its complete lines, its
 * blank lines, the size of a torn tail, and whether every line carries its
 * line number as `seq` (`seqLines`). Memory stays constant.
 */
export async function scanRoundLog(path: string): Promise<RoundLogScan> {
  const size = statSync(path).size;
  const prefix = lastNewline(path, size) + 1;
  const hash = createHash('sha256');
  const blank: number[] = [];
  let lines = 0;
  let onlySpace = true; // the current line holds only whitespace so far
  let head = ''; // the current line's first bytes (latin1), when they span two chunks
  let lineSeq: number | null | undefined; // the current line's `seq` (null: none), once its head is read
  let seqLines = true;
  if (prefix > 0) {
    for await (const chunk of chunksOf(path, prefix)) {
      hash.update(chunk);
      let from = 0;
      while (from < chunk.length) {
        const nl = chunk.indexOf(10, from);
        const end = nl < 0 ? chunk.length : nl;
        if (seqLines && lineSeq === undefined) {
          if (head === '' && (nl >= 0 || end - from >= HEAD)) lineSeq = seqAtBytes(chunk, from, end);
          else {
            // The line's head is cut by the chunk's end: gathered as text across chunks.
            head += chunk.toString('latin1', from, Math.min(end, from + HEAD - head.length));
            if (head.length >= HEAD || nl >= 0) lineSeq = seqOf(head);
          }
        }
        if (onlySpace && end > from) {
          for (let i = from; i < end && onlySpace; i++) {
            const b = chunk[i];
            if (b !== 32 && b !== 9 && b !== 13) onlySpace = false;
          }
        }
        if (nl < 0) break;
        lines++;
        if (onlySpace) blank.push(lines);
        if (seqLines && (onlySpace || lineSeq !== lines)) seqLines = false;
        lineSeq = undefined;
        head = '';
        onlySpace = true;
        from = nl + 1;
      }
    }
  }
  const tornBytes = size - prefix;
  if (seqLines && tornBytes > 0) seqLines = tailIsNextLine(path, prefix, tornBytes, lines + 1);
  return { source_id: hash.digest('hex'), bytes: prefix, lines, blank, tornBytes, seqLines };
}

/** `seqOf` on bytes `[from, end)` of a buffer (the line's head lies in it), without making a string. */
function seqAtBytes(b: Buffer, from: number, end: number): number | null {
  const lim = Math.min(end, from + HEAD);
  let i = from;
  for (const c of V_OPEN) if (i >= lim || b[i++] !== c) return null;
  const d0 = i;
  while (i < lim && b[i] >= 48 && b[i] <= 57) i++;
  if (i === d0 || i - d0 > 9) return null;
  for (const c of SEQ_KEY) if (i >= lim || b[i++] !== c) return null;
  let n = 0;
  const s0 = i;
  while (i < lim && b[i] >= 48 && b[i] <= 57) n = n * 10 + (b[i++] - 48);
  if (i === s0 || i - s0 > 15 || i >= lim) return null;
  return b[i] === 44 || b[i] === 125 ? n : null;
}
const V_OPEN = Buffer.from('{"v":');
const SEQ_KEY = Buffer.from(',"seq":');

/**
 * The first `bytes` of a file, in chunks of one reused buffer (each chunk is
 * valid until the next is asked for): no fresh memory per chunk.
 */
async function* chunksOf(path: string, bytes: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(bytes, 1 << 20));
    for (let pos = 0; pos < bytes; ) {
      const { bytesRead } = await file.read(buf, 0, Math.min(buf.length, bytes - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

function seqOf(head: string): number | null {
  const m = SEQ_HEAD.exec(head);
  return m ? Number(m[1]) : null;
}

/**
 * A torn tail that DuckDB cannot read as an event numbered 1…lines: only
 * whitespace, the start of line `next` (`{"v":<n>,"seq":<next>`), or a
 * beginning of it too short to say more (`{"v":1,"se`).
 */
function tailIsNextLine(path: string, at: number, bytes: number, next: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, 65536));
    let pos = at;
    let first = '';
    let onlySpace = true;
    while (pos < at + bytes) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, at + bytes - pos), pos);
      if (n === 0) break;
      if (pos === at) first = buf.toString('latin1', 0, Math.min(n, HEAD));
      for (let i = 0; i < n && onlySpace; i++) {
        const b = buf[i];
        if (b !== 32 && b !== 9 && b !== 13) onlySpace = false;
      }
      if (!onlySpace) break;
      pos += n;
    }
    if (onlySpace) return true;
    return seqOf(first) === next || (bytes < HEAD && `{"v":1,"seq":${next},`.startsWith(first));
  } finally {
    closeSync(fd);
  }
}

function lastNewline(path: string, size: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    let pos = size;
    while (pos > 0) {
      const len = Math.min(buf.length, pos);
      pos -= len;
      readSync(fd, buf, 0, len, pos);
      const i = buf.subarray(0, len).lastIndexOf(10);
      if (i >= 0) return pos + i;
    }
    return -1;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads round-log files into the raw tables, in batches of files (at most
 * `BATCH_BYTES` of JSON or `BATCH_FILES` files each), one transaction per
 * batch: a file's rows land together or not at all (pass `transaction: false`
 * when the caller already holds one). Rows already held for the same
 * source_id are replaced. Does not write `sources` / `source_paths`: the
 * ingest orchestrator does, with the returned source_id, bytes and problems.
 */
export async function ingestRoundLogs(
  db: Db,
  files: readonly RoundLogInput[],
  options: { transaction?: boolean } = {},
): Promise<RoundLogResult> {
  const out: RoundLogResult = { rounds: 0, attempts: 0, metrics: 0, scaling: 0, problems: [], files: [] };
  const own = options.transaction ?? true;
  let batch: (RoundLogInput & { source_id: string; scan: RoundLogScan })[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const staged = await stageRoundLogs(db, batch);
    try {
      await (own ? db.transaction(() => staged.write()) : staged.write());
    } finally {
      await staged.drop();
    }
    const results = staged.files;
    batch = [];
    bytes = 0;
    for (const r of results) {
      out.files.push(r);
      out.rounds += r.rounds;
      out.attempts += r.attempts;
      out.metrics += r.metrics;
      out.scaling += r.scaling;
      for (const p of r.problems) out.problems.push({ path: r.path, ...p });
    }
  };
  for (const file of files) {
    const scan = file.scan ?? (await scanRoundLog(file.path));
    const source_id = file.source_id ?? scan.source_id;
    // A source twice in one batch would be read twice: the second replaces the first in a batch of its own.
    if (
      bytes + scan.bytes > BATCH_BYTES ||
      batch.length >= BATCH_FILES ||
      batch.some((b) => b.source_id === source_id)
    )
      await flush();
    batch.push({ path: file.path, source_id, scan });
    bytes += scan.bytes;
  }
  await flush();
  return out;
}

/** DuckDB's memory limit while a batch is read (its temporary table spills to disk beyond it), restored after. */
const INGEST_MEMORY_LIMIT = 512 * 1024 * 1024;

/**
 * Lowers DuckDB's memory limit to `INGEST_MEMORY_LIMIT` (when above); returns
 * what restores it: RESET when it was the default, else the value shown (to
 * within DuckDB's display, which cuts to one decimal: the middle of that step,
 * so that repeated restores do not drift).
 */
async function lowerMemoryLimit(db: Db): Promise<() => Promise<void>> {
  const limit = async () => (await db.all<{ v: string }>(`SELECT current_setting('memory_limit') AS v`))[0].v;
  const before = await limit();
  if (parseBytes(before) <= INGEST_MEMORY_LIMIT) return async () => {};
  await db.run('RESET memory_limit');
  const restore =
    (await limit()) === before
      ? 'RESET memory_limit'
      : `SET memory_limit = '${Math.round(parseBytes(before, true))}B'`;
  await db.run(`SET memory_limit = '${INGEST_MEMORY_LIMIT}B'`);
  return () => db.run(restore);
}

/**
 * `18.8 GiB`, `512.0 MiB`, `1000 bytes` (DuckDB's way of showing sizes) →
 * bytes; unknown → Infinity. `midStep`: add half the last shown decimal
 * (DuckDB cuts, it does not round).
 */
export function parseBytes(text: string, midStep = false): number {
  const m = /^([\d.]+)\s*([KMGT]i?B|B|bytes)?$/i.exec(text.trim());
  if (!m) return Number.POSITIVE_INFINITY;
  const unit = (m[2] ?? 'B').toUpperCase();
  const power = 'BKMGT'.indexOf(unit === 'BYTES' ? 'B' : unit[0]);
  const decimals = m[1].split('.')[1]?.length ?? 0;
  const value = Number(m[1]) + (midStep && decimals > 0 ? 0.5 * 10 ** -decimals : 0);
  return value * (unit.includes('I') ? 1024 : 1000) ** power;
}

interface Scanned {
  path: string;
  source_id: string;
  scan: RoundLogScan;
}

/** The per-file facts the SQL joins on: batch index, source id and complete lines. */
const FILES_DDL = 'CREATE OR REPLACE TEMP TABLE rb_files (fi INTEGER, source_id VARCHAR, lines BIGINT)';

/**
 * What a batch keeps of each event (`rb_raw`), computed as DuckDB reads it:
 * the start time already a TIMESTAMP, of the crash reports only their number
 * and the first one's hash (what the attempts table links on).
 */
const RAW: [string, string, string][] = [
  ['v', 'INTEGER', 'v'],
  ['type', 'VARCHAR', 'type'],
  ['campaign', 'VARCHAR', 'campaign'],
  ['host', 'VARCHAR', 'host'],
  ['labels', ROUND_LOG_COLUMNS.labels, 'labels'],
  ['wrapper', 'VARCHAR', 'wrapper'],
  ['round', 'INTEGER', 'round'],
  ['round_uid', 'VARCHAR', 'round_uid'],
  ['fingerprint', 'VARCHAR', 'fingerprint'],
  ['attempt', 'INTEGER', 'attempt'],
  ['started_at', 'TIMESTAMP', 'TRY_CAST(TRY_CAST(started_at AS TIMESTAMPTZ) AS TIMESTAMP)'],
  ['duration_s', 'DOUBLE', 'duration_s'],
  ['pid', 'INTEGER', 'pid'],
  ['exit_code', 'INTEGER', 'exit_code'],
  ['signal', 'VARCHAR', 'signal'],
  ['outcome', 'VARCHAR', 'outcome'],
  ['crash_reports', 'INTEGER', 'len(crash_reports)'],
  ['crash_sha256', 'VARCHAR', 'crash_reports[1].sha256'],
  ['metrics', ROUND_LOG_COLUMNS.metrics, 'metrics'],
  ['scaling', ROUND_LOG_COLUMNS.scaling, 'scaling'],
  ['status', 'VARCHAR', 'status'],
  ['attempts', 'INTEGER', 'attempts'],
  ['crashed_attempts', 'INTEGER', 'crashed_attempts'],
  ['efficiency_pct', 'DOUBLE', 'efficiency_pct'],
];
const RAW_DDL = `CREATE OR REPLACE TEMP TABLE rb_raw (fi INTEGER, line BIGINT, ${RAW.map(([k, t]) => `"${k}" ${t}`).join(', ')})`;
const RAW_SELECT = RAW.map(([k, , e]) => `${e} AS "${k}"`).join(', ');
const readJson = (paths: string) =>
  `read_json(${paths}, format = 'newline_delimited', ignore_errors = true, columns = ${ROUND_LOG_COLUMNS_SQL})`;

/** Files per batch at most (one `read_json` statement lists them all). */
export const BATCH_FILES = 2000;

/** A batch of round logs read into temporary tables (`stageRoundLogs`), to be written inside a transaction. */
export interface StagedRoundLogs {
  /** Per file: its source, the rows it will add, its problems. */
  files: RoundLogFileResult[];
  /** Replaces the files' rows in `rounds`, `attempts`, `metrics` and `scaling` (inside the caller's transaction). */
  write(): Promise<void>;
  /** Drops the temporary tables and restores the memory limit; call once, after `write` or instead of it. */
  drop(): Promise<void>;
}

/**
 * Reads a batch of round logs (scanned, or scanned here) into temporary
 * tables, outside any transaction: one parallel `read_json` for the files
 * whose lines carry their numbers, one numbered scan for each other file;
 * checks the numbering, counts the rows each table will get and finds the
 * problems. `write` then runs the INSERTs, where the caller wants them (in
 * the transaction that also records the files' sources).
 */
export async function stageRoundLogs(db: Db, inputs: readonly RoundLogInput[]): Promise<StagedRoundLogs> {
  const files: Scanned[] = [];
  for (const f of inputs) {
    const scan = f.scan ?? (await scanRoundLog(f.path));
    files.push({ path: f.path, source_id: f.source_id ?? scan.source_id, scan });
  }
  const results: RoundLogFileResult[] = files.map((f) => ({
    path: f.path,
    source_id: f.source_id,
    bytes: f.scan.bytes,
    torn: f.scan.tornBytes > 0,
    rounds: 0,
    attempts: 0,
    metrics: 0,
    scaling: 0,
    problems: [],
  }));
  const restore = await lowerMemoryLimit(db);
  const drop = async () => {
    await db.run('DROP TABLE IF EXISTS rb_raw');
    await db.run('DROP TABLE IF EXISTS rb_files');
    await restore();
  };
  try {
    await db.run(FILES_DDL);
    await db.run(RAW_DDL);
    for (const [fi, f] of files.entries())
      await db.run('INSERT INTO rb_files VALUES (?, ?, ?)', [fi, f.source_id, f.scan.lines]);
    const withEvents = [...files.keys()].filter((fi) => files[fi].scan.lines > files[fi].scan.blank.length);
    const seqLines = withEvents.filter((fi) => files[fi].scan.seqLines);
    const stats = new Map<number, FileStats>();
    if (seqLines.length) {
      await db.run(
        `INSERT INTO rb_raw SELECT CAST([${seqLines.join(', ')}][file_index::BIGINT + 1] AS INTEGER), seq, ${RAW_SELECT}
         FROM ${readJson(`[${seqLines.map(() => '?').join(', ')}]`)}`,
        seqLines.map((fi) => files[fi].path),
      );
      for (const st of await fileStats(db)) stats.set(st.fi, st);
    }
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
      await db.run(`DELETE FROM rb_raw WHERE fi IN (${redo.join(', ')})`);
      for (const fi of redo) await readWithOrdinality(db, fi, files[fi]);
      for (const st of await fileStats(db, redo)) stats.set(st.fi, st);
    }
    for (const [fi, st] of stats) Object.assign(results[fi], countsOf(st));
    // Rows outside a file's complete lines (a torn tail) are not events.
    await db.run(
      `DELETE FROM rb_raw r USING rb_files f WHERE f.fi = r.fi AND (r.line IS NULL OR r.line NOT BETWEEN 1 AND f.lines)`,
    );
    if (withEvents.length)
      for (const p of await eventProblems(db, files)) results[p.fi].problems.push(p.problem);
    const config = withEvents.length ? await configCase(db) : null;
    const write = async () => {
      for (const t of ['rounds', 'attempts', 'metrics', 'scaling'])
        await db.run(`DELETE FROM ${t} WHERE source_id IN (SELECT source_id FROM rb_files)`);
      if (!config) return;
      const added = await insertRows(
        db,
        files.map((f) => f.source_id),
        config,
      );
      const expected = { rounds: 0, attempts: 0, metrics: 0, scaling: 0 };
      for (const r of results) for (const k of Object.keys(expected) as (keyof Counts)[]) expected[k] += r[k];
      if (JSON.stringify(added) !== JSON.stringify(expected))
        throw new Error(
          `round-log rows added ${JSON.stringify(added)} differ from those counted ${JSON.stringify(expected)}`,
        );
    };
    return { files: results, write, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}

type Counts = { rounds: number; attempts: number; metrics: number; scaling: number };
type FileStats = Counts & { fi: number; rows: number; numbered: number; distinct_lines: number };

/**
 * Per file of `rb_raw` (or of `fis`): its rows, those numbered within its
 * complete lines (and how many distinct numbers), and the rows each table
 * will get from them (what each INSERT's WHERE keeps).
 */
async function fileStats(db: Db, fis?: number[]): Promise<FileStats[]> {
  const inRange = 'r.line BETWEEN 1 AND f.lines';
  const ok = `${inRange} AND r.v = ${ROUND_LOG_VERSION}`;
  const rows = await db.all<FileStats>(
    `SELECT r.fi, count(*) AS rows, count(*) FILTER (${inRange}) AS numbered,
       count(DISTINCT r.line) FILTER (${inRange}) AS distinct_lines,
       count(*) FILTER (${ok} AND r.type = 'round' AND r.round_uid IS NOT NULL) AS rounds,
       count(*) FILTER (${ok} AND r.type = 'attempt' AND r.round_uid IS NOT NULL AND r.attempt IS NOT NULL) AS attempts,
       coalesce(sum(len(list_filter(r.metrics, m -> m.name IS NOT NULL AND m.value IS NOT NULL)))
         FILTER (${ok} AND r.type = 'attempt'), 0) AS metrics,
       coalesce(sum(len(list_filter(r.scaling, s -> s.threads IS NOT NULL))) FILTER (${ok} AND r.type = 'attempt'), 0) AS scaling
     FROM rb_raw r JOIN rb_files f ON f.fi = r.fi ${fis ? `WHERE r.fi IN (${fis.join(', ')})` : ''} GROUP BY r.fi`,
  );
  return rows.map((r) => ({
    fi: r.fi,
    rows: Number(r.rows),
    numbered: Number(r.numbered),
    distinct_lines: Number(r.distinct_lines),
    ...countsOf(r),
  }));
}

const countsOf = (c: Counts): Counts => ({
  rounds: Number(c.rounds),
  attempts: Number(c.attempts),
  metrics: Number(c.metrics),
  scaling: Number(c.scaling),
});

/** Reads one file numbering DuckDB's rows (blank lines skipped) back to line numbers; rows past the prefix are dropped. */
async function readWithOrdinality(db: Db, fi: number, file: Scanned): Promise<void> {
  const { lines, blank } = file.scan;
  const events = lines - blank.length; // complete, non-blank lines = rows DuckDB yields for them
  // Row k of DuckDB's scan (blank lines skipped) → line number in the file.
  const thresholds = blank.map((b, j) => b - j);
  const lineSql = thresholds.length
    ? `ordinality + len(list_filter([${thresholds.join(',')}], t -> t <= ordinality))`
    : 'ordinality';
  await db.run(
    `INSERT INTO rb_raw SELECT ${fi}, ${lineSql}, ${RAW_SELECT}
     FROM ${readJson('?')} WITH ORDINALITY WHERE ordinality <= ${events}`,
    [file.path],
  );
}

/**
 * The configuration key of each (labels, wrapper) combination in `rb_raw`, as
 * a CASE expression over `e` (few combinations: cheaper than a join per row),
 * with its parameters. Keys come from `configKey`.
 */
async function configCase(db: Db): Promise<{ sql: string; params: SqlParam[] }> {
  const combos = await db.all<{
    fix_variant: string | null;
    torch_version: string | null;
    threads: number | null;
    wrapper: string | null;
  }>(
    `SELECT DISTINCT labels.fix_variant AS fix_variant, labels.torch_version AS torch_version, labels.threads AS threads, wrapper
     FROM rb_raw WHERE type IN ('attempt', 'round') AND v = ${ROUND_LOG_VERSION}`,
  );
  if (combos.length === 0) return { sql: 'NULL', params: [] };
  const params: SqlParam[] = [];
  const whens = combos.map((c) => {
    const wrapper = c.wrapper === 'retry' || c.wrapper === 'none' ? (c.wrapper as Wrapper) : null;
    params.push(
      c.fix_variant,
      c.torch_version,
      c.threads,
      c.wrapper,
      configKey({ fix_variant: c.fix_variant, torch_version: c.torch_version, threads: c.threads, wrapper }),
    );
    return `WHEN e.labels.fix_variant IS NOT DISTINCT FROM ?::VARCHAR AND e.labels.torch_version IS NOT DISTINCT FROM ?::VARCHAR
      AND e.labels.threads IS NOT DISTINCT FROM ?::INTEGER AND e.wrapper IS NOT DISTINCT FROM ?::VARCHAR THEN ?::VARCHAR`;
  });
  return { sql: `CASE ${whens.join(' ')} END`, params };
}

/** The four INSERT…SELECTs from `rb_raw` (file `fi` has source id `sourceIds[fi]`); returns the rows each added. */
async function insertRows(
  db: Db,
  sourceIds: string[],
  config: { sql: string; params: SqlParam[] },
): Promise<Counts> {
  const source = `[${sourceIds.map(() => '?').join(', ')}][e.fi + 1]`;
  const ok = `e.v = ${ROUND_LOG_VERSION}`;
  const count = async (sql: string, params: SqlParam[]) => {
    const [row] = await db.all<{ Count: number }>(sql, params);
    return Number(row?.Count ?? 0);
  };
  const rounds = await count(
    `INSERT INTO rounds (round_uid, source_id, line, origin, session, config, fix_variant, torch_version, threads, wrapper,
       round_no, status, attempts, crashed_attempts, efficiency_pct, started_at, duration_s, host, campaign, fingerprint)
     SELECT e.round_uid, ${source}, e.line, 'runner', e.campaign, ${config.sql}, e.labels.fix_variant, e.labels.torch_version,
       e.labels.threads, CASE WHEN e.wrapper IN ('retry', 'none') THEN e.wrapper END, e.round, e.status, e.attempts,
       e.crashed_attempts, e.efficiency_pct, e.started_at, e.duration_s, e.host, e.campaign, e.fingerprint
     FROM rb_raw e
     WHERE ${ok} AND e.type = 'round' AND e.round_uid IS NOT NULL`,
    [...sourceIds, ...config.params],
  );
  // An attempt names the crash reports it left; a crash ingested from the first of them (same sha256) is linked.
  const [{ reported }] = await db.all<{ reported: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM crashes) AND EXISTS (SELECT 1 FROM rb_raw WHERE crash_reports > 0) AS reported`,
  );
  const attempts = await count(
    `INSERT INTO attempts (source_id, line, round_uid, attempt_no, started_at, duration_s, exit_code, signal, outcome, crash_uid, pid)
     SELECT ${source}, e.line, e.round_uid, e.attempt, e.started_at, e.duration_s, e.exit_code, e.signal, e.outcome,
       ${reported ? 'c.crash_uid' : 'NULL'}, e.pid
     FROM rb_raw e
     ${reported ? 'LEFT JOIN (SELECT source_id, min(crash_uid) AS crash_uid FROM crashes GROUP BY source_id) c ON c.source_id = e.crash_sha256' : ''}
     WHERE ${ok} AND e.type = 'attempt' AND e.round_uid IS NOT NULL AND e.attempt IS NOT NULL`,
    sourceIds,
  );
  const metrics = await count(
    `INSERT INTO metrics (source_id, line, metric, value, unit, threads, config, context)
     SELECT source_id, line, m.name, m.value, m.unit, m.threads, config, context FROM (
       SELECT ${source} AS source_id, e.line, UNNEST(e.metrics) AS m, ${config.sql} AS config, 'runner:' || e.campaign AS context
       FROM rb_raw e
       WHERE ${ok} AND e.type = 'attempt' AND len(e.metrics) > 0)
     WHERE m.name IS NOT NULL AND m.value IS NOT NULL`,
    [...sourceIds, ...config.params],
  );
  const scaling = await count(
    `INSERT INTO scaling (source_id, line, series, config, fix_variant, threads, throughput, speedup, efficiency_pct)
     SELECT source_id, line, series, config, fix_variant, s.threads, s.throughput, s.speedup, s.efficiency_pct FROM (
       SELECT ${source} AS source_id, e.line, e.round_uid || '#a' || e.attempt AS series, ${config.sql} AS config,
         e.labels.fix_variant AS fix_variant, UNNEST(e.scaling) AS s
       FROM rb_raw e
       WHERE ${ok} AND e.type = 'attempt' AND len(e.scaling) > 0)
     WHERE s.threads IS NOT NULL`,
    [...sourceIds, ...config.params],
  );
  return { rounds, attempts, metrics, scaling };
}

/** Lines DuckDB could not read as events, and events this reader cannot use (at most 1000 per file). */
async function eventProblems(db: Db, files: readonly Scanned[]): Promise<{ fi: number; problem: Problem }[]> {
  const rows = await db.all<{
    fi: number;
    line: number;
    v: number | null;
    type: string | null;
    round_uid: string | null;
    attempt: number | null;
  }>(
    `SELECT fi, CAST(line AS INTEGER) AS line, v, type, round_uid, attempt FROM rb_raw
     WHERE v IS NULL OR type IS NULL OR v <> ${ROUND_LOG_VERSION}
        OR (type IN ('attempt', 'round') AND round_uid IS NULL) OR (type = 'attempt' AND attempt IS NULL)
     QUALIFY row_number() OVER (PARTITION BY fi ORDER BY line) <= 1000
     ORDER BY fi, line`,
  );
  if (rows.length === 0) return [];
  const texts = new Map<number, Map<number, string>>();
  for (const fi of new Set(rows.map((r) => r.fi)))
    texts.set(
      fi,
      await linesOf(
        files[fi].path,
        new Set(rows.filter((r) => r.fi === fi && (r.v == null || r.type == null)).map((r) => r.line)),
      ),
    );
  return rows.map((r) => ({ fi: r.fi, problem: problemOf(r, texts.get(r.fi)?.get(r.line) ?? '') }));
}

function problemOf(
  r: { line: number; v: number | null; type: string | null; round_uid: string | null },
  text: string,
): Problem {
  if (r.v != null && r.v !== ROUND_LOG_VERSION)
    return {
      line: r.line,
      message: `round-log schema version ${r.v} is not ${ROUND_LOG_VERSION}; event skipped`,
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

/** Text of the given 1-based lines (for problem messages; a rare path). */
async function linesOf(path: string, wanted: Set<number>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const max = Math.max(...wanted);
  let line = 1;
  let partial = '';
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      if (wanted.has(line)) out.set(line, p.length > 10000 ? p.slice(0, 10000) : p);
      line++;
    }
    if (line > max) break;
  }
  return out;
}
