/**
 * Writes parsed sources to the raw tables. All rows of a batch of files go in
 * one transaction (so every file's rows land together or not at all); a path
 * whose bytes changed has its old source's rows removed first, unless another
 * path still holds those bytes.
 */
import type { Db } from './db.ts';
import type { ParsedSource } from './parseSource.ts';
import { PARSER_VERSION } from './parseSource.ts';
import { deleteSource, releasePaths } from './releasePaths.ts';
import { rawTable, storageTable } from './schema.ts';
import type { Problem } from './tables.ts';

export interface ParsedFile {
  path: string;
  source_id: string;
  bytes: number;
  mtimeMs: number;
  parsed: ParsedSource;
}

/** A path that now points at bytes already ingested from another path. */
export interface PathOnly {
  path: string;
  source_id: string;
  bytes: number;
  mtimeMs: number;
}

/** Rows of one parsed file with its source id filled in and round uids made global. */
export function rowsWithProvenance(file: ParsedFile): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  const prefix = file.source_id.slice(0, 12);
  for (const [table, rows] of Object.entries(file.parsed.tables)) {
    out[table] = rows.map((row) => {
      const r: Record<string, unknown> = { ...row, source_id: file.source_id };
      if (table === 'rounds' && typeof r.round_uid === 'string') r.round_uid = `${prefix}:${r.round_uid}`;
      return r;
    });
  }
  return out;
}

/** The `sources` row of a file read now: its status, and its problems as text (`line N: …`). */
export function sourceRow(
  f: {
    source_id: string;
    path: string;
    kind: string | null;
    bytes: number;
    status: string;
    problems: readonly Problem[];
  },
  ingestedAt: string,
): Record<string, unknown> {
  return {
    source_id: f.source_id,
    path: f.path,
    kind: f.kind,
    bytes: f.bytes,
    ingested_at: ingestedAt,
    status: f.status,
    problems: f.problems.map((p) => (p.line != null ? `line ${p.line}: ${p.message}` : p.message)),
    parser_version: PARSER_VERSION,
  };
}

export async function writeBatch(
  db: Db,
  files: readonly ParsedFile[],
  paths: readonly PathOnly[],
  previous: ReadonlyMap<string, string>,
  ingestedAt: string,
  /** Sources the database already holds (parsed by any version). */
  stored: ReadonlySet<string>,
): Promise<void> {
  if (files.length === 0 && paths.length === 0) return;
  await db.transaction(async () => {
    const touched = [...files, ...paths];
    // Re-parsed sources are rewritten whole; other sources survive while a path still holds them.
    for (const f of files) if (stored.has(f.source_id)) await deleteSource(db, f.source_id);
    await releasePaths(
      db,
      touched.map((f) => f.path),
      previous,
      new Set(touched.map((f) => f.source_id)),
    );
    const byTable = new Map<string, Record<string, unknown>[]>();
    const sources: Record<string, unknown>[] = [];
    const seenIds = new Set<string>();
    for (const f of files) {
      if (seenIds.has(f.source_id)) continue;
      seenIds.add(f.source_id);
      sources.push(sourceRow({ ...f, ...f.parsed }, ingestedAt));
      for (const [table, rows] of Object.entries(rowsWithProvenance(f))) {
        const list = byTable.get(table) ?? [];
        for (const r of rows) list.push(r);
        byTable.set(table, list);
      }
    }
    await db.append(rawTable('sources'), sources);
    for (const [table, rows] of byTable) await db.append(storageTable(table), rows);
    await db.append(
      rawTable('source_paths'),
      touched.map((f) => ({ path: f.path, source_id: f.source_id, mtime_ms: f.mtimeMs, bytes: f.bytes })),
    );
  });
}
