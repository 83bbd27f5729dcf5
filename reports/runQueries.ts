/**
 * Runs the SQL cells of a page against the database, in page order, and keeps
 * every result with its column list (known even when there are no rows).
 * Each cell is one statement (not `COMMIT`, `BEGIN`…) run in a transaction
 * that is rolled back, so a page cannot change the database, and the database is locked down first (no file or
 * network access, no setting changed: `Db.lockDown`), so a page cannot read
 * `/etc/hostname` into itself or `COPY` a table out. `${name}` in a cell's SQL
 * stands for an earlier cell's query as a subquery:
 * `SELECT * FROM ${rates} WHERE n > 10`.
 */
import type { Db, SqlParam } from '../store/db.ts';
import type { PageError } from './errors.ts';
import type { Page, SqlCell } from './page/parsePage.ts';
import type { PageResults, ResultData } from './pageTypes.ts';

/**
 * Rows kept of one cell's result. A cell that only feeds others (`${points}`)
 * may select millions of rows: they are used as SQL, and only this many are
 * read into the page (a table says there were more; charts draw these).
 */
export const MAX_RESULT_ROWS = 100_000;

/** Said before DuckDB's own message when a page's SQL tries to reach a file or the network. */
export const NO_FILE_ACCESS = 'pages read only the database (no file or network access)';

/**
 * Runs every SQL cell of `page` (with `upTo`, the cells up to and including
 * that one). A page made from a templated page's row binds the row's values
 * as named parameters (`$column`). A failing query is an error at its cell's
 * line (moved to the failing SQL line when DuckDB names one) and has no result.
 * Locks `db` down for good before the first query (see `Db.lockDown`): run
 * pages after everything else that needs files. `db` may be a function that
 * opens it, called at the first cell not in `cache` (see {@link QueryCache}).
 */
export async function runQueries(
  database: Db | (() => Promise<Db>),
  page: Page,
  opts: { upTo?: string; cache?: QueryCache } = {},
): Promise<{ results: PageResults; errors: PageError[] }> {
  const cache = opts.cache;
  let opened: Db | undefined = typeof database === 'function' ? undefined : database;
  const connect = async (): Promise<Db> => {
    opened ??= await (database as () => Promise<Db>)();
    await opened.lockDown();
    return opened;
  };
  if (opened) await opened.lockDown();
  const ran = new Map<string, ResultData>();
  const results: PageResults = new Map();
  const errors: PageError[] = [];
  const sources = new Map<string, string>();
  // Values are bound, never spliced into the SQL: a page made from a row gets
  // its values as `$column`; any other page has no parameters (a `$x` is an error).
  const params = page.params ?? {};
  const paramsKey = JSON.stringify(params);
  for (const cell of page.segments) {
    if (cell.kind !== 'sql' || !cell.name) continue;
    if (opts.upTo !== undefined && sources.has(opts.upTo)) break;
    const sql = expandRefs(cell, sources, page.file, errors);
    if (sql === undefined) continue;
    sources.set(cell.name, sql);
    if (!sql.trim()) {
      errors.push({ file: page.file, line: cell.line, message: `SQL cell \`${cell.name}\` is empty` });
      continue;
    }
    const key = `${paramsKey}\u0000${sql}`;
    const known = cache?.get(key);
    if (known) {
      results.set(cell.name, known);
      ran.set(key, known);
      continue;
    }
    const db = await connect();
    try {
      const refusal = await refuse(db, sql);
      if (refusal) {
        errors.push({ file: page.file, line: cell.line, message: `SQL cell \`${cell.name}\`${refusal}` });
        continue;
      }
      const { rows, more } = await inRollback(db, () => db.firstRows(sql, MAX_RESULT_ROWS, params));
      const columns = rows.length ? Object.keys(rows[0]) : await describe(db, sql, params);
      const result: ResultData = more ? { columns, rows, truncated: true } : { columns, rows };
      results.set(cell.name, result);
      ran.set(key, result);
    } catch (err) {
      const message = (err as Error).message.replace(/\s+/g, ' ').trim();
      const m = /LINE (\d+):/.exec(message);
      const line = m && !sql.includes('${') ? cell.bodyLine + Number(m[1]) - 1 : cell.line;
      const why = /^Permission Error\b/.test(message) ? `${NO_FILE_ACCESS}: ` : '';
      errors.push({ file: page.file, line, message: `SQL error in \`${cell.name}\`: ${why}${message}` });
    }
  }
  if (cache) {
    cache.clear();
    for (const [key, result] of ran) cache.set(key, result);
  }
  return { results, errors };
}

/**
 * Results of a page's last run by the SQL that made them (references
 * expanded, with the page's parameters), for a caller that knows the database has not changed since (the
 * live preview): a cell whose SQL is in it is not run again, and a page whose
 * every cell is in it does not open the database. `runQueries` leaves in it
 * exactly the results of its run.
 */
export type QueryCache = Map<string, ResultData>;

function expandRefs(
  cell: SqlCell,
  sources: Map<string, string>,
  file: string,
  errors: PageError[],
): string | undefined {
  let ok = true;
  const sql = cell.sql
    .replace(/;\s*$/, '')
    .replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (_, name: string) => {
      const src = sources.get(name);
      if (src === undefined) {
        ok = false;
        errors.push({
          file,
          line: cell.line,
          message: `SQL cell \`${cell.name}\`: \${${name}} names no earlier SQL cell that ran`,
        });
        return '';
      }
      return `(${src})`;
    });
  return ok ? sql : undefined;
}

/**
 * Why a cell's SQL may not run, or undefined: each cell runs as one statement
 * in a transaction that is rolled back, so a second statement (after a
 * `COMMIT`, it would write for good) or a statement that ends or starts a
 * transaction would break that promise.
 */
async function refuse(db: Db, sql: string): Promise<string | undefined> {
  const types = await db.statementTypes(sql);
  if (types.length !== 1) return ` holds ${types.length} statements: a cell runs one`;
  if (types[0] === 'TRANSACTION')
    return ': a page cannot end or start a transaction (its queries are rolled back)';
  return undefined;
}

async function inRollback<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  await db.run('BEGIN TRANSACTION');
  try {
    return await fn();
  } finally {
    await db.run('ROLLBACK');
  }
}

async function describe(db: Db, sql: string, params: Readonly<Record<string, SqlParam>>): Promise<string[]> {
  try {
    return (await inRollback(db, () => db.describe(sql, params))).map((c) => c.name);
  } catch {
    return [];
  }
}
