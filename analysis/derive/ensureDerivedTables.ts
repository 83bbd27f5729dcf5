import type { Db } from '../../ingest/db.ts';
import { createTableSql } from '../../ingest/schema.ts';
import { DERIVED_TABLES } from './tables.ts';

/**
 * Creates the derived tables empty where they are missing, so that pages can
 * be built (showing "no evidence yet") before the first `analyze`.
 */
export async function ensureDerivedTables(db: Db): Promise<void> {
  await db.ensureRawSchema();
  for (const spec of DERIVED_TABLES) await db.run(createTableSql(spec));
}
