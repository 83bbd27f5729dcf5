/**
 * The manifest every built site carries (`OUT/.roundbook-site.json`): which
 * database state built it (a fingerprint of the database's content) and the
 * SHA-256 of every file, so that anyone can check that the site's files match
 * the database that built them ({@link checkSite}), and the writer knows which
 * files in a folder are its own.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db.ts';
import { quoteIdent } from '../store/sql.ts';

/** File name of the manifest inside the site. */
export const MANIFEST_NAME = '.roundbook-site.json';

/** What the manifest says. */
export interface SiteManifest {
  /** Format version. */
  roundbook_site: 1;
  /** {@link databaseFingerprint} of the database the site was built from. */
  database: string;
  /** SHA-256 (hex) of every file of the site but the manifest, by file name. */
  files: Record<string, string>;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The manifest's text for `files` built from a database with fingerprint `database`: sorted, so deterministic. */
export function manifestText(database: string, files: ReadonlyMap<string, Uint8Array>): string {
  const hashes: Record<string, string> = {};
  for (const name of [...files.keys()].sort()) hashes[name] = sha256(files.get(name) as Uint8Array);
  const manifest: SiteManifest = { roundbook_site: 1, database, files: hashes };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

/** A manifest read back; undefined when `bytes` is missing or not a manifest. */
export function parseManifest(bytes: Uint8Array | undefined): SiteManifest | undefined {
  if (!bytes) return undefined;
  try {
    const m = JSON.parse(Buffer.from(bytes).toString('utf8')) as SiteManifest;
    if (m?.roundbook_site !== 1 || typeof m.database !== 'string' || typeof m.files !== 'object' || !m.files)
      return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/**
 * A fingerprint of everything in the database a page can read: every table's
 * columns, row count and order-independent sum of row hashes (DuckDB's
 * `hash`), and every view's SQL, hashed together (SHA-256, hex). The same
 * content gives the same fingerprint, whatever the file's layout on disk;
 * any changed, added or removed row changes it. One scan of each table.
 */
export async function databaseFingerprint(db: Db): Promise<string> {
  const tables = await db.all<{ schema: string; name: string }>(
    `SELECT schema_name AS schema, table_name AS name FROM duckdb_tables()
     WHERE NOT internal AND NOT temporary AND database_name = current_database()
     ORDER BY schema_name, table_name`,
  );
  const parts: string[] = [];
  for (const t of tables) {
    const rel = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const [row] = await db.all<{ n: number; h: string | null }>(
      `SELECT count(*) AS n, sum(hash(rb_row))::VARCHAR AS h FROM ${rel} AS rb_row`,
    );
    parts.push(`table ${rel} ${row.n} ${row.h ?? '-'}`);
  }
  const columns = await db.all<{ c: string }>(
    `SELECT schema_name || '.' || table_name || '.' || column_name || ' ' || data_type AS c FROM duckdb_columns()
     WHERE NOT internal AND database_name = current_database() ORDER BY schema_name, table_name, column_index`,
  );
  const views = await db.all<{ v: string }>(
    `SELECT schema_name || '.' || view_name || ' ' || sql AS v FROM duckdb_views()
     WHERE NOT internal AND NOT temporary AND database_name = current_database() ORDER BY schema_name, view_name`,
  );
  return sha256(
    [...parts, ...columns.map((c) => `column ${c.c}`), ...views.map((v) => `view ${v.v}`)].join('\n'),
  );
}

/**
 * Checks a built site against the database, as a reader sees it (through the
 * `OUT` symlink): the manifest is there, names this database's fingerprint,
 * and every file matches its hash, with no other file beside them. Returns the
 * problems, one line each; none when the site is exactly what this database
 * builds.
 */
export async function checkSite(outDir: string, db: Db): Promise<string[]> {
  let manifest: SiteManifest | undefined;
  try {
    manifest = parseManifest(readFileSync(join(outDir, MANIFEST_NAME)));
  } catch {
    return [`${join(outDir, MANIFEST_NAME)}: missing`];
  }
  if (!manifest) return [`${join(outDir, MANIFEST_NAME)}: not a site manifest`];
  const problems: string[] = [];
  const fingerprint = await databaseFingerprint(db);
  if (manifest.database !== fingerprint)
    problems.push(`${outDir}: built from another database state (${manifest.database}, now ${fingerprint})`);
  for (const [name, hash] of Object.entries(manifest.files)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(outDir, name));
    } catch {
      problems.push(`${join(outDir, name)}: listed in the manifest but missing`);
      continue;
    }
    if (sha256(bytes) !== hash) problems.push(`${join(outDir, name)}: differs from the manifest`);
  }
  for (const name of readdirSync(outDir))
    if (name !== MANIFEST_NAME && !(name in manifest.files) && statSync(join(outDir, name)).isFile())
      problems.push(`${join(outDir, name)}: not in the manifest`);
  return problems;
}
