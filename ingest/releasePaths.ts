import type { Db } from '../store/db.ts';
import { PER_SOURCE_TABLES } from '../store/rawTables.ts';
import { quoteIdent } from '../store/sql.ts';

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

/** Removes a source and every row read from it (and the ties of its crashes to attempts). */
export async function deleteSource(db: Db, sourceId: string): Promise<void> {
  await db.run(
    'DELETE FROM attempt_crashes WHERE crash_uid IN (SELECT crash_uid FROM crashes WHERE source_id = ?)',
    [sourceId],
  );
  for (const table of PER_SOURCE_TABLES)
    await db.run(`DELETE FROM ${quoteIdent(table.name)} WHERE source_id = ?`, [sourceId]);
  await deleteRoundLogs(db, [sourceId]);
  await db.run('DELETE FROM sources WHERE source_id = ?', [sourceId]);
}

/** Removes the round-log events of these sources and their `round_logs` rows (only logs numbered below `before`, when given). */
export async function deleteRoundLogs(db: Db, sourceIds: readonly string[], before?: number): Promise<void> {
  if (sourceIds.length === 0) return;
  const logs = `source_id IN (${sourceIds.map(() => '?').join(', ')})${before != null ? ` AND log_id < ${Math.floor(before)}` : ''}`;
  const ids = await db.all<{ log_id: number }>(`SELECT log_id FROM round_logs WHERE ${logs}`, [...sourceIds]);
  if (ids.length === 0) return; // nothing held: no scan of round_events
  const list = ids.map((r) => Number(r.log_id)).join(', ');
  await db.run(`DELETE FROM round_events WHERE log_id IN (${list})`);
  await db.run(`DELETE FROM round_logs WHERE log_id IN (${list})`);
}
