/**
 * The views of DESIGN.md's raw tables that unite the rows parsed from reports
 * with the rows of round logs: `rounds`, `scaling`, `metrics` (report rows in
 * `report_<name>`, runner rows computed from `round_events`), and `attempts`
 * (runner rows only). Each view has the columns and types of its spec.
 */
import { ATTEMPTS, REPORT_METRICS, REPORT_ROUNDS, REPORT_SCALING } from './rawTables.ts';
import { runnerRowsSql } from './roundEvents.ts';
import { quoteIdent } from './sql.ts';
import type { TableSpec } from './tableSpec.ts';

/** A view: its columns (and types), and the query that makes it. */
export interface ViewSpec extends TableSpec {
  sql: string;
}

/** A view of a report table and the runner's rows of the same name. */
function unitedView(name: 'rounds' | 'scaling' | 'metrics', report: TableSpec): ViewSpec {
  const list = Object.keys(report.columns).map(quoteIdent).join(', ');
  return {
    name,
    columns: report.columns,
    sql: `SELECT ${list} FROM ${quoteIdent(report.name)} UNION ALL SELECT ${list} FROM (${runnerRowsSql(name)})`,
  };
}

export const RAW_VIEWS: readonly ViewSpec[] = [
  unitedView('rounds', REPORT_ROUNDS),
  unitedView('scaling', REPORT_SCALING),
  unitedView('metrics', REPORT_METRICS),
  { name: 'attempts', columns: ATTEMPTS.columns, sql: runnerRowsSql('attempts') },
];

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
] as const;
