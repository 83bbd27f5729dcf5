/**
 * The schema: creates the raw tables and views (and the derived tables) and
 * records the schema version. A database written by another version is
 * rebuilt empty by the ingest (which then reads every source again); any
 * other command refuses it with a message that says to run the ingest, so
 * that a query never answers from silently emptied tables.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';
import { DERIVED_TABLES } from './derivedTables.ts';
import { RAW_TABLES, SCHEMA_VERSION } from './rawTables.ts';
import { createTableSql, quoteIdent } from './sql.ts';
import { RAW_RELATIONS, RAW_VIEWS } from './views.ts';

/** The views' definitions as this code has them (recorded with the schema: a changed view is made again). */
const RAW_VIEWS_SHA = createHash('sha256')
  .update(RAW_VIEWS.map((v) => `${v.name}\u0000${v.sql}`).join('\n'))
  .digest('hex');

/**
 * Creates every raw table when missing, (re)creates the views over them and
 * records the schema version. `rebuild`: a database of another version is
 * dropped and made anew (what ingest does); otherwise it is an error. A
 * database already of this schema (version, tables and views' definitions)
 * is not written: a reader (`verdict`, `ask`) leaves it as it was.
 */
export async function ensureRawSchema(db: Db, options: { rebuild?: boolean } = {}): Promise<void> {
  const state = await rawSchemaState(db);
  // Read-only, a database of this version with every table and view is used as it is (its views may be an
  // earlier build's of the same version: they cannot be made again here).
  if (state === 'current' || (state === 'same version' && db.readOnly)) return;
  const hasMeta = await db.all(
    "SELECT 1 FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'roundbook_meta'",
  );
  const [meta] = hasMeta.length
    ? await db.all<{ value: string }>("SELECT value FROM roundbook_meta WHERE key = 'schema_version'")
    : [];
  if (meta && meta.value !== String(SCHEMA_VERSION)) {
    if (!options.rebuild)
      throw new Error(
        `${db.path}: written by another version of roundbook (schema ${meta.value}; this one reads ${SCHEMA_VERSION}): run \`roundbook ingest\` (or build) to rebuild it from its sources`,
      );
    if (db.readOnly) throw new Error(`${db.path}: opened read-only, cannot rebuild it`);
    const names = new Set<string>([...RAW_RELATIONS, ...RAW_TABLES.map((t) => t.name)]);
    for (const name of names) await db.dropRelation(name);
  }
  if (db.readOnly)
    throw new Error(
      `${db.path}: holds no roundbook data of this version yet: run \`roundbook ingest\` (or build) to fill it`,
    );
  await db.run('CREATE TABLE IF NOT EXISTS roundbook_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
  for (const spec of RAW_TABLES) await db.run(createTableSql(spec));
  for (const view of RAW_VIEWS)
    await db.run(`CREATE OR REPLACE VIEW ${quoteIdent(view.name)} AS ${view.sql}`);
  await db.run("INSERT OR REPLACE INTO roundbook_meta VALUES ('schema_version', ?)", [
    String(SCHEMA_VERSION),
  ]);
  await db.run("INSERT OR REPLACE INTO roundbook_meta VALUES ('raw_views', ?)", [RAW_VIEWS_SHA]);
}

/**
 * `current`: `db` holds every raw table and view of this schema version, the views as this code defines them;
 * `same version`: every table and view of this version, views recorded otherwise; `other`: anything else.
 */
async function rawSchemaState(db: Db): Promise<'current' | 'same version' | 'other'> {
  const relations = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main'
     UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal`,
  );
  const names = new Set(relations.map((r) => r.name));
  if (!names.has('roundbook_meta')) return 'other';
  if (RAW_TABLES.some((t) => !names.has(t.name)) || RAW_VIEWS.some((v) => !names.has(v.name))) return 'other';
  const meta = await db.all<{ key: string; value: string }>(
    "SELECT key, value FROM roundbook_meta WHERE key IN ('schema_version', 'raw_views')",
  );
  const value = new Map(meta.map((m) => [m.key, m.value]));
  if (value.get('schema_version') !== String(SCHEMA_VERSION)) return 'other';
  return value.get('raw_views') === RAW_VIEWS_SHA ? 'current' : 'same version';
}

/**
 * Creates the derived tables empty where they are missing, so that pages can
 * be built (showing "no evidence yet") before the first `analyze`.
 */
export async function ensureDerivedTables(db: Db): Promise<void> {
  await ensureRawSchema(db);
  for (const spec of DERIVED_TABLES) await db.run(createTableSql(spec));
}
