/**
 * `roundbook ingest`: files and folders → raw tables.
 *
 * Unchanged files (same path, size and mtime, same parser version) are skipped
 * without being read; other files are hashed, and bytes already ingested from
 * another path are recorded as one more path of the same source. New bytes are
 * parsed in worker threads while the main thread writes finished batches.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import { PARSED_TABLES } from '../store/rawTables.ts';
import { quoteIdent } from '../store/sql.ts';
import { RAW_RELATIONS } from '../store/views.ts';
import { collectFiles, type FileProblem, type FoundFile } from './collectFiles.ts';
import { linkCrashes } from './linkCrashes.ts';
import { type ParseBudget, ParsePool } from './parsePool.ts';
import { PARSER_VERSION, type ParsedSource } from './parseSource.ts';
import { ingestRoundLogFiles, isUnchanged } from './roundLogFiles.ts';
import { type ParsedFile, type PathOnly, writeBatch, writeFilesIsolated } from './writeBatch.ts';

export interface IngestOptions {
  /**
   * Worker threads for parsing; 0 parses inline (without the budget). Default:
   * 2 when there are many files, 1 when one is large, else 0.
   */
  workers?: number;
  /** What a file may cost its worker (ingest/parsePool.ts); default `DEFAULT_BUDGET`. */
  parseBudget?: ParseBudget;
  /** Called after each file with (done, total, path). */
  onProgress?: (done: number, total: number, path: string) => void;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Follow symbolic links out of the folders given (ingest/collectFiles.ts); default: skip them, with a problem. */
  followLinks?: boolean;
  /** Globs the walk of each folder given leaves out, after its `.roundbookignore` (ingest/collectFiles.ts). */
  exclude?: readonly string[];
}

export interface IngestSummary {
  files: {
    seen: number;
    /** Files the folders' `.roundbookignore` and `--exclude` globs left out (never read). */
    excluded: number;
    parsed: number;
    unchanged: number;
    duplicates: number;
    ok: number;
    partial: number;
    rejected: number;
  };
  /** Rows added by this run, per table. */
  rows_added: Record<string, number>;
  /** Rows in the database after the run, per table. */
  rows_total: Record<string, number>;
  /** Rows per table per report category, over the whole database. */
  by_category: Record<string, Record<string, number>>;
  problems: FileProblem[];
  seconds: number;
}

const BATCH_FILES = 200;

/** Files up to this size may be parsed inline, without a budget (the corpus's largest report is under 200 KB). */
const INLINE_BYTES = 256 * 1024;

