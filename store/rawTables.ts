/**
 * The raw tables (DESIGN.md "Raw tables"), written by ingest from files and
 * nothing else. Each spec gives both the DDL and the row type (`RowOf`).
 *
 * `rounds`, `attempts`, `scaling` and `metrics` are views (store/views.ts):
 * the rows parsed from reports are stored in `report_rounds`,
 * `report_scaling` and `report_metrics`; the rows of round logs in
 * `round_events`, one row per event line as DuckDB's JSON reader read it.
 */
import { ROUND_EVENT_COLUMNS } from './roundEvents.ts';
import { col, type RowOf, type TableSpec, tableSpec } from './tableSpec.ts';
import type {
  AttemptOutcome,
  BatchKind,
  ClaimStance,
  Origin,
  ReportCategory,
  RoundStatus,
  SourceKind,
  SourceStatus,
  Wrapper,
} from './vocabulary.ts';

/** Bumped whenever a raw table changes shape; a database with another version is rebuilt by the ingest. */
export const SCHEMA_VERSION = 4;

/** Where every raw row was read: the source's sha256 and the 1-based line. */
const provenance = { source_id: col.textNN(), line: col.intNN() };

/**
 * The environment of a round or batch (store/configKey.ts), and where each
 * attribute came from (`*_from`, see {@link PROVENANCE_KINDS}): `stated` on the
 * row, its table or heading; `file:LINE` elsewhere in the same file (its
 * metadata, a configuration section); `unknown` when nothing says. (Series
 * inheritance across files is the analysis' interpretation, not a raw fact.)
 * Torch base and build are split from `torch_version` (store/torchVersion.ts).
 */
const environment = {
  fix_variant: col.text(),
  torch_version: col.text(),
  torch_base: col.text(),
  torch_build: col.text(),
  threads: col.int(),
  wrapper: col.text<Wrapper>(),
  workload: col.text(),
  serialised: col.text(),
  fix_variant_from: col.textNN(),
  torch_from: col.textNN(),
  threads_from: col.textNN(),
  wrapper_from: col.textNN(),
  workload_from: col.textNN(),
  serialised_from: col.textNN(),
};

export const SOURCES = tableSpec(
  'sources',
  {
    source_id: col.textNN(),
    path: col.textNN(),
    kind: col.text<SourceKind>(),
    bytes: col.bigintNN(),
    ingested_at: col.timestamp(),
    status: col.textNN<SourceStatus>(),
    problems: col.textList(),
    parser_version: col.textNN(),
  },
  { primaryKey: ['source_id'] },
);

/** Every path at which a source's bytes were seen (byte-identical copies are one source). */
export const SOURCE_PATHS = tableSpec(
  'source_paths',
  { path: col.textNN(), source_id: col.textNN(), mtime_ms: col.doubleNN(), bytes: col.bigintNN() },
  { primaryKey: ['path'] },
);

/**
 * One row per report. `reported_at` is the date-time the report states for
 * itself (its `**Date**`, else a time in its file name), as written and
 * normalised to `YYYY-MM-DDTHH:MM:SS` with the zone appended only when the
 * report names one (`-08:00` for PST, `Z` for UTC): a time without a zone is
 * the writer's local time, interpreted by the analysis
 * (analysis/reportInstant.ts), not here. Null when the report states no time.
 */
export const REPORTS = tableSpec('reports', {
  ...provenance,
  title: col.text(),
  report_date: col.date(),
  worker_n: col.int(),
  torch_version: col.text(),
  hardware: col.text(),
  fix_variant: col.text(),
  category: col.textNN<ReportCategory>(),
  reported_at: col.text(),
});

export const REPORT_ROUNDS = tableSpec('report_rounds', {
  round_uid: col.textNN(),
  ...provenance,
  origin: col.textNN<Origin>(),
  session: col.text(),
  config: col.textNN(),
  ...environment,
  round_no: col.int(),
  status: col.text<RoundStatus>(),
  attempts: col.int(),
  crashed_attempts: col.int(),
  efficiency_pct: col.double(),
  started_at: col.timestamp(),
  duration_s: col.double(),
  host: col.text(),
  campaign: col.text(),
  fingerprint: col.text(),
});

