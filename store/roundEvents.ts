/**
 * How round-log events are stored and shown. Each complete event line of a
 * round log (the runner's JSONL, store/roundLog.ts) is one row of
 * `round_events`, written by DuckDB's JSON reader as it reads the line; the
 * round log's runner rows of DESIGN.md's `rounds`, `attempts`, `metrics` and
 * `scaling` are queries over those rows (`runnerRowsSql`), united with the
 * report rows in the views of store/views.ts. The predicates that pick
 * an event for a table are defined once here, and used both by the views and
 * by the ingest's counts of rows added.
 */
import { configKeySql } from './configKey.ts';
import { READ_ROUND_LOG_VERSIONS } from './roundLog.ts';
import { quoteIdent, quoteLiteral } from './sql.ts';
import { type Column, type ColumnType, col } from './tableSpec.ts';
import { torchBaseSql, torchBuildSql } from './torchVersion.ts';
import { WRAPPERS } from './vocabulary.ts';

/** The columns (and types) read from every event line; the bench's baseline reads the same. */
export const ROUND_LOG_COLUMNS = {
  v: 'INTEGER',
  seq: 'BIGINT',
  type: 'VARCHAR',
  campaign: 'VARCHAR',
  host: 'VARCHAR',
  labels:
    'STRUCT(fix_variant VARCHAR, torch_version VARCHAR, threads INTEGER, workload VARCHAR, serialised VARCHAR)',
  wrapper: 'VARCHAR',
  round: 'INTEGER',
  round_uid: 'VARCHAR',
  fingerprint: 'VARCHAR',
  attempt: 'INTEGER',
  started_at: 'VARCHAR',
  duration_s: 'DOUBLE',
  pid: 'INTEGER',
  exit_code: 'INTEGER',
  signal: 'VARCHAR',
  outcome: 'VARCHAR',
  crash_reports: 'STRUCT(file VARCHAR, original VARCHAR, sha256 VARCHAR)[]',
  metrics: 'STRUCT(name VARCHAR, value DOUBLE, threads INTEGER, unit VARCHAR)[]',
  scaling: 'STRUCT(threads INTEGER, throughput DOUBLE, speedup DOUBLE, efficiency_pct DOUBLE)[]',
  status: 'VARCHAR',
  attempts: 'INTEGER',
  crashed_attempts: 'INTEGER',
  efficiency_pct: 'DOUBLE',
} as const satisfies Record<string, ColumnType>;

/** The `columns` argument of `read_json` for `ROUND_LOG_COLUMNS`. */
const ROUND_LOG_COLUMNS_SQL = `{${Object.entries(ROUND_LOG_COLUMNS)
  .map(([k, t]) => `${quoteLiteral(k)}: ${quoteLiteral(t)}`)
  .join(', ')}}`;

/** `read_json` of round logs (`paths`: a SQL list or parameter) with `ROUND_LOG_COLUMNS`. */
export const readRoundLogJson = (paths: string) =>
  `read_json(${paths}, format = 'newline_delimited', ignore_errors = true, columns = ${ROUND_LOG_COLUMNS_SQL})`;

/**
 * `round_events` after its `log_id` and `line`: name, type, and the expression
 * over `read_json`'s columns that fills it — the start time made a TIMESTAMP,
 * of the crash reports only their number and the first one's hash (what an
 * attempt is linked to a crash by).
 */
const EVENT_FIELDS: [string, ColumnType, string][] = [
  ['v', 'INTEGER', 'v'],
  ['type', 'VARCHAR', 'type'],
  ['campaign', 'VARCHAR', 'campaign'],
  ['host', 'VARCHAR', 'host'],
  ['labels', ROUND_LOG_COLUMNS.labels, 'labels'],
  ['wrapper', 'VARCHAR', 'wrapper'],
  ['round', 'INTEGER', 'round'],
  ['round_uid', 'VARCHAR', 'round_uid'],
  ['fingerprint', 'VARCHAR', 'fingerprint'],
  ['attempt', 'INTEGER', 'attempt'],
  // UTC, whatever offset the text gives (without ICU's time-zone conversion: 4× cheaper than a cast to TIMESTAMP).
  ['started_at', 'TIMESTAMP', 'make_timestamp(epoch_us(TRY_CAST(started_at AS TIMESTAMPTZ)))'],
  ['duration_s', 'DOUBLE', 'duration_s'],
  ['pid', 'INTEGER', 'pid'],
  ['exit_code', 'INTEGER', 'exit_code'],
  ['signal', 'VARCHAR', 'signal'],
  ['outcome', 'VARCHAR', 'outcome'],
  ['crash_reports', 'INTEGER', 'len(crash_reports)'],
  ['crash_sha256', 'VARCHAR', 'crash_reports[1].sha256'],
  ['metrics', ROUND_LOG_COLUMNS.metrics, 'metrics'],
  ['scaling', ROUND_LOG_COLUMNS.scaling, 'scaling'],
  ['status', 'VARCHAR', 'status'],
  ['attempts', 'INTEGER', 'attempts'],
  ['crashed_attempts', 'INTEGER', 'crashed_attempts'],
  ['efficiency_pct', 'DOUBLE', 'efficiency_pct'],
];

