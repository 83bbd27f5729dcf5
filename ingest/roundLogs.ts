/**
 * Round logs (the runner's JSONL, runner/events.ts) → `rounds`, `attempts`,
 * `metrics` and `scaling`, read by DuckDB's own JSON reader in one pass per
 * file — no row-by-row inserts.
 *
 * A file is identified by its complete prefix: the bytes up to its last
 * newline. A torn last line (a runner still writing, or killed mid-write) is
 * outside that prefix, so it is neither lost nor an error: the next ingest,
 * once the line is complete, sees a new prefix and reads it. A malformed line
 * in the middle is a problem with its line number; the rest goes in. Ingesting
 * the same file again replaces its rows (idempotent).
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { configKey } from './configKey.ts';
import type { Db } from './db.ts';
import type { Problem, Wrapper } from './tables.ts';

/** Event schema versions this reader understands (runner/events.ts LOG_SCHEMA_VERSION). */
export const ROUND_LOG_VERSION = 1;

export interface RoundLogInput {
  path: string;
  /** sha256 of the file's complete prefix; computed when absent (see `scanRoundLog`). */
  source_id?: string;
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

const COLUMNS: Record<string, string> = {
  v: 'INTEGER',
  type: 'VARCHAR',
  campaign: 'VARCHAR',
  run: 'VARCHAR',
  host: 'VARCHAR',
  config: 'VARCHAR',
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

const columnsSql = `{${Object.entries(COLUMNS)
  .map(([k, t]) => `'${k}': '${t}'`)
  .join(', ')}}`;

/**
 * Streams a file once: sha256 of its complete prefix, its complete lines, its
 * blank lines and the size of a torn tail. Memory stays constant.
 */
export async function scanRoundLog(path: string): Promise<RoundLogScan> {
  const size = statSync(path).size;
  const prefix = lastNewline(path, size) + 1;
  const hash = createHash('sha256');
  const blank: number[] = [];
  let lines = 0;
  let onlySpace = true; // the current line holds only whitespace so far
  if (prefix > 0) {
    for await (const chunk of createReadStream(path, {
      start: 0,
      end: prefix - 1,
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      let from = 0;
      while (from < chunk.length) {
        const nl = chunk.indexOf(10, from);
        const end = nl < 0 ? chunk.length : nl;
        if (onlySpace && end > from) {
          for (let i = from; i < end && onlySpace; i++) {
            const b = chunk[i];
            if (b !== 32 && b !== 9 && b !== 13) onlySpace = false;
          }
        }
        if (nl < 0) break;
        lines++;
        if (onlySpace) blank.push(lines);
        onlySpace = true;
        from = nl + 1;
      }
    }
  }
  return { source_id: hash.digest('hex'), bytes: prefix, lines, blank, tornBytes: size - prefix };
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
 * Reads round-log files into the raw tables, one DuckDB JSON scan per file, in
 * one transaction per file (a file's rows land together or not at all; pass
 * `transaction: false` when the caller already holds one). Rows
 * already held for the same source_id are replaced. Does not write `sources` /
 * `source_paths`: the ingest orchestrator does, with the returned source_id,
 * bytes and problems.
 */
export async function ingestRoundLogs(
  db: Db,
  files: readonly RoundLogInput[],
  options: { transaction?: boolean } = {},
): Promise<RoundLogResult> {
  const out: RoundLogResult = { rounds: 0, attempts: 0, metrics: 0, scaling: 0, problems: [], files: [] };
  for (const file of files) {
    const r = await ingestOne(db, file, options.transaction ?? true);
    out.files.push(r);
    out.rounds += r.rounds;
    out.attempts += r.attempts;
    out.metrics += r.metrics;
    out.scaling += r.scaling;
    for (const p of r.problems) out.problems.push({ path: file.path, ...p });
  }
  return out;
}

async function ingestOne(db: Db, file: RoundLogInput, ownTransaction: boolean): Promise<RoundLogFileResult> {
  // DuckDB reads the file on its threads while this thread hashes it; rows past the prefix are dropped after.
  const scanning = scanRoundLog(file.path);
  scanning.catch(() => {});
  const reading = db.run(
    `CREATE OR REPLACE TEMP TABLE rb_raw AS
     SELECT * FROM read_json(?, format = 'newline_delimited', ignore_errors = true, columns = ${columnsSql}) WITH ORDINALITY`,
    [file.path],
  );
  reading.catch(() => {});
  const scan = await scanning;
  await reading;
  const source_id = file.source_id ?? scan.source_id;
  const result: RoundLogFileResult = {
    path: file.path,
    source_id,
    bytes: scan.bytes,
    torn: scan.tornBytes > 0,
    rounds: 0,
    attempts: 0,
    metrics: 0,
    scaling: 0,
    problems: [],
  };
  const events = scan.lines - scan.blank.length; // complete, non-blank lines = rows DuckDB yields for them
  // Row k of DuckDB's scan (blank lines skipped) → line number in the file.
  const thresholds = scan.blank.map((b, j) => b - j);
  const lineSql = thresholds.length
    ? `ordinality + len(list_filter([${thresholds.join(',')}], t -> t <= ordinality))`
    : 'ordinality';
  const inTransaction = (fn: () => Promise<void>) => (ownTransaction ? db.transaction(fn) : fn());
  await inTransaction(async () => {
    for (const t of ['rounds', 'attempts', 'metrics', 'scaling'])
      await db.run(`DELETE FROM ${t} WHERE source_id = ?`, [source_id]);
    if (events === 0) return;
    await db.run(
      `CREATE OR REPLACE TEMP VIEW rb_events AS
       SELECT * EXCLUDE (ordinality), CAST(${lineSql} AS INTEGER) AS line FROM rb_raw WHERE ordinality <= ${events}`,
    );
    result.problems.push(...(await eventProblems(db, file.path)));
    await db.run(
      `CREATE OR REPLACE TEMP TABLE rb_keys (fix_variant VARCHAR, torch_version VARCHAR, threads INTEGER, wrapper VARCHAR, config VARCHAR)`,
    );
    const combos = await db.all<{
      fix_variant: string | null;
      torch_version: string | null;
      threads: number | null;
      wrapper: string | null;
    }>(
      `SELECT DISTINCT labels.fix_variant AS fix_variant, labels.torch_version AS torch_version, labels.threads AS threads, wrapper
       FROM rb_events WHERE type IN ('attempt', 'round') AND v = ${ROUND_LOG_VERSION}`,
    );
    for (const c of combos) {
      const wrapper = c.wrapper === 'retry' || c.wrapper === 'none' ? (c.wrapper as Wrapper) : null;
      await db.run('INSERT INTO rb_keys VALUES (?, ?, ?, ?, ?)', [
        c.fix_variant,
        c.torch_version,
        c.threads,
        c.wrapper,
        configKey({
          fix_variant: c.fix_variant,
          torch_version: c.torch_version,
          threads: c.threads,
          wrapper,
        }),
      ]);
    }
    const ok = `v = ${ROUND_LOG_VERSION}`;
    const keyJoin = `LEFT JOIN rb_keys k ON k.fix_variant IS NOT DISTINCT FROM e.labels.fix_variant
      AND k.torch_version IS NOT DISTINCT FROM e.labels.torch_version
      AND k.threads IS NOT DISTINCT FROM e.labels.threads AND k.wrapper IS NOT DISTINCT FROM e.wrapper`;
    const ts = (col: string) => `TRY_CAST(TRY_CAST(${col} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    await db.run(
      `INSERT INTO rounds (round_uid, source_id, line, origin, session, config, fix_variant, torch_version, threads, wrapper,
         round_no, status, attempts, crashed_attempts, efficiency_pct, started_at, duration_s, host, campaign, fingerprint)
       SELECT e.round_uid, ?, e.line, 'runner', e.campaign, k.config, e.labels.fix_variant, e.labels.torch_version,
         e.labels.threads, CASE WHEN e.wrapper IN ('retry', 'none') THEN e.wrapper END, e.round, e.status, e.attempts,
         e.crashed_attempts, e.efficiency_pct, ${ts('e.started_at')}, e.duration_s, e.host, e.campaign, e.fingerprint
       FROM rb_events e ${keyJoin}
       WHERE e.${ok} AND e.type = 'round' AND e.round_uid IS NOT NULL`,
      [source_id],
    );
    const crashLink = (await db.tableExists('crashes'))
      ? `CASE WHEN len(e.crash_reports) > 0 THEN (SELECT c.crash_uid FROM crashes c WHERE c.source_id = e.crash_reports[1].sha256 LIMIT 1) END`
      : 'NULL';
    await db.run(
      `INSERT INTO attempts (source_id, line, round_uid, attempt_no, started_at, duration_s, exit_code, signal, outcome, crash_uid, pid)
       SELECT ?, e.line, e.round_uid, e.attempt, ${ts('e.started_at')}, e.duration_s, e.exit_code, e.signal, e.outcome,
         ${crashLink}, e.pid
       FROM rb_events e
       WHERE e.${ok} AND e.type = 'attempt' AND e.round_uid IS NOT NULL AND e.attempt IS NOT NULL`,
      [source_id],
    );
    await db.run(
      `INSERT INTO metrics (source_id, line, metric, value, unit, threads, config, context)
       SELECT ?, line, m.name, m.value, m.unit, m.threads, config, context FROM (
         SELECT e.line, UNNEST(e.metrics) AS m, k.config, 'runner:' || e.campaign AS context
         FROM rb_events e ${keyJoin}
         WHERE e.${ok} AND e.type = 'attempt' AND len(e.metrics) > 0)
       WHERE m.name IS NOT NULL AND m.value IS NOT NULL`,
      [source_id],
    );
    await db.run(
      `INSERT INTO scaling (source_id, line, series, config, fix_variant, threads, throughput, speedup, efficiency_pct)
       SELECT ?, line, series, config, fix_variant, s.threads, s.throughput, s.speedup, s.efficiency_pct FROM (
         SELECT e.line, e.round_uid || '#a' || e.attempt AS series, k.config, e.labels.fix_variant AS fix_variant,
           UNNEST(e.scaling) AS s
         FROM rb_events e ${keyJoin}
         WHERE e.${ok} AND e.type = 'attempt' AND len(e.scaling) > 0)
       WHERE s.threads IS NOT NULL`,
      [source_id],
    );
    const [counts] = await db.all<{ rounds: number; attempts: number; metrics: number; scaling: number }>(
      `SELECT count(*) FILTER (type = 'round' AND round_uid IS NOT NULL) AS rounds,
              count(*) FILTER (type = 'attempt' AND round_uid IS NOT NULL AND attempt IS NOT NULL) AS attempts,
              coalesce(sum(len(list_filter(metrics, m -> m.name IS NOT NULL AND m.value IS NOT NULL))) FILTER (type = 'attempt'), 0) AS metrics,
              coalesce(sum(len(list_filter(scaling, s -> s.threads IS NOT NULL))) FILTER (type = 'attempt'), 0) AS scaling
       FROM rb_events WHERE v = ${ROUND_LOG_VERSION}`,
    );
    Object.assign(result, counts);
    await db.run('DROP VIEW IF EXISTS rb_events');
    await db.run('DROP TABLE IF EXISTS rb_keys');
  });
  await db.run('DROP TABLE IF EXISTS rb_raw');
  return result;
}

/** Lines DuckDB could not read as events, and events this reader cannot use. */
async function eventProblems(db: Db, path: string): Promise<Problem[]> {
  const rows = await db.all<{
    line: number;
    v: number | null;
    type: string | null;
    round_uid: string | null;
    attempt: number | null;
  }>(
    `SELECT line, v, type, round_uid, attempt FROM rb_events
     WHERE v IS NULL OR type IS NULL OR v <> ${ROUND_LOG_VERSION}
        OR (type IN ('attempt', 'round') AND round_uid IS NULL) OR (type = 'attempt' AND attempt IS NULL)
     ORDER BY line LIMIT 1000`,
  );
  if (rows.length === 0) return [];
  const texts = await linesOf(
    path,
    new Set(rows.filter((r) => r.v == null || r.type == null).map((r) => r.line)),
  );
  return rows.map((r) => {
    if (r.v != null && r.v !== ROUND_LOG_VERSION)
      return {
        line: r.line,
        message: `round-log schema version ${r.v} is not ${ROUND_LOG_VERSION}; event skipped`,
      };
    if (r.v == null || r.type == null) return { line: r.line, message: whyNotEvent(texts.get(r.line) ?? '') };
    return {
      line: r.line,
      message: `${r.type} event without ${r.round_uid == null ? 'round_uid' : 'attempt'}; skipped`,
    };
  });
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