/** Crashes tied to runner attempts by capture time (ingest/linkCrashes.ts); `attempts.crash_uid` shows them. */
export const ATTEMPT_CRASHES = tableSpec('attempt_crashes', {
  round_uid: col.textNN(),
  attempt_no: col.intNN(),
  crash_uid: col.textNN(),
});

/** A round log's rows in `round_events` carry its `log_id`. */
export const ROUND_LOGS = tableSpec(
  'round_logs',
  { log_id: col.intNN(), source_id: col.textNN(), lines: col.bigintNN() },
  { primaryKey: ['log_id'] },
);

export const BATCHES = tableSpec('batches', {
  ...provenance,
  label: col.textNN(),
  config: col.textNN(),
  ...environment,
  rounds: col.intNN(),
  passed: col.int(),
  efficiency_avg: col.double(),
  efficiency_min: col.double(),
  efficiency_max: col.double(),
  round_first: col.int(),
  round_last: col.int(),
  kind: col.textNN<BatchKind>(),
});

export const REPORT_SCALING = tableSpec('report_scaling', {
  ...provenance,
  series: col.textNN(),
  config: col.textNN(),
  fix_variant: col.text(),
  threads: col.intNN(),
  throughput: col.double(),
  speedup: col.double(),
  efficiency_pct: col.double(),
});

export const REPORT_METRICS = tableSpec('report_metrics', {
  ...provenance,
  metric: col.textNN(),
  value: col.doubleNN(),
  unit: col.text(),
  threads: col.int(),
  config: col.text(),
  context: col.text(),
});

export const CRASHES = tableSpec('crashes', {
  crash_uid: col.textNN(),
  ...provenance,
  captured_at: col.timestamp(),
  process: col.text(),
  pid: col.int(),
  exception_type: col.text(),
  signal: col.text(),
  subtype: col.text(),
  fault_address: col.text(),
  pac_failure: col.boolNN(),
  crashed_symbol: col.text(),
  frames: col.textList(),
  signature: col.textNN(),
  rules_version: col.textNN(),
  original_name: col.text(),
  duplicates_folded: col.intNN(),
  os_version: col.text(),
  model: col.text(),
  round_uid: col.text(),
});

/**
 * Every capture of a crash report a crash summary lists: the team's collector
 * copies reports into its crash-log folder, often the same original report
 * again and again (`file` = `YYYYMMDD_HHMMSS_` + the original name), and a
 * summary's `crashes` holds one entry per copy. `crashes` keeps one row per
 * original (`duplicates_folded` counts the copies); this table keeps each
 * copy, with `captured_at` the copy's own time (UTC) and `line` where its
 * entry starts, so a report's "new crash" count can be checked against what
 * was captured when (analysis/newCrashChecks.ts).
 */
export const CRASH_CAPTURES = tableSpec('crash_captures', {
  crash_uid: col.textNN(),
  ...provenance,
  captured_at: col.timestamp(),
  file: col.textNN(),
  original_name: col.text(),
});

export const CLAIMS = tableSpec('claims', {
  ...provenance,
  text: col.textNN(),
  subject: col.text(),
  stance: col.textNN<ClaimStance>(),
});

/**
 * A statement about a workload's environment that reaches beyond the rounds
 * of its own file, for the analysis to apply to the series it names: "the
 * complete-story suite wraps its GPU work in `threading.Semaphore(1)`" stated
 * on a report dated `stated_on` is `{workload: 'complete_story', attribute:
 * 'serialised', value: 'semaphore(1)'}`. `context` quotes the words it was
 * read from.
 */
export const ENVIRONMENT_FACTS = tableSpec('environment_facts', {
  ...provenance,
  workload: col.textNN(),
  attribute: col.textNN(),
  value: col.text(),
  stated_on: col.date(),
  context: col.text(),
});