/** The columns of `round_events`: the log it came from, its line, its fields (rows are read by SQL, never built in TypeScript). */
export const ROUND_EVENT_COLUMNS: Record<string, Column<unknown>> = {
  log_id: col.intNN(),
  line: col.bigintNN(),
  ...Object.fromEntries(EVENT_FIELDS.map(([name, type]) => [name, { type, nullable: true }])),
};

/** The SELECT list, over `read_json`'s columns, of `round_events`' fields (after log_id and line). */
export const EVENT_FIELDS_SELECT = EVENT_FIELDS.map(
  ([name, , expr]) => `${expr} AS ${quoteIdent(name)}`,
).join(', ');

const known = `e.v IN (${READ_ROUND_LOG_VERSIONS.join(', ')})`;
/** Events (alias `e`) that are rows of `rounds`. */
export const IS_ROUND = `${known} AND e.type = 'round' AND e.round_uid IS NOT NULL`;
/** Events that are rows of `attempts`. */
export const IS_ATTEMPT = `${known} AND e.type = 'attempt' AND e.round_uid IS NOT NULL AND e.attempt IS NOT NULL`;
/** Events that give an attempt the crash reports it left (version 2), joined to it by round_uid and attempt. */
export const IS_CRASH_REPORTS = `${known} AND e.type = 'crash_reports' AND e.round_uid IS NOT NULL AND e.attempt IS NOT NULL`;
/**
 * Lines that are no event this reader can use, each a problem with its line:
 * not read as a JSON event, a schema version it does not know, or a round,
 * attempt or crash-reports event without what its table needs.
 */
export const IS_UNUSABLE = `e.v IS NULL OR e.type IS NULL OR NOT (${known})
  OR (e.type = 'round' AND NOT (${IS_ROUND})) OR (e.type = 'attempt' AND NOT (${IS_ATTEMPT}))
  OR (e.type = 'crash_reports' AND NOT (${IS_CRASH_REPORTS}))`;
/** Events whose `metrics` and `scaling` lists give rows. */
export const HAS_MEASUREMENTS = `${known} AND e.type = 'attempt'`;
/** A `metrics` element (alias `m`) that is a row of `metrics`. */
export const IS_METRIC = 'm.name IS NOT NULL AND m.value IS NOT NULL';
/** A `scaling` element (alias `s`) that is a row of `scaling`. */
export const IS_SCALING_POINT = 's.threads IS NOT NULL';

/** The wrapper as the raw tables know it: `retry` or `none`, else unknown. */
const WRAPPER = `CASE WHEN e.wrapper IN (${WRAPPERS.map(quoteLiteral).join(', ')}) THEN e.wrapper END`;
const CONFIG = configKeySql({
  fix_variant: 'e.labels.fix_variant',
  torch_version: 'e.labels.torch_version',
  threads: 'e.labels.threads',
  wrapper: WRAPPER,
  workload: 'e.labels.workload',
  serialised: 'e.labels.serialised',
});
/** A runner's labels are stated by its campaign file: `stated` when set, else `unknown`. */
const from = (expr: string) => `CASE WHEN ${expr} IS NULL THEN 'unknown' ELSE 'stated' END`;
const EVENTS = 'round_events e JOIN round_logs f ON f.log_id = e.log_id';

/**
 * Per attempt (round_uid, attempt), what its `crash_reports` event says
 * (version 2): the first report's hash and the outcome the reports gave it.
 * A log holds one such event per attempt; should two sources hold one, the
 * one naming the most reports is taken.
 */
