/**
 * `roundbook analyze`: the derive step. Runs the registry of derived tables
 * (`producers.ts`): every load any producer declares, once; every producer's
 * rows, by pure functions; then replaces every derived table in one
 * transaction, so a failure leaves the previous tables whole. Nothing here
 * reads the clock or an unseeded random source inside the rows, so the same
 * raw tables give the same derived rows in the same order.
 */
import type { Db } from '../../store/db.ts';
import { ensureRawSchema } from '../../store/migrate.ts';
import { loadAll } from './loaders.ts';
import type { Producer } from './producer.ts';
import { PRODUCERS } from './producers.ts';

/** What `analyze` wrote: rows per derived table (in registry order), and the time it took. */
export interface AnalyzeSummary {
  rows: Record<string, number>;
  seconds: number;
}

/**
 * Recomputes every derived table from the raw tables of `db` and writes them
 * all or none. Throws when the database was written by another schema
 * version (run the ingest first).
 */
export async function analyze(db: Db): Promise<AnalyzeSummary> {
  const started = performance.now();
  await ensureRawSchema(db);
  const producers: readonly Producer[] = Object.values(PRODUCERS);
  const loaded = await loadAll(db, new Set(producers.flatMap((p) => p.loads)));
  const tables = producers.map((p) => ({ spec: p.spec, rows: p.rows(loaded) }));
  await db.transaction(async () => {
    for (const t of tables) await db.replaceTable(t.spec, t.rows);
  });
  return {
    rows: Object.fromEntries(tables.map((t) => [t.spec.name, t.rows.length])),
    seconds: (performance.now() - started) / 1000,
  };
}