/** Each round-log event as read (no appender writes it: DuckDB's JSON reader does). */
export const ROUND_EVENTS = tableSpec('round_events', ROUND_EVENT_COLUMNS);

/** The attempts' columns (DESIGN.md); only round logs have attempts, so this is a view's spec only. */
export const ATTEMPTS = tableSpec('attempts', {
  ...provenance,
  round_uid: col.textNN(),
  attempt_no: col.intNN(),
  started_at: col.timestamp(),
  duration_s: col.double(),
  exit_code: col.int(),
  signal: col.text(),
  outcome: col.textNN<AttemptOutcome>(),
  crash_uid: col.text(),
  pid: col.int(),
});

/** Every raw table, in the order they are created. */
export const RAW_TABLES = [
  SOURCES,
  SOURCE_PATHS,
  REPORTS,
  REPORT_ROUNDS,
  ATTEMPT_CRASHES,
  ROUND_LOGS,
  BATCHES,
  REPORT_SCALING,
  REPORT_METRICS,
  CRASHES,
  CRASH_CAPTURES,
  CLAIMS,
  ENVIRONMENT_FACTS,
  ROUND_EVENTS,
] as const satisfies readonly TableSpec[];

/** Tables whose rows belong to one source and are replaced with it (round logs: see ingest/releasePaths.ts). */
export const PER_SOURCE_TABLES = [
  REPORTS,
  REPORT_ROUNDS,
  BATCHES,
  REPORT_SCALING,
  REPORT_METRICS,
  CRASHES,
  CRASH_CAPTURES,
  CLAIMS,
  ENVIRONMENT_FACTS,
] as const satisfies readonly TableSpec[];

/** What a parser returns: the rows a file gives each table it fills, without `source_id` (the ingester adds it). */
export type ParsedRow<S extends TableSpec> = Omit<RowOf<S>, 'source_id'>;

export type SourceRow = RowOf<typeof SOURCES>;
export type ReportRow = ParsedRow<typeof REPORTS>;
/** A round read from a report (runner rounds come from round logs and have a campaign and fingerprint). */
export type RoundRow = Omit<ParsedRow<typeof REPORT_ROUNDS>, 'campaign' | 'fingerprint'>;
export type BatchRow = ParsedRow<typeof BATCHES>;
export type ScalingRow = ParsedRow<typeof REPORT_SCALING>;
export type MetricRow = ParsedRow<typeof REPORT_METRICS>;
export type CrashRow = ParsedRow<typeof CRASHES>;
export type CrashCaptureRow = ParsedRow<typeof CRASH_CAPTURES>;
export type ClaimRow = ParsedRow<typeof CLAIMS>;
export type EnvironmentFactRow = ParsedRow<typeof ENVIRONMENT_FACTS>;
export type AttemptRow = RowOf<typeof ATTEMPTS>;

/**
 * The tables a file parser fills, by the names users query (`rounds` is a
 * view: a report's rounds are stored in `report_rounds`), with the spec their
 * rows are stored by.
 */
export const PARSED_TABLES = {
  reports: REPORTS,
  rounds: REPORT_ROUNDS,
  batches: BATCHES,
  scaling: REPORT_SCALING,
  metrics: REPORT_METRICS,
  claims: CLAIMS,
  crashes: CRASHES,
  crash_captures: CRASH_CAPTURES,
  environment_facts: ENVIRONMENT_FACTS,
} as const;
export type ParsedTableName = keyof typeof PARSED_TABLES;

/** What a file parser returns, per table. */
export interface ParsedRows {
  reports?: ReportRow[];
  rounds?: RoundRow[];
  batches?: BatchRow[];
  scaling?: ScalingRow[];
  metrics?: MetricRow[];
  claims?: ClaimRow[];
  crashes?: CrashRow[];
  crash_captures?: CrashCaptureRow[];
  environment_facts?: EnvironmentFactRow[];
}

/** A problem found while reading a file: never thrown, always recorded on `sources` (`line N: …`). */
export interface Problem {
  line: number | null;
  message: string;
}