const CRASH_REPORTS = `SELECT e.round_uid, e.attempt, e.crash_sha256, e.outcome FROM round_events e WHERE ${IS_CRASH_REPORTS}
  QUALIFY row_number() OVER (PARTITION BY e.round_uid, e.attempt
    ORDER BY e.crash_reports DESC NULLS LAST, e.crash_sha256 NULLS LAST, e.outcome NULLS LAST) = 1`;

/**
 * The rows round logs give a raw table, with its columns in DESIGN.md's order.
 * An attempt's outcome is the one its `crash_reports` event gives it, else the
 * one at its exit; its crash is the one ingested from the first report it
 * left (same sha256: named by its `crash_reports` event, or in version 1 by
 * the attempt itself), else the one `attempt_crashes` ties to it by time.
 */
export function runnerRowsSql(table: 'rounds' | 'attempts' | 'scaling' | 'metrics'): string {
  switch (table) {
    case 'rounds':
      return `SELECT e.round_uid, f.source_id, CAST(e.line AS INTEGER) AS line, 'runner' AS origin, e.campaign AS session,
          ${CONFIG} AS config, e.labels.fix_variant AS fix_variant, e.labels.torch_version AS torch_version,
          ${torchBaseSql('e.labels.torch_version')} AS torch_base, ${torchBuildSql('e.labels.torch_version')} AS torch_build,
          e.labels.threads AS threads, ${WRAPPER} AS wrapper, e.labels.workload AS workload,
          e.labels.serialised AS serialised, ${from('e.labels.fix_variant')} AS fix_variant_from,
          ${from('e.labels.torch_version')} AS torch_from, ${from('e.labels.threads')} AS threads_from,
          ${from(WRAPPER)} AS wrapper_from, ${from('e.labels.workload')} AS workload_from,
          ${from('e.labels.serialised')} AS serialised_from, e.round AS round_no, e.status, e.attempts,
          e.crashed_attempts, e.efficiency_pct, e.started_at, e.duration_s, e.host, e.campaign, e.fingerprint
        FROM ${EVENTS} WHERE ${IS_ROUND}`;
    case 'attempts':
      return `SELECT f.source_id, CAST(e.line AS INTEGER) AS line, e.round_uid, e.attempt AS attempt_no, e.started_at,
          e.duration_s, e.exit_code, e.signal, coalesce(r.outcome, e.outcome) AS outcome,
          coalesce(c.crash_uid, l.crash_uid) AS crash_uid, e.pid
        FROM ${EVENTS}
        LEFT JOIN (${CRASH_REPORTS}) r ON r.round_uid = e.round_uid AND r.attempt = e.attempt
        LEFT JOIN (SELECT source_id, min(crash_uid) AS crash_uid FROM crashes GROUP BY source_id) c
          ON c.source_id = coalesce(r.crash_sha256, e.crash_sha256)
        LEFT JOIN attempt_crashes l ON l.round_uid = e.round_uid AND l.attempt_no = e.attempt
        WHERE ${IS_ATTEMPT}
        -- A fleet host that took a round over records the attempt another host had in flight as interrupted;
        -- should that host's own log (killed before it could tell the fleet) say how the attempt ended, that
        -- is the attempt, and the interrupted record of it is dropped.
        QUALIFY coalesce(r.outcome, e.outcome) IS DISTINCT FROM 'interrupted'
          OR NOT bool_or(coalesce(r.outcome, e.outcome) IS DISTINCT FROM 'interrupted')
            OVER (PARTITION BY e.round_uid, e.attempt)`;
    case 'metrics':
      return `SELECT source_id, line, m.name AS metric, m.value, m.unit, m.threads, config, context FROM (
          SELECT f.source_id, CAST(e.line AS INTEGER) AS line, UNNEST(e.metrics) AS m, ${CONFIG} AS config,
            'runner:' || e.campaign AS context
          FROM ${EVENTS} WHERE ${HAS_MEASUREMENTS} AND len(e.metrics) > 0)
        WHERE ${IS_METRIC}`;
    case 'scaling':
      return `SELECT source_id, line, series, config, fix_variant, s.threads, s.throughput, s.speedup, s.efficiency_pct FROM (
          SELECT f.source_id, CAST(e.line AS INTEGER) AS line, e.round_uid || '#a' || e.attempt AS series,
            ${CONFIG} AS config, e.labels.fix_variant AS fix_variant, UNNEST(e.scaling) AS s
          FROM ${EVENTS} WHERE ${HAS_MEASUREMENTS} AND len(e.scaling) > 0)
        WHERE ${IS_SCALING_POINT}`;
  }
}
