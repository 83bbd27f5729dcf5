/**
 * Every closed set of values the tables hold, written once. Each list is the
 * source of its union type, so a value added here is checked everywhere a
 * `Record<Union, …>` handles it.
 */

/** What kind of file a source is. */
export const SOURCE_KINDS = ['report', 'round_log', 'crash_report', 'crash_summary'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How a source was read: whole, in part (with problems), or not at all. */
export const SOURCE_STATUSES = ['ok', 'partial', 'rejected'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** How a round ended. */
export const ROUND_STATUSES = ['pass', 'fail', 'error', 'timeout'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/**
 * How one process run (attempt) inside a round ended: competing risks (pass,
 * crash, fail: wrong result or assertion, timeout), `interrupted` (killed with
 * the runner), `error` (could not start: an infrastructure failure, excluded
 * from rates and loud).
 */
export const ATTEMPT_OUTCOMES = ['pass', 'crash', 'fail', 'timeout', 'interrupted', 'error'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * What a native-vs-dylib comparison answers to "is the dylib still
 * necessary?": native fails more often (Holm-adjusted), native is no worse
 * within the margin, or neither is shown.
 */
export const NECESSITY_READINGS = [
  'still necessary',
  'not shown to be necessary',
  'cannot tell yet',
] as const;
export type NecessityReading = (typeof NECESSITY_READINGS)[number];

/** Whether a retry wrapper re-ran crashed attempts. */
export const WRAPPERS = ['retry', 'none'] as const;
export type Wrapper = (typeof WRAPPERS)[number];

/** A stated group result is new evidence (`primary`) or a running total (`cumulative`, never evidence). */
export const BATCH_KINDS = ['primary', 'cumulative'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Where a round was read: a runner's log or a report's table. */
export const ORIGINS = ['runner', 'report'] as const;
export type Origin = (typeof ORIGINS)[number];

/**
 * What a crash capture a report counted as "new" really was
 * (`new_crash_checks.flag`): the first capture of a crash from the report's
 * session (`new`), another copy of an original captured before
 * (`re-copy`), the first capture of a crash from before the session
 * (`before session`), or nothing found to check it against (`unmatched`).
 */
export const NEW_CRASH_FLAGS = ['new', 're-copy', 'before session', 'unmatched'] as const;
export type NewCrashFlag = (typeof NEW_CRASH_FLAGS)[number];

/**
 * What a Markdown report is (ingest/markdown/category.ts decides).
 * `not_evidence`: a document that is not a report at all (an index, a README,
 * a roadmap, a plan, a template, a checklist, a guide): it yields no rounds
 * and no batches. `design`: a document about the project rather than a
 * session (proofs, summaries, papers): its stated batches are claims with no
 * session (`cumulative`), and it yields no rounds.
 */
export const REPORT_CATEGORIES = [
  'measurement',
  'investigation',
  'code_review',
  'formal_verification',
  'milestone',
  'verification_no_measurement',
  'analysis_no_measurement',
  'design',
  'crash_analysis',
  'not_evidence',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** What a conclusion stated in a report says of its subject. */
export const CLAIM_STANCES = [
  'safe',
  'unsafe',
  'necessary',
  'unnecessary',
  'counterproductive',
  'stable',
  'unstable',
  'recommended',
  'not_recommended',
] as const;
export type ClaimStance = (typeof CLAIM_STANCES)[number];

/** The shared metric names of `metrics` and their units (DESIGN.md "Raw tables"). */
export const METRIC_UNITS = {
  crash_logs_before: 'count',
  crash_logs_after: 'count',
  crash_logs_new: 'count',
  ops: 'ops',
  ops_per_s: 'ops/s',
  samples_per_s: 'samples/s',
  errors: 'count',
  duration_s: 's',
  efficiency_pct: '%',
  latency_ms: 'ms',
} as const;
export type MetricName = keyof typeof METRIC_UNITS;

/**
 * Where an attribute of a round or batch came from: `stated` on the row, its
 * table or its heading; `file` elsewhere in the same file; `series` from the
 * report series it continues (the analysis infers it); `unknown`. Stored as
 * `kind` or `kind:LINE` (`file:21`), `series:PATH:LINE` for a series.
 */
export const PROVENANCE_KINDS = ['stated', 'file', 'series', 'unknown'] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/** Whether `value` is one of `values` (a type guard for the lists above). */
export function isOneOf<const V extends readonly string[]>(values: V, value: unknown): value is V[number] {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
