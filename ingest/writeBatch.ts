/**
 * Writes parsed sources to the raw tables. All rows of a batch of files go in
 * one transaction (so every file's rows land together or not at all); a path
 * whose bytes changed has its old source's rows removed first, unless another
 * path still holds those bytes.
 */
import type { Db } from '../store/db.ts';
import {
  PARSED_TABLES,
  type ParsedTableName,
  type Problem,
  SOURCE_PATHS,
  SOURCES,
  type SourceRow,
} from '../store/rawTables.ts';
import type { RowOf } from '../store/tableSpec.ts';
import type { SourceKind, SourceStatus } from '../store/vocabulary.ts';
import type { ParsedSource } from './parseSource.ts';
import { PARSER_VERSION } from './parseSource.ts';
import { deleteSource, releasePaths } from './releasePaths.ts';

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

/** Each parsed table's rows as stored: with their source id, round uids made global. */
type StoredRows = { [K in ParsedTableName]: RowOf<(typeof PARSED_TABLES)[K]>[] };

/** Adds one parsed file's rows to `into`, with its source id filled in and round uids made global. */
function addFileRows(into: StoredRows, file: ParsedFile): void {
  const { source_id } = file;
  const t = file.parsed.tables;
  const prefix = source_id.slice(0, 12);
  for (const r of t.reports ?? []) into.reports.push({ ...r, source_id });
  for (const r of t.rounds ?? [])
    into.rounds.push({
      ...r,
      source_id,
      round_uid: `${prefix}:${r.round_uid}`,
      campaign: null,
      fingerprint: null,
    });
  for (const r of t.batches ?? []) into.batches.push({ ...r, source_id });
  for (const r of t.scaling ?? []) into.scaling.push({ ...r, source_id });
  for (const r of t.metrics ?? []) into.metrics.push({ ...r, source_id });
  for (const r of t.claims ?? []) into.claims.push({ ...r, source_id });
  for (const r of t.environment_facts ?? []) into.environment_facts.push({ ...r, source_id });
  for (const r of t.crashes ?? []) into.crashes.push({ ...r, source_id });
  for (const r of t.crash_captures ?? []) into.crash_captures.push({ ...r, source_id });
}

/** Appends one table's stored rows. */
function appendTable<K extends ParsedTableName>(db: Db, name: K, rows: StoredRows): Promise<void> {
  return db.append(PARSED_TABLES[name], rows[name]);
}

/** The `sources` row of a file read now: its status, and its problems as text (`line N: …`). */
export function sourceRow(
  f: {
    source_id: string;
    path: string;
    kind: SourceKind | null;
    bytes: number;
    status: SourceStatus;
    problems: readonly Problem[];
  },
  ingestedAt: string,
): SourceRow {
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
    const rows: StoredRows = {
      reports: [],
      rounds: [],
      batches: [],
      scaling: [],
      metrics: [],
      claims: [],
      environment_facts: [],
      crashes: [],
      crash_captures: [],
    };
    const sources: SourceRow[] = [];
    const seenIds = new Set<string>();
    for (const f of files) {
      if (seenIds.has(f.source_id)) continue;
      seenIds.add(f.source_id);
      sources.push(sourceRow({ ...f, ...f.parsed }, ingestedAt));
      addFileRows(rows, f);
    }
    await db.append(SOURCES, sources);
    for (const name of Object.keys(rows) as ParsedTableName[]) await appendTable(db, name, rows);
    await db.append(
      SOURCE_PATHS,
      touched.map((f) => ({ path: f.path, source_id: f.source_id, mtime_ms: f.mtimeMs, bytes: f.bytes })),
    );
  });
}

/** A file whose rows the database refused: recorded `rejected`, without rows. */
export interface RefusedFile {
  path: string;
  source_id: string;
  /** The database's error. */
  message: string;
}

/**
 * `writeBatch` for parsed files, with each file's failure kept to itself: when
 * the batch's transaction fails, it is written again in halves, down to single
 * files; a file that fails alone is recorded `rejected` (its `sources` row and
 * path, no rows) with the database's error as a problem, so one bad file
 * neither stops the ingest nor the files beside it. When even that record
 * cannot be written (a full disk, a lost database), the first error is thrown.
 */
export async function writeFilesIsolated(
  db: Db,
  files: readonly ParsedFile[],
  previous: ReadonlyMap<string, string>,
  ingestedAt: string,
  stored: ReadonlySet<string>,
): Promise<RefusedFile[]> {
  try {
    await writeBatch(db, files, [], previous, ingestedAt, stored);
    return [];
  } catch (err) {
    if (files.length > 1) {
      const half = Math.ceil(files.length / 2);
      const first = await writeFilesIsolated(db, files.slice(0, half), previous, ingestedAt, stored);
      return [...first, ...(await writeFilesIsolated(db, files.slice(half), previous, ingestedAt, stored))];
    }
    const [file] = files;
    const message = (err as Error).message;
    const refused: ParsedFile = {
      ...file,
      parsed: {
        ...file.parsed,
        status: 'rejected',
        tables: {},
        problems: [
          ...file.parsed.problems,
          { line: null, message: `the database refused the file's rows: ${message}` },
        ],
      },
    };
    try {
      await writeBatch(db, [refused], [], previous, ingestedAt, stored);
    } catch {
      throw err;
    }
    return [{ path: file.path, source_id: file.source_id, message }];
  }
}