export async function ingestPaths(
  db: Db,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const ingestedAt = now().toISOString().replace('T', ' ').replace('Z', '');
  await ensureRawSchema(db, { rebuild: true });
  const {
    files,
    problems: walkProblems,
    excluded,
  } = collectFiles(paths, { followLinks: options.followLinks, exclude: options.exclude });
  const summary: IngestSummary = {
    files: {
      seen: files.length,
      excluded,
      parsed: 0,
      unchanged: 0,
      duplicates: 0,
      ok: 0,
      partial: 0,
      rejected: 0,
    },
    rows_added: {},
    rows_total: {},
    by_category: {},
    problems: walkProblems.map((p) => ({ path: p.path, line: p.line, message: p.message })),
    seconds: 0,
  };

  const known = new Map<string, { source_id: string; mtime_ms: number; bytes: number }>();
  for (const r of await db.all<{ path: string; source_id: string; mtime_ms: number; bytes: number }>(
    'SELECT path, source_id, mtime_ms, bytes FROM source_paths',
  ))
    known.set(r.path, r);
  const current = new Set(
    (
      await db.all<{ source_id: string }>('SELECT source_id FROM sources WHERE parser_version = ?', [
        PARSER_VERSION,
      ])
    ).map((r) => r.source_id),
  );
  const previous = new Map([...known].map(([path, r]) => [path, r.source_id]));
  const held = { known, current };
  const stored = new Set(
    (await db.all<{ source_id: string }>('SELECT source_id FROM sources')).map((r) => r.source_id),
  );

  // Start the workers before reading anything, so their start-up overlaps the reading and hashing.
  const likelyNew = files.filter((f) => !f.path.toLowerCase().endsWith('.jsonl') && !isUnchanged(f, held));
  // A large file is parsed in a worker even in a small ingest: only there does it have a budget.
  const workers =
    options.workers ?? (likelyNew.length >= 50 ? 2 : likelyNew.some((f) => f.bytes > INLINE_BYTES) ? 1 : 0);
  const pool = new ParsePool(workers, options.parseBudget);
  const roundLogs: FoundFile[] = [];
  const toParse: { file: FoundFile; source_id: string; result: Promise<ParsedSource> }[] = [];
  const pathOnly: PathOnly[] = [];
  const inFlightIds = new Set<string>();
  let done = 0;
  const tick = (path: string) => options.onProgress?.(++done, files.length, path);
  try {
    for (const file of files) {
      if (file.path.toLowerCase().endsWith('.jsonl')) {
        roundLogs.push(file);
        continue;
      }
      const k = known.get(file.path);
      if (isUnchanged(file, held)) {
        summary.files.unchanged++;
        tick(file.path);
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file.path);
      } catch (err) {
        summary.problems.push({
          path: file.path,
          line: null,
          message: `cannot read: ${(err as Error).message}`,
        });
        tick(file.path);
        continue;
      }
      const source_id = createHash('sha256').update(bytes).digest('hex');
      if (current.has(source_id) || inFlightIds.has(source_id)) {
        if (k?.source_id !== source_id || k.mtime_ms !== file.mtimeMs)
          pathOnly.push({ path: file.path, source_id, bytes: file.bytes, mtimeMs: file.mtimeMs });
        else summary.files.unchanged++;
        if (k?.source_id !== source_id) summary.files.duplicates++;
        tick(file.path);
        continue;
      }
      inFlightIds.add(source_id);
      toParse.push({ file, source_id, result: pool.parse(bytes, file.path) });
    }

    let batch: ParsedFile[] = [];
    const flush = async () => {
      const files = batch;
      batch = [];
      for (const r of await writeFilesIsolated(db, files, previous, ingestedAt, stored)) {
        const f = files.find((x) => x.path === r.path)!;
        summary.files[f.parsed.status]--;
        summary.files.rejected++;
        for (const [table, rows] of Object.entries(f.parsed.tables)) summary.rows_added[table] -= rows.length;
        summary.problems.push({
          path: r.path,
          line: null,
          message: `the database refused the file's rows: ${r.message}`,
        });
      }
    };
    // Taken off the queue as they are written, so parsed rows do not pile up in memory.
    for (let job = toParse.shift(); job; job = toParse.shift()) {
      const parsed: ParsedSource = await job.result;
      summary.files.parsed++;
      summary.files[parsed.status]++;
      summary.rows_added.sources = (summary.rows_added.sources ?? 0) + 1;
      for (const p of parsed.problems)
        summary.problems.push({ path: job.file.path, line: p.line, message: p.message });
      for (const [table, rows] of Object.entries(parsed.tables))
        summary.rows_added[table] = (summary.rows_added[table] ?? 0) + rows.length;
      batch.push({
        path: job.file.path,
        source_id: job.source_id,
        bytes: job.file.bytes,
        mtimeMs: job.file.mtimeMs,
        parsed,
      });
      tick(job.file.path);
      if (batch.length >= BATCH_FILES) await flush();
    }
    await flush();
    await writeBatch(db, [], pathOnly, previous, ingestedAt, stored);
  } finally {
    await pool.close();
  }

  if (roundLogs.length) {
    // The sources just written are held too: a log with the same bytes as a report of this run is one more path of it.
    for (const id of inFlightIds) current.add(id);
    const logs = await ingestRoundLogFiles(db, roundLogs, ingestedAt, held, tick);
    summary.files.parsed += logs.parsed;
    summary.rows_added.sources = (summary.rows_added.sources ?? 0) + logs.parsed;
    summary.files.unchanged += logs.unchanged;
    summary.files.duplicates += logs.duplicates;
    summary.files.ok += logs.ok;
    summary.files.partial += logs.partial;
    summary.files.rejected += logs.rejected;
    for (const [t, n] of Object.entries(logs.rows_added))
      summary.rows_added[t] = (summary.rows_added[t] ?? 0) + n;
    summary.problems.push(...logs.problems);
  }

  // Every ingest, whatever it parsed: links a killed ingest did not make are made now.
  await linkCrashes(db);

  for (const name of RAW_RELATIONS) {
    const [row] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
    summary.rows_total[name] = row.n;
  }
  summary.by_category = await rowsByCategory(db);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function rowsByCategory(db: Db): Promise<Record<string, Record<string, number>>> {
  // Reports' rows only: the report_ tables behind the views (round logs are not reports).
  const tables = ['rounds', 'batches', 'scaling', 'metrics', 'claims'] as const;
  const sql = `SELECT r.category, count(*) AS files, ${tables
    .map(
      (t) =>
        `sum((SELECT count(*) FROM ${quoteIdent(PARSED_TABLES[t].name)} x WHERE x.source_id = r.source_id)) AS ${t}`,
    )
    .join(', ')} FROM reports r GROUP BY r.category ORDER BY r.category`;
  const out: Record<string, Record<string, number>> = {};
  for (const row of await db.all<Record<string, number | string>>(sql)) {
    const { category, ...counts } = row;
    out[String(category)] = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v ?? 0)]));
  }
  return out;
}
