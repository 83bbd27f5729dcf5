/**
 * SQL text built by the project: identifiers and literals are quoted here and
 * nowhere else. Values from data go in as bound parameters (store/db.ts);
 * `quoteLiteral` is for the few places DuckDB takes no parameter (SET, the
 * arguments of table functions built once from constants).
 */
import type { TableSpec } from './tableSpec.ts';

/** `name` as a SQL identifier: `"name"`, inner quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `text` as a SQL string literal: `'text'`, inner quotes doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `CREATE TABLE IF NOT EXISTS` for a spec. */
export function createTableSql(spec: TableSpec): string {
  const cols = Object.entries(spec.columns).map(([name, c]) => `${quoteIdent(name)} ${c.type}`);
  if (spec.primaryKey) cols.push(`PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(spec.name)} (${cols.join(', ')})`;
}
