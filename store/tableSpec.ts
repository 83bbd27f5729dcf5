/**
 * Table specs: one object per table, from which both the DDL and the row
 * type are derived, so that a column added, renamed or retyped in a spec is a
 * type error wherever its rows are built or read.
 *
 * @example
 *   const T = tableSpec('t', { id: col.text(), n: col.int() });
 *   type T = RowOf<typeof T>; // { id: string | null; n: number | null }
 */
/** The column types the appender writes (store/db.ts), and the struct types DuckDB's JSON reader fills. */
export type ColumnType =
  | 'VARCHAR'
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'TIMESTAMP'
  | 'DATE'
  | 'VARCHAR[]'
  | `STRUCT(${string})`
  | `STRUCT(${string})[]`;

/** A column: its SQL type, whether rows may leave it null, and (at the type level only) the TypeScript type of its values. */
export interface Column<T> {
  readonly type: ColumnType;
  /** False for the `…NN` columns: a row without a value there is no row (ingest/fitRows.ts drops it). */
  readonly nullable: boolean;
  /** Never set: carries the value type for `RowOf`. */
  readonly value?: T;
}

const column = <T>(type: ColumnType, nullable = true): Column<T> => ({ type, nullable });

/** Column constructors; the `…NN` forms are never null in rows the project writes. */
export const col = {
  text: <T extends string = string>() => column<T | null>('VARCHAR'),
  textNN: <T extends string = string>() => column<T>('VARCHAR', false),
  int: () => column<number | null>('INTEGER'),
  intNN: () => column<number>('INTEGER', false),
  bigint: () => column<number | null>('BIGINT'),
  bigintNN: () => column<number>('BIGINT', false),
  double: () => column<number | null>('DOUBLE'),
  doubleNN: () => column<number>('DOUBLE', false),
  bool: () => column<boolean | null>('BOOLEAN'),
  boolNN: () => column<boolean>('BOOLEAN', false),
  /** An ISO date-time text (`YYYY-MM-DD HH:MM:SS[.fff]` or ISO 8601), read back as ISO. */
  timestamp: () => column<string | null>('TIMESTAMP'),
  /** `YYYY-MM-DD`. */
  date: () => column<string | null>('DATE'),
  /** A list of text; null is written as the empty list. */
  textList: () => column<string[]>('VARCHAR[]'),
};

export type Columns = Readonly<Record<string, Column<unknown>>>;

export interface TableSpec<C extends Columns = Columns, N extends string = string> {
  readonly name: N;
  readonly columns: C;
  readonly primaryKey?: readonly string[];
}

/** Declares a table; the column order is the order of `columns`' keys. */
export function tableSpec<const N extends string, const C extends Columns>(
  name: N,
  columns: C,
  options: { primaryKey?: readonly (keyof C & string)[] } = {},
): TableSpec<C, N> {
  return { name, columns, ...options };
}

/** The row type of a table spec. */
export type RowOf<S extends TableSpec> = {
  -readonly [K in keyof S['columns']]: S['columns'][K] extends Column<infer T> ? T : never;
};

/** The (name, SQL type) pairs of a spec, in column order. */
export function columnsOf(spec: TableSpec): [string, ColumnType][] {
  return Object.entries(spec.columns).map(([name, c]) => [name, c.type]);
}
