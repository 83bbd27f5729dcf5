/**
 * What must hold after every ingest, whatever the files held, checked in one
 * place for the ingest tests and the fuzzer (ingest/fuzz/):
 *
 * - every input path is recorded: each file the walk found has its path in
 *   `source_paths`, on a source that `sources` holds;
 * - every `sources` row has its rows and no row lacks its source: a report
 *   read `ok` or `partial` has its `reports` row, a crash file read `ok` or
 *   `partial` its crashes, a round log read `ok` or `partial` its
 *   `round_logs` row; a `rejected` file has no rows at all; every row of a
 *   per-source table, log and path names a source that is there;
 * - every link is complete: an attempt's crash exists and is tied to a
 *   round (two attempts may name one report), a crash's round exists, every `attempt_crashes` row ties
 *   an attempt and a crash that exist;
 * - a second ingest of the same paths changes no row (`reingest`).
 *
 * Returns the violations as sentences (none: `[]`), so that a test shows them all at once.
 */
import type { Db } from '../store/db.ts';
import { PER_SOURCE_TABLES, RAW_TABLES } from '../store/rawTables.ts';
import { quoteIdent } from '../store/sql.ts';
import { type CollectOptions, collectFiles } from './collectFiles.ts';
import { type IngestOptions, ingestPaths } from './ingest.ts';

export interface InvariantOptions extends CollectOptions {
  /** Ingest the paths again and require every raw table unchanged (default true). */
  reingest?: boolean;
  /** Options for that second ingest (its clock, workers). */
  ingest?: IngestOptions;
}

/** The violations of the ingest invariants (module comment) for a database ingested from `paths`. */
export async function ingestInvariants(
  db: Db,
  paths: readonly string[],
  options: InvariantOptions = {},
): Promise<string[]> {
  const out: string[] = [];
  const list = async (sql: string, say: (row: Record<string, unknown>) => string) => {
    for (const row of await db.all<Record<string, unknown>>(`${sql} LIMIT 20`)) out.push(say(row));
  };

  // Every input path recorded.
  const recorded = new Set(
    (
      await db.all<{ path: string }>('SELECT p.path FROM source_paths p JOIN sources s USING (source_id)')
    ).map((r) => r.path),
  );
  for (const f of collectFiles(paths, options).files)
    if (!recorded.has(f.path)) out.push(`${f.path}: an input path with no source`);

  // Every source has its rows; no row without its source.
  await list(
    `SELECT s.path, s.kind, s.status FROM sources s WHERE s.status <> 'rejected' AND NOT CASE s.kind
       WHEN 'report' THEN EXISTS (SELECT 1 FROM reports r WHERE r.source_id = s.source_id)
       WHEN 'round_log' THEN EXISTS (SELECT 1 FROM round_logs l WHERE l.source_id = s.source_id)
       ELSE EXISTS (SELECT 1 FROM crashes c WHERE c.source_id = s.source_id) END`,
    (r) => `${r.path}: a ${r.kind} read ${r.status} without its rows`,
  );
  const perSource = [...PER_SOURCE_TABLES.map((t) => t.name), 'round_logs'];
  for (const table of perSource) {
    await list(
      `SELECT s.path, s.status FROM sources s WHERE s.status = 'rejected'
       AND EXISTS (SELECT 1 FROM ${quoteIdent(table)} x WHERE x.source_id = s.source_id)`,
      (r) => `${r.path}: rejected, yet it has rows in ${table}`,
    );
    await list(
      `SELECT DISTINCT x.source_id FROM ${quoteIdent(table)} x
       WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.source_id = x.source_id)`,
      (r) => `${table}: rows of source ${r.source_id}, which sources does not hold`,
    );
  }
  await list(
    `SELECT DISTINCT e.log_id FROM round_events e WHERE NOT EXISTS (SELECT 1 FROM round_logs l WHERE l.log_id = e.log_id)`,
    (r) => `round_events: events of log ${r.log_id}, which round_logs does not hold`,
  );
  await list(
    `SELECT s.path FROM sources s WHERE NOT EXISTS (SELECT 1 FROM source_paths p WHERE p.source_id = s.source_id)`,
    (r) => `${r.path}: a source no path holds`,
  );
  await list(
    `SELECT p.path FROM source_paths p WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.source_id = p.source_id)`,
    (r) => `${r.path}: a path whose source is gone`,
  );

  // Every link complete.
  await list(
    `SELECT a.round_uid, a.attempt_no, a.crash_uid FROM attempts a WHERE a.crash_uid IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM crashes c WHERE c.crash_uid = a.crash_uid AND c.round_uid IS NOT NULL)`,
    (r) => `attempt ${r.round_uid}#${r.attempt_no}: its crash ${r.crash_uid} is missing or tied to no round`,
  );
  await list(
    `SELECT c.crash_uid, c.round_uid FROM crashes c WHERE c.round_uid IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.round_uid = c.round_uid)`,
    (r) => `crash ${r.crash_uid}: tied to round ${r.round_uid}, which has no attempt`,
  );
  await list(
    `SELECT l.round_uid, l.attempt_no, l.crash_uid FROM attempt_crashes l
     WHERE NOT EXISTS (SELECT 1 FROM crashes c WHERE c.crash_uid = l.crash_uid)
        OR NOT EXISTS (SELECT 1 FROM attempts a WHERE a.round_uid = l.round_uid AND a.attempt_no = l.attempt_no)`,
    (r) => `attempt_crashes: ${r.round_uid}#${r.attempt_no} → ${r.crash_uid} ties what is not there`,
  );

  if (options.reingest ?? true) {
    const before = await rawSnapshot(db);
    await ingestPaths(db, paths, { followLinks: options.followLinks, ...options.ingest });
    const after = await rawSnapshot(db);
    for (const [table, rows] of Object.entries(before)) {
      const now = new Set(after[table]);
      const was = new Set(rows);
      const gone = rows.filter((r) => !now.has(r)).length;
      const added = after[table].filter((r) => !was.has(r)).length;
      if (gone || added) out.push(`re-ingest changed ${table}: ${gone} rows gone, ${added} added`);
    }
  }
  return out;
}

/** Every raw table's rows, each as JSON text, sorted. */
async function rawSnapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of RAW_TABLES)
    out[t.name] = (await db.all(`SELECT * FROM ${quoteIdent(t.name)}`)).map((r) => JSON.stringify(r)).sort();
  return out;
}
