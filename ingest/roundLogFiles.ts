/**
 * Round logs (JSONL) in an ingest run: unchanged logs are skipped by size and
 * mtime; a log is identified by the hash of its complete lines, so a torn
 * last line waits for the next ingest and a growing log replaces its earlier
 * prefix. Events are read by DuckDB's JSON reader (`readRoundLogs`), several
 * files per statement; this module records `sources` and `source_paths`
 * beside them, in one transaction per batch of files (a file's rows, source
 * and paths land together or not at all).
 *
 * The database work runs in file order on one queue while the next files are
 * scanned (hashed): DuckDB's statements run on its own threads, so the
 * hashing overlaps them instead of adding to them.
 */
import type { FoundFile } from './collectFiles.ts';
import type { Db } from './db.ts';
import type { FileProblem } from './ingest.ts';
import { PARSER_VERSION } from './parseSource.ts';
import { releasePaths } from './releasePaths.ts';
import { type RoundLogScan, scanRoundLog } from './roundLogScan.ts';
import { BATCH_BYTES, BATCH_FILES, type RoundLogFileResult, readRoundLogs } from './roundLogs.ts';
import { RAW_TABLES } from './schema.ts';

export interface RoundLogIngest {
  parsed: number;
  unchanged: number;
  ok: number;
  partial: number;
  rejected: number;
  rows_added: Record<string, number>;
  problems: FileProblem[];
}

export interface KnownPaths {
  /** path → what the database holds for it. */
  known: ReadonlyMap<string, { source_id: string; mtime_ms: number; bytes: number }>;
  /** Sources parsed by the current parser version. */
  current: ReadonlySet<string>;
}

const spec = (name: string) => RAW_TABLES.find((t) => t.name === name)!;

/** A file with no problem is `ok`; with problems, `partial` when rounds or attempts went in, else `rejected`. */
const statusOf = (rows: RoundLogFileResult) =>
  rows.problems.length === 0 ? 'ok' : rows.rounds + rows.attempts > 0 ? 'partial' : 'rejected';

type PathRow = { path: string; source_id: string; mtime_ms: number; bytes: number };

export async function ingestRoundLogFiles(
  db: Db,
  files: readonly FoundFile[],
  ingestedAt: string,
  { known, current }: KnownPaths,
): Promise<RoundLogIngest> {
  const out: RoundLogIngest = {
    parsed: 0,
    unchanged: 0,
    ok: 0,
    partial: 0,
    rejected: 0,
    rows_added: {},
    problems: [],
  };
  const previous = new Map([...known].map(([path, k]) => [path, k.source_id]));
  // Database work, in order; a failure stops it and is thrown at the end.
  let queue: Promise<void> = Promise.resolve();
  let failed = false;
  const enqueue = (op: () => Promise<void>) => {
    queue = queue.then(op);
    queue.catch(() => {
      failed = true;
    });
  };

  /** Paths whose (unchanged) source the database holds already: only `source_paths` changes. */
  const pathOnly = (row: PathRow) =>
    enqueue(() =>
      db.transaction(async () => {
        await releasePaths(db, [row.path], previous, new Set([row.source_id]));
        await db.append(spec('source_paths'), [row]);
      }),
    );

  /** New sources: their rows, `sources` and `source_paths`; `also` are more paths of the same sources. */
  const ingestBatch = (batch: { row: PathRow; scan: RoundLogScan }[], also: PathRow[]) =>
    enqueue(async () => {
      const files = await db.transaction(async () => {
        await releasePaths(
          db,
          [...batch.map((b) => b.row.path), ...also.map((a) => a.path)],
          previous,
          new Set(also.map((a) => a.source_id)),
        );
        const read = await readRoundLogs(
          db,
          batch.map((b) => ({ path: b.row.path, source_id: b.row.source_id, scan: b.scan })),
        );
        const sources = read.map((rows) => ({
          source_id: rows.source_id,
          path: rows.path,
          kind: 'round_log',
          bytes: rows.bytes,
          ingested_at: ingestedAt,
          status: statusOf(rows),
          problems: rows.problems.map((p) => (p.line != null ? `line ${p.line}: ${p.message}` : p.message)),
          parser_version: PARSER_VERSION,
        }));
        await db.run(
          `DELETE FROM sources WHERE source_id IN (${sources.map(() => '?').join(', ')})`,
          sources.map((s) => s.source_id),
        );
        await db.append(spec('sources'), sources);
        await db.append(spec('source_paths'), [...batch.map((b) => b.row), ...also]);
        return read;
      });
      for (const rows of files) {
        out[statusOf(rows)]++;
        out.parsed++;
        for (const t of ['rounds', 'attempts', 'metrics', 'scaling'] as const)
          out.rows_added[t] = (out.rows_added[t] ?? 0) + rows[t];
        for (const p of rows.problems)
          out.problems.push({ path: rows.path, line: p.line, message: p.message });
      }
    });

  let batch: { row: PathRow; scan: RoundLogScan }[] = [];
  let also: PathRow[] = [];
  let bytes = 0;
  const inBatch = new Set<string>();
  const queued = new Set<string>(); // sources of batches already handed to the queue
  const flush = () => {
    if (batch.length) ingestBatch(batch, also);
    for (const id of inBatch) queued.add(id);
    batch = [];
    also = [];
    bytes = 0;
    inBatch.clear();
  };
  for (const file of files) {
    if (failed) break;
    const k = known.get(file.path);
    if (k && k.bytes === file.bytes && k.mtime_ms === file.mtimeMs && current.has(k.source_id)) {
      out.unchanged++;
      continue;
    }
    const scan = await scanRoundLog(file.path);
    if (scan.bytes === 0) {
      // Nothing complete yet (a runner has just started writing): left for the next ingest.
      out.unchanged++;
      continue;
    }
    const row = { path: file.path, source_id: scan.source_id, mtime_ms: file.mtimeMs, bytes: file.bytes };
    if (current.has(scan.source_id) || queued.has(scan.source_id)) {
      // Same complete lines (only a torn tail changed, the file was touched, or another path has them): no row changes.
      pathOnly(row);
      out.unchanged++;
      continue;
    }
    if (inBatch.has(scan.source_id)) {
      // The same complete lines as a file of this batch: one source, two paths.
      also.push(row);
      out.unchanged++;
      continue;
    }
    if (bytes + scan.bytes > BATCH_BYTES || batch.length >= BATCH_FILES) flush();
    batch.push({ row, scan });
    inBatch.add(scan.source_id);
    bytes += scan.bytes;
  }
  flush();
  await queue;
  return out;
}
