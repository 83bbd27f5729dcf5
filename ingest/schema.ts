/**
 * DDL of the raw tables (DESIGN.md "Raw tables"). Column lists drive both
 * CREATE TABLE and the appender's column order, so the two cannot drift.
 *
 * `rounds`, `attempts`, `scaling` and `metrics` are views with the columns
 * DESIGN.md gives them: the rows parsed from reports (stored in
 * `report_rounds`, `report_scaling`, `report_metrics`) and the rows of round
 * logs, which are stored once, as DuckDB's JSON reader reads them, in
 * `round_events` (one row per event line, see ingest/roundEvents.ts).
 * Copying a million attempts into four tables cost more than reading them.
 */
import { ROUND_EVENT_COLUMNS, runnerRowsSql } from './roundEvents.ts';

export type ColumnType =
  | 'VARCHAR'
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'TIMESTAMP'
  | 'DATE'
  | 'VARCHAR[]';

export interface TableSpec<T extends string = ColumnType> {
  name: string;
  columns: ReadonlyArray<readonly [string, T]>;
  primaryKey?: string[];
}

/** Bumped whenever a raw table changes shape; a database with another version is rebuilt. */
export const SCHEMA_VERSION = 2;

const provenance = [
  ['source_id', 'VARCHAR'],
  ['line', 'INTEGER'],
] as const;

const configLabels = [
  ['fix_variant', 'VARCHAR'],
  ['torch_version', 'VARCHAR'],
  ['threads', 'INTEGER'],
  ['wrapper', 'VARCHAR'],
] as const;

export const RAW_TABLES: readonly TableSpec[] = [
  {
    name: 'sources',
    columns: [
      ['source_id', 'VARCHAR'],
      ['path', 'VARCHAR'],
      ['kind', 'VARCHAR'],
      ['bytes', 'BIGINT'],
      ['ingested_at', 'TIMESTAMP'],
      ['status', 'VARCHAR'],
      ['problems', 'VARCHAR[]'],
      ['parser_version', 'VARCHAR'],
    ],
    primaryKey: ['source_id'],
  },
  {
    // Every path at which a source's bytes were seen (byte-identical copies are one source).
    name: 'source_paths',
    columns: [
      ['path', 'VARCHAR'],
      ['source_id', 'VARCHAR'],
      ['mtime_ms', 'DOUBLE'],
      ['bytes', 'BIGINT'],
    ],
    primaryKey: ['path'],
  },
  {
    name: 'reports',
    columns: [
      ...provenance,
      ['title', 'VARCHAR'],
      ['report_date', 'DATE'],
      ['worker_n', 'INTEGER'],
      ['torch_version', 'VARCHAR'],
      ['hardware', 'VARCHAR'],
      ['fix_variant', 'VARCHAR'],
      ['category', 'VARCHAR'],
    ],
  },
  {
    name: 'report_rounds',
    columns: [
      ['round_uid', 'VARCHAR'],
      ...provenance,
      ['origin', 'VARCHAR'],
      ['session', 'VARCHAR'],
      ['config', 'VARCHAR'],
      ...configLabels,
      ['round_no', 'INTEGER'],
      ['status', 'VARCHAR'],
      ['attempts', 'INTEGER'],
      ['crashed_attempts', 'INTEGER'],
      ['efficiency_pct', 'DOUBLE'],
      ['started_at', 'TIMESTAMP'],
      ['duration_s', 'DOUBLE'],
      ['host', 'VARCHAR'],
      ['campaign', 'VARCHAR'],
      ['fingerprint', 'VARCHAR'],
    ],
  },
  {
    // Crashes tied to runner attempts by capture time (ingest/linkCrashes.ts); `attempts.crash_uid` shows them.
    name: 'attempt_crashes',
    columns: [
      ['round_uid', 'VARCHAR'],
      ['attempt_no', 'INTEGER'],
      ['crash_uid', 'VARCHAR'],
    ],
  },
  {
    // A round log's rows in `round_events` carry its `log_id`.
    name: 'round_logs',
    columns: [
      ['log_id', 'INTEGER'],
      ['source_id', 'VARCHAR'],
      ['lines', 'BIGINT'],
    ],
    primaryKey: ['log_id'],
  },
  {
    name: 'batches',
    columns: [
      ...provenance,
      ['label', 'VARCHAR'],
      ['config', 'VARCHAR'],
      ...configLabels,
      ['rounds', 'INTEGER'],
      ['passed', 'INTEGER'],
      ['efficiency_avg', 'DOUBLE'],
      ['efficiency_min', 'DOUBLE'],
      ['efficiency_max', 'DOUBLE'],
      ['round_first', 'INTEGER'],
      ['round_last', 'INTEGER'],
      ['kind', 'VARCHAR'],
    ],
  },
  {
    name: 'report_scaling',
    columns: [
      ...provenance,
      ['series', 'VARCHAR'],
      ['config', 'VARCHAR'],
      ['fix_variant', 'VARCHAR'],
      ['threads', 'INTEGER'],
      ['throughput', 'DOUBLE'],
      ['speedup', 'DOUBLE'],
      ['efficiency_pct', 'DOUBLE'],
    ],
  },
  {
    name: 'report_metrics',
    columns: [
      ...provenance,
      ['metric', 'VARCHAR'],
      ['value', 'DOUBLE'],
      ['unit', 'VARCHAR'],
      ['threads', 'INTEGER'],
      ['config', 'VARCHAR'],
      ['context', 'VARCHAR'],
    ],
  },
  {
    name: 'crashes',
    columns: [
      ['crash_uid', 'VARCHAR'],
      ...provenance,
      ['captured_at', 'TIMESTAMP'],
      ['process', 'VARCHAR'],
      ['pid', 'INTEGER'],
      ['exception_type', 'VARCHAR'],
      ['signal', 'VARCHAR'],
      ['subtype', 'VARCHAR'],
      ['fault_address', 'VARCHAR'],
      ['pac_failure', 'BOOLEAN'],
      ['crashed_symbol', 'VARCHAR'],
      ['frames', 'VARCHAR[]'],
      ['signature', 'VARCHAR'],
      ['rules_version', 'VARCHAR'],
      ['original_name', 'VARCHAR'],
      ['duplicates_folded', 'INTEGER'],
      ['os_version', 'VARCHAR'],
      ['model', 'VARCHAR'],
      ['round_uid', 'VARCHAR'],
    ],
  },
  {
    name: 'claims',
    columns: [...provenance, ['text', 'VARCHAR'], ['subject', 'VARCHAR'], ['stance', 'VARCHAR']],
  },
];

