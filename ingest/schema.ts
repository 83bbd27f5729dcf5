/**
 * DDL of the raw tables (DESIGN.md "Raw tables"). Column lists drive both
 * CREATE TABLE and the appender's column order, so the two cannot drift.
 */

export type ColumnType =
  | 'VARCHAR'
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'TIMESTAMP'
  | 'DATE'
  | 'VARCHAR[]';

export interface TableSpec {
  name: string;
  columns: ReadonlyArray<readonly [string, ColumnType]>;
  primaryKey?: string[];
}

/** Bumped whenever a raw table changes shape; a database with another version is rebuilt. */
export const SCHEMA_VERSION = 1;

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
    name: 'rounds',
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
    name: 'attempts',
    columns: [
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
    ],
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
    name: 'scaling',
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
    name: 'metrics',
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

/** Tables whose rows belong to one source and are replaced with it. */
export const PER_SOURCE_TABLES = [
  'reports',
  'rounds',
  'attempts',
  'batches',
  'scaling',
  'metrics',
  'crashes',
  'claims',
];

export function createTableSql(spec: TableSpec): string {
  const cols = spec.columns.map(([name, type]) => `${quoteIdent(name)} ${type}`);
  if (spec.primaryKey) cols.push(`PRIMARY KEY (${spec.primaryKey.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(spec.name)} (${cols.join(', ')})`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
