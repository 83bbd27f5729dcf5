/**
 * The one module that opens and writes DuckDB (through `@duckdb/node-api`).
 * It knows no table: specs come from store/rawTables.ts and
 * store/derivedTables.ts, the schema from store/migrate.ts.
 *
 * Values go in as bound parameters or through the appender; identifiers are
 * quoted; appenders are closed in `finally`. Reads come back as plain JSON
 * values: BIGINT as number, DATE as `YYYY-MM-DD`, TIMESTAMP as ISO strings.
 */
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBResultReader,
  type DuckDBValue,
  LIST,
  listValue,
  StatementType,
  VARCHAR,
} from '@duckdb/node-api';
import { createTableSql, quoteIdent } from './sql.ts';
import { type ColumnType, columnsOf, type RowOf, type TableSpec } from './tableSpec.ts';

export type Row = Record<string, unknown>;
export type SqlParam = string | number | boolean | null | bigint;

export class Db {
  private lockedDown = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
    /** Opened for reading only: nothing can be written (other readers may have it open too). */
    readonly readOnly = false,
  ) {}

  /**
   * Opens a database file, creating it when missing (see {@link createDatabaseFile}:
   * a creation that fails leaves nothing behind); `:memory:` for tests.
   * `readOnly`: opened for reading only (other processes may read it at the
   * same time), never created; a missing file is an error.
   */
  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Db> {
    if (options.readOnly) {
      // Never created: a missing file is DuckDB's error, not a new empty database.
      if (path === ':memory:' || !existsSync(path)) throw new Error(`${path}: no such database`);
    } else if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      if (!existsSync(path)) await createDatabaseFile(path);
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (err) {
      if (path !== ':memory:' && existsSync(path) && statSync(path).size === 0)
        throw new Error(
          `${path}: an empty file, not a DuckDB database (left by a creation that failed?); remove it to start a new one`,
          { cause: err },
        );
      throw err;
    }
    const conn = await instance.connect();
    // Times are UTC: a timestamp read from text without an offset is UTC, whatever the machine's zone.
    await conn.run("SET TimeZone = 'UTC'");
    return new Db(instance, conn, path, Boolean(options.readOnly));
  }

  /**
   * Cuts this instance off from everything but its own database, for good:
   * SQL can no longer read or write files or reach the network (`read_text`,
   * `read_csv`, `glob`, `COPY … TO`, `ATTACH`, `INSTALL` fail with DuckDB's
   * "Permission Error"), and no setting can change after it
   * (`lock_configuration`), so SQL cannot switch access back on. DuckDB
   * refuses to re-enable either while the instance runs; use it for SQL that
   * is not ours (notebook pages), after everything that needs files is done.
   * Spilling to DuckDB's own temp folder still works. Idempotent.
   */
  async lockDown(): Promise<void> {
    if (this.lockedDown) return;
    await this.conn.run('SET enable_external_access = false');
    await this.conn.run('SET lock_configuration = true');
    this.lockedDown = true;
  }

  /** Drops a table or view of that name, if there is one. */
  async dropRelation(name: string): Promise<void> {
    const [row] = await this.all<{ type: string }>(
      `SELECT 'VIEW' AS type FROM duckdb_views() WHERE view_name = ? AND NOT internal
       UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = ?`,
      [name, name],
    );
    if (row) await this.run(`DROP ${row.type} ${quoteIdent(name)}`);
  }

  async run(sql: string, params: SqlParam[] = []): Promise<void> {
    if (params.length) await this.conn.run(sql, params as DuckDBValue[]);
    else await this.conn.run(sql);
  }

  /** Runs a query and returns plain JSON-able row objects. */
  async all<T = Row>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    const result = params.length
      ? await this.conn.runAndReadAll(sql, params as DuckDBValue[])
      : await this.conn.runAndReadAll(sql);
    return plainRows<T>(result);
  }

  /**
   * The first `max` rows of a query, read as a stream (DuckDB stops soon after
   * them), and whether there were more.
   */
  async firstRows<T = Row>(
    sql: string,
    max: number,
    params?: Readonly<Record<string, SqlParam>>,
  ): Promise<{ rows: T[]; more: boolean }> {
    let reader: DuckDBResultReader;
    if (params === undefined) reader = await this.conn.streamAndReadUntil(sql, max + 1);
    else {
      const prepared = await this.prepareNamed(sql, params);
      try {
        reader = await prepared.streamAndReadUntil(max + 1);
      } finally {
        prepared.destroySync();
      }
    }
    const rows = plainRows<T>(reader);
    return { rows: rows.slice(0, max), more: rows.length > max || !reader.done };
  }

  /**
   * Prepares `sql` and binds its named parameters (`$name`) from `params`:
   * only the names the statement uses, so one set of values serves every
   * query. A name the statement uses that `params` lacks (or a positional
   * `?`/`$1`) throws, naming it and the names there are.
   */
  private async prepareNamed(
    sql: string,
    params: Readonly<Record<string, SqlParam>>,
  ): Promise<DuckDBPreparedStatement> {
    const prepared = await this.conn.prepare(sql);
    const values: Record<string, DuckDBValue> = {};
    for (let i = 1; i <= prepared.parameterCount; i++) {
      const name = prepared.parameterName(i);
      if (!Object.hasOwn(params, name)) {
        prepared.destroySync();
        const known = Object.keys(params);
        throw new Error(
          `no parameter $${name}: ${known.length ? `the parameters are ${known.map((k) => `$${k}`).join(', ')}` : 'this query has no parameters'}`,
        );
      }
      values[name] = params[name] as DuckDBValue;
    }
    if (prepared.parameterCount) prepared.bind(values);
    return prepared;
  }

  /**
   * The kind of each statement in `sql`, in order, by DuckDB's StatementType
   * name (`SELECT`, `DELETE`, `TRANSACTION`, …): parsed and bound, not run.
   * Throws DuckDB's own error when the SQL does not parse or bind.
   */
  async statementTypes(sql: string): Promise<string[]> {
    const extracted = await this.conn.extractStatements(sql);
    const types: string[] = [];
    for (let i = 0; i < extracted.count; i++) {
      const prepared = await extracted.prepare(i);
      try {
        types.push(StatementType[prepared.statementType] ?? String(prepared.statementType));
      } finally {
        prepared.destroySync();
      }
    }
    return types;
  }

  /** Column names and types of a query's result, without keeping its rows. */
  async describe(
    sql: string,
    params?: Readonly<Record<string, SqlParam>>,
  ): Promise<{ name: string; type: string }[]> {
    const text = `DESCRIBE ${sql}`;
    let rows: { column_name: string; column_type: string }[];
    if (params === undefined) rows = await this.all(text);
    else {
      const prepared = await this.prepareNamed(text, params);
      try {
        rows = plainRows(await prepared.runAndReadAll());
      } finally {
        prepared.destroySync();
      }
    }
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /**
   * Runs `fn` in a transaction: committed when it returns, rolled back when it
   * (or the COMMIT) fails. The error thrown is always the first cause: a
   * failed COMMIT ends DuckDB's transaction, so the ROLLBACK after it fails
   * too ("no transaction is active") and must not replace it.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (err) {
      try {
        await this.run('ROLLBACK');
      } catch {
        // Nothing left to roll back (the failed COMMIT ended it): `err` says why.
      }
      throw err;
    }
  }

  /** Appends rows to a table through DuckDB's appender, in the column order of `spec`. */
  async append<S extends TableSpec>(spec: S, rows: readonly RowOf<S>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = columnsOf(spec);
    const appender = await this.conn.createAppender(spec.name);
    try {
      for (const row of rows as readonly Row[]) {
        for (const [name, type] of columns) appendValue(appender, type, row[name], spec.name, name);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Drops and recreates a (derived) table, then appends its rows. */
  async replaceTable<S extends TableSpec>(spec: S, rows: readonly RowOf<S>[]): Promise<void> {
    await this.run(`DROP TABLE IF EXISTS ${quoteIdent(spec.name)}`);
    await this.run(createTableSql(spec));
    await this.append(spec, rows);
  }

  async tableExists(name: string): Promise<boolean> {
    const rows = await this.all('SELECT 1 FROM information_schema.tables WHERE table_name = ?', [name]);
    return rows.length > 0;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

let creations = 0;

/**
 * Creates a new, empty database at `path` all at once: DuckDB writes it under
 * a temporary name beside it, which is linked into place only when complete.
 * When the writing fails (a full disk, say) what was written is removed, WAL
 * included, and the error names the file and the cause: no half-written file
 * stays behind for every later open to reject. A database that another
 * process created at `path` meanwhile is kept, and this one discarded.
 */
async function createDatabaseFile(path: string): Promise<void> {
  const temp = `${path}.creating-${process.pid}-${++creations}`;
  const discard = () => {
    for (const file of [temp, `${temp}.wal`]) rmSync(file, { force: true });
  };
  try {
    const instance = await DuckDBInstance.create(temp);
    instance.closeSync();
  } catch (err) {
    discard();
    throw new Error(`${path}: cannot create the database: ${(err as Error).message}`, { cause: err });
  }
  try {
    linkSync(temp, path); // never replaces a database created meanwhile
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      // A file system without hard links: rename, which could only replace a database created just now.
      try {
        renameSync(temp, path);
      } catch (renameErr) {
        discard();
        throw new Error(`${path}: cannot create the database: ${(renameErr as Error).message}`, {
          cause: renameErr,
        });
      }
    }
  } finally {
    discard();
  }
}

function appendValue(
  appender: DuckDBAppender,
  type: ColumnType,
  value: unknown,
  table: string,
  column: string,
): void {
  if (value === null || value === undefined) {
    if (type === 'VARCHAR[]') appender.appendList(listValue([]), LIST(VARCHAR));
    else appender.appendNull();
    return;
  }
  switch (type) {
    case 'VARCHAR':
    case 'TIMESTAMP':
    case 'DATE':
      appender.appendVarchar(String(value));
      return;
    case 'INTEGER':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new Error(`${table}.${column}: not an integer: ${String(value)}`);
      appender.appendInteger(value);
      return;
    case 'BIGINT':
      appender.appendBigInt(BigInt(value as number));
      return;
    case 'DOUBLE':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        appender.appendNull();
        return;
      }
      appender.appendDouble(value);
      return;
    case 'BOOLEAN':
      appender.appendBoolean(Boolean(value));
      return;
    case 'VARCHAR[]':
      appender.appendList(listValue((value as unknown[]).map(String)), LIST(VARCHAR));
      return;
    default:
      throw new Error(`${table}.${column}: the appender does not write ${type}`);
  }
}

/** A result's rows as plain JSON-able objects. */
function plainRows<T>(result: DuckDBResultReader): T[] {
  const types = result.columnTypes().map(String);
  const names = result.columnNames();
  return result.getRowObjectsJS().map((raw) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = toPlain(raw[name], types[i]);
    });
    return row as T;
  });
}

function toPlain(value: unknown, type: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return type === 'DATE' ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, undefined));
  if (typeof value === 'object') {
    const out: Row = {};
    for (const [k, v] of Object.entries(value as Row)) out[k] = toPlain(v, undefined);
    return out;
  }
  return value;
}