/** Each round-log event as read (no appender writes it: DuckDB's JSON reader does). */
export const ROUND_EVENTS: TableSpec<string> = { name: 'round_events', columns: ROUND_EVENT_COLUMNS };

/** The spec of a raw table by name (what the appender writes it by). */
export function rawTable(name: string): TableSpec {
  const found = RAW_TABLES.find((t) => t.name === name);
  if (!found) throw new Error(`unknown raw table ${name}`);
  return found;
}

/** The attempts' columns (DESIGN.md); only round logs have attempts. */
const ATTEMPT_COLUMNS = [
  ...provenance,
  ['round_uid', 'VARCHAR'],
  ['attempt_no', 'INTEGER'],
  ['started_at', 'TIMESTAMP'],
  ['duration_s', 'DOUBLE'],
  ['exit_code', 'INTEGER'],
  ['signal', 'VARCHAR'],
  ['outcome', 'VARCHAR'],
  ['crash_uid', 'VARCHAR'],
  ['pid', 'INTEGER'],
] as const;

/** A view with the columns (and types) DESIGN.md gives its raw table. */
interface RawView extends TableSpec {
  sql: string;
}

/** The views of DESIGN.md's raw tables that unite report rows and round-log rows. */
export const RAW_VIEWS: readonly RawView[] = (['rounds', 'scaling', 'metrics'] as const)
  .map((name): RawView => {
    const { columns } = rawTable(`report_${name}`);
    const list = columns.map(([c]) => quoteIdent(c)).join(', ');
    return {
      name,
      columns,
      sql: `SELECT ${list} FROM report_${name} UNION ALL SELECT ${list} FROM (${runnerRowsSql(name)})`,
    };
  })
  .concat([{ name: 'attempts', columns: ATTEMPT_COLUMNS, sql: runnerRowsSql('attempts') }]);

/** The table a parser's rows for `table` go to (`rounds` → `report_rounds`). */
export function storageTable(table: string): TableSpec {
  return RAW_VIEWS.some((v) => v.name === table) ? rawTable(`report_${table}`) : rawTable(table);
}

/** DESIGN.md's raw tables as users query them (views included), for counts and summaries. */
export const RAW_RELATIONS = [
  'sources',
  'reports',
  'rounds',
  'attempts',
  'batches',
  'scaling',
  'metrics',
  'crashes',
  'claims',
];

/** Tables whose rows belong to one source and are replaced with it (round logs: see `deleteSource`). */
export const PER_SOURCE_TABLES = [
  'reports',
  'report_rounds',
  'batches',
  'report_scaling',
  'report_metrics',
  'crashes',
  'claims',
];

export function createTableSql(spec: TableSpec<string>): string {
  const cols = spec.columns.map(([name, type]) => `${quoteIdent(name)} ${type}`);
  if (spec.primaryKey) cols.push(`PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(spec.name)} (${cols.join(', ')})`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
