/**
 * Round logs (JSONL) in an ingest run: unchanged logs are skipped by size and
 * mtime; a log is identified by the hash of its complete lines, so a torn
 * last line waits for the next ingest and a growing log replaces its earlier
 * prefix. Events are read by DuckDB's JSON reader (`readRoundLogs`), several
 * files per statement, while the same files are hashed (DuckDB's statements
 * run on its own threads, so the hashing overlaps them instead of adding to
 * them); this module decides from the hashes which files are new sources,
 * and records `sources` and `source_paths` beside their rows, in one
 * transaction per batch of files (a file's rows, source and paths land
 * together or not at all).
 */

import type { Db } from '../store/db.ts';
import { SOURCE_PATHS, SOURCES } from '../store/rawTables.ts';
import type { SourceStatus } from '../store/vocabulary.ts';
import type { FileProblem, FoundFile } from './collectFiles.ts';
import { withLowerMemoryLimit } from './memoryLimit.ts';
import { deleteRoundLogs, releasePaths } from './releasePaths.ts';
import { type RoundLogScan, scanRoundLog } from './roundLogScan.ts';
import {
  BATCH_BYTES,
  BATCH_FILES,
  type RoundLogFileResult,
  type RoundLogRead,
  readRoundLogs,
} from './roundLogs.ts';
import { sourceRow } from './writeBatch.ts';

