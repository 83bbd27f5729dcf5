/**
 * Round logs (JSONL) in an ingest run: unchanged logs are skipped by size and
 * mtime; a log is identified by the hash of its complete lines, so a torn
 * last line waits for the next ingest and a growing log replaces its earlier
 * prefix. Rows are read by DuckDB's JSON reader (`ingestRoundLogs`); this
 * module records `sources` and `source_paths` beside them, in one transaction
 * per file.
 */
import type { FoundFile } from './collectFiles.ts';
import type { Db } from './db.ts';
import type { FileProblem } from './ingest.ts';
import { PARSER_VERSION } from './parseSource.ts';
import { releasePaths } from './releasePaths.ts';
import { ingestRoundLogs, scanRoundLog } from './roundLogs.ts';
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
  for (const file of files) {
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
    const pathRow = { path: file.path, source_id: scan.source_id, mtime_ms: file.mtimeMs, bytes: file.bytes };
    if (current.has(scan.source_id)) {
      // Same complete lines (only a torn tail changed, or the file was touched): no row changes.
      await db.transaction(async () => {
        await releasePaths(db, [file.path], previous, new Set([scan.source_id]));
        await db.append(spec('source_paths'), [pathRow]);
      });
      out.unchanged++;
      continue;
    }
    await db.transaction(async () => {
      await releasePaths(db, [file.path], previous, new Set());
      const result = await ingestRoundLogs(db, [{ path: file.path, source_id: scan.source_id }], {
        transaction: false,
      });
      const rows = result.files[0];
      const status =
        rows.problems.length === 0 ? 'ok' : rows.rounds + rows.attempts > 0 ? 'partial' : 'rejected';
      out[status]++;
      out.parsed++;
      for (const t of ['rounds', 'attempts', 'metrics', 'scaling'] as const)
        out.rows_added[t] = (out.rows_added[t] ?? 0) + rows[t];
      for (const p of rows.problems) out.problems.push({ path: file.path, line: p.line, message: p.message });
      await db.run('DELETE FROM sources WHERE source_id = ?', [scan.source_id]);
      await db.append(spec('sources'), [
        {
          source_id: scan.source_id,
          path: file.path,
          kind: 'round_log',
          bytes: scan.bytes,
          ingested_at: ingestedAt,
          status,
          problems: rows.problems.map((p) => (p.line != null ? `line ${p.line}: ${p.message}` : p.message)),
          parser_version: PARSER_VERSION,
        },
      ]);
      await db.append(spec('source_paths'), [pathRow]);
    });
  }
  return out;
}
