/**
 * The schema: creates the raw tables and views (and the derived tables) and
 * records the schema version. A database written by another version is
 * rebuilt empty by the ingest (which then reads every source again); any
 * other command refuses it with a message that says to run the ingest, so
 * that a query never answers from silently emptied tables.
 */
import type { Db } from './db.ts';
import { DERIVED_TABLES } from './derivedTables.ts';
import { RAW_TABLES, SCHEMA_VERSION } from './rawTables.ts';
import { createTableSql, quoteIdent } from './sql.ts';
import { RAW_RELATIONS, RAW_VIEWS } from './views.ts';

/**
 * Creates every raw table when missing, (re)creates the views over them and
 * records the schema version. `rebuild`: a database of another version is
 * dropped and made anew (what ingest does); otherwise it is an error.
 */
export async function ensureRawSchema(db: Db, options: { rebuild?: boolean } = {}): Promise<void> {
  await db.run('CREATE TABLE IF NOT EXISTS roundbook_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
  const [meta] = await db.all<{ value: string }>(
    "SELECT value FROM roundbook_meta WHERE key = 'schema_version'",
  );
  if (meta && meta.value !== String(SCHEMA_VERSION)) {
    if (!options.rebuild)
      throw new Error(
        `${db.path}: written by another version of roundbook (schema ${meta.value}; this one reads ${SCHEMA_VERSION}): run \`roundbook ingest\` (or build) to rebuild it from its sources`,
      );
    const names = new Set<string>([...RAW_RELATIONS, ...RAW_TABLES.map((t) => t.name)]);
    for (const name of names) await db.dropRelation(name);
  }
  for (const spec of RAW_TABLES) await db.run(createTableSql(spec));
  for (const view of RAW_VIEWS)
    await db.run(`CREATE OR REPLACE VIEW ${quoteIdent(view.name)} AS ${view.sql}`);
  await db.run("INSERT OR REPLACE INTO roundbook_meta VALUES ('schema_version', ?)", [
    String(SCHEMA_VERSION),
  ]);
}

/**
 * Creates the derived tables empty where they are missing, so that pages can
 * be built (showing "no evidence yet") before the first `analyze`.
 */
export async function ensureDerivedTables(db: Db): Promise<void> {
  await ensureRawSchema(db);
  for (const spec of DERIVED_TABLES) await db.run(createTableSql(spec));
}