export interface RoundLogIngest {
  parsed: number;
  unchanged: number;
  /** Logs whose complete lines another path holds (or held already): one more path of that source. */
  duplicates: number;
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

/** The database holds this path at this size and mtime, read by the current parser: nothing to do. */
export function isUnchanged(file: FoundFile, { known, current }: KnownPaths): boolean {
  const k = known.get(file.path);
  return k !== undefined && k.bytes === file.bytes && k.mtime_ms === file.mtimeMs && current.has(k.source_id);
}

/** A file with no problem is `ok`; with problems, `partial` when rounds or attempts went in, else `rejected`. */
const statusOf = (rows: RoundLogFileResult): SourceStatus =>
  rows.problems.length === 0 ? 'ok' : rows.rounds + rows.attempts > 0 ? 'partial' : 'rejected';

type PathRow = { path: string; source_id: string; mtime_ms: number; bytes: number };

export async function ingestRoundLogFiles(
  db: Db,
  files: readonly FoundFile[],
  ingestedAt: string,
  held: KnownPaths,
  /** Called once per file when it is done with (skipped, or its batch committed): for progress. */
  onFile: (path: string) => void = () => {},
): Promise<RoundLogIngest> {
  const out: RoundLogIngest = {
    parsed: 0,
    unchanged: 0,
    duplicates: 0,
    ok: 0,
    partial: 0,
    rejected: 0,
    rows_added: {},
    problems: [],
  };
  const { known, current } = held;
  const previous = new Map([...known].map(([path, k]) => [path, k.source_id]));
  const written = new Set<string>(); // sources written by earlier batches of this run

  /**
   * One batch: its events read while it is hashed; new sources kept, paths of
   * known ones recorded. `sanitize`: lines that are no JSON are left out of
   * DuckDB's read (ingest/roundLogs.ts); `refused`: the (one) file is not read,
   * only recorded rejected with this reason.
   */
  const ingestBatch = async (batch: FoundFile[], how: { sanitize?: boolean; refused?: string } = {}) => {
    const found = new Map(batch.map((f) => [f.path, f]));
    const paths: PathRow[] = []; // every path of the batch with complete lines, and its source
    const inBatch = new Set<string>();
    const keep = ({ path, scan }: { path: string; scan: RoundLogScan }) => {
      const f = found.get(path)!;
      paths.push({ path, source_id: scan.source_id, mtime_ms: f.mtimeMs, bytes: f.bytes });
      // Complete lines held already (only a torn tail changed, the file was touched, or another path
      // has them), or those of a file earlier in this batch: one source, one more path.
      if (current.has(scan.source_id) || written.has(scan.source_id) || inBatch.has(scan.source_id))
        return false;
      inBatch.add(scan.source_id);
      return true;
    };
    const read = await withLowerMemoryLimit(db, () =>
      db.transaction(async () => {
        const read =
          how.refused === undefined
            ? await readRoundLogs(
                db,
                batch.map((f) => ({ path: f.path, sanitize: how.sanitize })),
                { keep },
              )
            : await refusedRead(batch[0].path, how.refused, keep);
        const kept = read.flatMap(({ result }) => (result ? [result] : []));
        // A rejected log gave no rounds or attempts: its unusable lines are not kept either.
        await deleteRoundLogs(
          db,
          kept.filter((r) => statusOf(r) === 'rejected').map((r) => r.source_id),
        );
        // The new sources' rows are written; other sources lose a path, and their rows when it was their last.
        await releasePaths(
          db,
          paths.map((p) => p.path),
          previous,
          new Set(paths.map((p) => p.source_id)),
        );
        if (kept.length) {
          await db.run(
            `DELETE FROM sources WHERE source_id IN (${kept.map(() => '?').join(', ')})`,
            kept.map((r) => r.source_id),
          );
          await db.append(
            SOURCES,
            kept.map((r) => sourceRow({ ...r, kind: 'round_log', status: statusOf(r) }, ingestedAt)),
          );
        }
        await db.append(SOURCE_PATHS, paths);
        return read;
      }),
    );
    for (const f of batch) onFile(f.path);
    for (const { path, scan, result: rows } of read) {
      if (!rows) {
        // Its source is held already: the same path as before (touched, or a torn tail changed), or a copy.
        if (previous.get(path) === scan.source_id) out.unchanged++;
        else out.duplicates++;
        continue;
      }
      written.add(rows.source_id);
      out[statusOf(rows)]++;
      out.parsed++;
      for (const t of ['rounds', 'attempts', 'metrics', 'scaling'] as const)
        out.rows_added[t] = (out.rows_added[t] ?? 0) + rows[t];
      for (const p of rows.problems) out.problems.push({ path: rows.path, line: p.line, message: p.message });
    }
  };

  /**
   * `ingestBatch`, with each file's failure kept to itself: a batch DuckDB
   * fails on (out of memory, or a file its JSON reader throws on) is read
   * again in halves; a file that fails alone is read again with its non-JSON
   * lines left out, and failing that, recorded rejected with DuckDB's error.
   * Only what cannot be written even then (a full disk) is thrown: its first
   * cause.
   */
  const ingestIsolated = async (batch: FoundFile[]): Promise<void> => {
    try {
      await ingestBatch(batch);
      return;
    } catch (err) {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await ingestIsolated(batch.slice(0, half));
        await ingestIsolated(batch.slice(half));
        return;
      }
      try {
        await ingestBatch(batch, { sanitize: true });
        return;
      } catch {
        // recorded below, with the first error
      }
      const message = `DuckDB's JSON reader failed on it: ${(err as Error).message}`;
      try {
        await ingestBatch(batch, { refused: message });
      } catch {
        throw err;
      }
    }
  };

  let batch: FoundFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (isUnchanged(file, held)) {
      out.unchanged++;
      onFile(file.path);
      continue;
    }
    if (batch.length && (bytes + file.bytes > BATCH_BYTES || batch.length >= BATCH_FILES)) {
      await ingestIsolated(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.bytes;
  }
  if (batch.length) await ingestIsolated(batch);
  return out;
}

/** A file DuckDB could not read, as `readRoundLogs` would give it back: scanned, no events, `reason` its problem. */
async function refusedRead(
  path: string,
  reason: string,
  keep: (file: { path: string; scan: RoundLogScan }) => boolean,
): Promise<RoundLogRead[]> {
  const scan = await scanRoundLog(path);
  const result: RoundLogFileResult = {
    path,
    source_id: scan.source_id,
    bytes: scan.lines === 0 ? scan.bytes + scan.tornBytes : scan.bytes,
    rounds: 0,
    attempts: 0,
    metrics: 0,
    scaling: 0,
    problems: [{ line: null, message: reason }],
  };
  return [{ path, scan, result: keep({ path, scan }) ? result : null }];
}
