import type { Db } from './db.ts';
import { PER_SOURCE_TABLES, quoteIdent } from './schema.ts';

/**
 * Points `paths` away from the sources they held before: their `source_paths`
 * rows are removed, and a previous source that no path holds any more (and
 * that is not in `keep`) loses all its rows. Call inside the transaction that
 * writes the paths' new rows.
 */
export async function releasePaths(
  db: Db,
  paths: readonly string[],
  previous: ReadonlyMap<string, string>,
  keep: ReadonlySet<string>,
): Promise<void> {
  const orphans = new Set<string>();
  for (const path of paths) {
    const old = previous.get(path);
    if (old === undefined) continue; // a path the database has never seen holds nothing
    if (!keep.has(old)) orphans.add(old);
    await db.run('DELETE FROM source_paths WHERE path = ?', [path]);
  }
  for (const id of orphans) {
    if ((await db.all('SELECT 1 FROM source_paths WHERE source_id = ? LIMIT 1', [id])).length > 0) continue;
    await deleteSource(db, id);
  }
}

/** Removes a source and every row read from it. */
export async function deleteSource(db: Db, sourceId: string): Promise<void> {
  for (const table of PER_SOURCE_TABLES)
    await db.run(`DELETE FROM ${quoteIdent(table)} WHERE source_id = ?`, [sourceId]);
  await db.run('DELETE FROM sources WHERE source_id = ?', [sourceId]);
}
