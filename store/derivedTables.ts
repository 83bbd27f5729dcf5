/**
 * DDL of the derived tables (DESIGN.md "Derived tables"), written by
 * `roundbook analyze` (analysis/derive/) from the raw tables and nothing else.
 */
import { col, type TableSpec, tableSpec } from './tableSpec.ts';
import type { NecessityReading, NewCrashFlag } from './vocabulary.ts';

const groupLabels = {
  config: col.text(),
  fix_variant: col.text(),
  torch_version: col.text(),
  threads: col.int(),
  wrapper: col.text(),
};

export const PASS_RATES = tableSpec('pass_rates', {
  ...groupLabels,
  passed: col.int(),
  total: col.int(),
  rate: col.double(),
  method: col.text(),
  level: col.double(),
  lower: col.double(),
  upper: col.double(),
  runner_rounds: col.int(),
  report_rounds: col.int(),
  batch_rounds: col.int(),
  sources: col.int(),
});

/**
 * Per-attempt failure rates from the attempts as recorded (never an assumed
 * number per round): `q` = failed_attempts / attempts with its Wilson bounds,
 * where attempts = passed + crashed + timed out + failed (wrong result or
 * assertion), each kind counted in its own column; `error` (could not start)
 * and `interrupted` attempts are counted but are not trials. The round pass
 * rate stands beside it. `rounds` are the kept rounds that record their
 * attempts; `unrecorded_rounds` the kept rounds that do not (not in the rate).
 */
export const ATTEMPT_RATES = tableSpec('attempt_rates', {
  ...groupLabels,
  rounds: col.int(),
  rounds_passed: col.int(),
  round_pass_rate: col.double(),
  unrecorded_rounds: col.int(),
  max_attempts: col.int(),
  attempts: col.int(),
  failed_attempts: col.int(),
  crashed_attempts: col.int(),
  timeout_attempts: col.int(),
  fail_attempts: col.int(),
  error_attempts: col.int(),
  interrupted_attempts: col.int(),
  q: col.double(),
  lower: col.double(),
  upper: col.double(),
  hidden_crashes: col.int(),
});

/**
 * Native (a) against each dylib variant (b). `unit` says what the tests
 * count: `attempt` whenever a wrapper retried and both sides record their
 * attempts (a_attempts, a_failed_attempts, …: every failed attempt, crash,
 * timeout or fail), else `round`; the round counts (a_passed/a_total) and
 * their own Fisher p stand beside it. `holm_p` is Fisher's two-sided p
 * adjusted by Holm over the `family` (every row of the table: the comparisons
 * the dylib page reads together), and `reading` is the answer that decides.
 */
export const COMPARISONS = tableSpec('comparisons', {
  a_config: col.text(),
  b_config: col.text(),
  a_fix_variant: col.text(),
  b_fix_variant: col.text(),
  torch_version: col.text(),
  threads: col.int(),
  wrapper: col.text(),
  unit: col.text<'attempt' | 'round'>(),
  a_passed: col.int(),
  a_total: col.int(),
  b_passed: col.int(),
  b_total: col.int(),
  a_attempts: col.int(),
  a_failed_attempts: col.int(),
  b_attempts: col.int(),
  b_failed_attempts: col.int(),
  round_fisher_two_sided: col.double(),
  fisher_two_sided: col.double(),
  holm_p: col.double(),
  family: col.text(),
  family_size: col.int(),
  fisher_greater: col.double(),
  fisher_less: col.double(),
  prob_a_better: col.double(),
  rd_estimate: col.double(),
  rd_lower: col.double(),
  rd_upper: col.double(),
  margin: col.double(),
  noninferior: col.bool(),
  efficiency_diff: col.double(),
  efficiency_diff_lower: col.double(),
  efficiency_diff_upper: col.double(),
  reading: col.text<NecessityReading>(),
  sentence: col.text(),
  /** How the efficiency difference's interval was made (Welch t), or why there is none ("none: 2 values on v2.9 …"). */
  efficiency_method: col.text(),
});

export const SCALING_FITS = tableSpec('scaling_fits', {
  source_id: col.text(),
  line: col.int(),
  series: col.text(),
  config: col.text(),
  model: col.text(),
  points: col.int(),
  min_threads: col.int(),
  max_threads: col.int(),
  lambda: col.double(),
  sigma: col.double(),
  kappa: col.double(),
  lambda_lower: col.double(),
  lambda_upper: col.double(),
  sigma_lower: col.double(),
  sigma_upper: col.double(),
  kappa_lower: col.double(),
  kappa_upper: col.double(),
  r2: col.double(),
  converged: col.bool(),
  iterations: col.int(),
  peak_threads: col.double(),
  best_threads: col.int(),
  warnings: col.textList(),
  /** `report` (a report's own table) or `runner` (every measurement of a configuration's round logs). */
  origin: col.text(),
  /** What the fit is of: the configuration for runner fits, the series for a report's. */
  label: col.text(),
  /** Runner fits: the rounds (measured tables) fitted; null for a report's series. */
  rounds: col.int(),
  /** Interval for N* (upper null: unbounded, some resamples have no peak). */
  peak_lower: col.double(),
  peak_upper: col.double(),
  /** How the intervals were made: Wald t from the Jacobian, or a bootstrap over rounds. */
  interval_method: col.text(),
  aic: col.double(),
  /** F-test of κ = 0 (Amdahl suffices) on the same points; the same on both rows of a series. */
  usl_vs_amdahl_p: col.double(),
});

/**
 * Crashes grouped by signature (analysis/crashClusters.ts), one row per
 * signature among the crashes of the process under test and, apart
 * (`under_test` false, with the reason), one per signature among crashes of
 * other processes or from outside the evidence's time span.
 */
export const CRASH_CLUSTERS = tableSpec('crash_clusters', {
  signature: col.text(),
  rules_version: col.text(),
  crashes: col.int(),
  duplicates_folded: col.int(),
  first_seen: col.timestamp(),
  last_seen: col.timestamp(),
  by_config: col.text(),
  by_fix_variant: col.text(),
  by_torch_version: col.text(),
  example_crash_uid: col.text(),
  example_frames: col.textList(),
  under_test: col.bool(),
  apart_reason: col.text(),
});

/**
 * One row per distinct crash (analysis/distinctCrashes.ts): a crash read from
 * several files (its `.ips`, `.crash` copies, a crash summary's entries) is
 * one crash, shown by its fullest record (`crash_uid`, `source_id`, `line`);
 * `files` counts the records merged and `duplicates_folded` every copy beyond
 * the first. `captures` and `first_captured_at` come from the crash
 * summaries' entries. `under_test` says whether the crash is one of the
 * process under test (analysis/crashScope.ts); `apart_reason` says why not.
 * The signature is the one under the current rules.
 */
export const DISTINCT_CRASHES = tableSpec('distinct_crashes', {
  crash_uid: col.text(),
  source_id: col.text(),
  line: col.int(),
  original_name: col.text(),
  signature: col.text(),
  rules_version: col.text(),
  process: col.text(),
  captured_at: col.timestamp(),
  exception_type: col.text(),
  signal: col.text(),
  subtype: col.text(),
  pac_failure: col.bool(),
  frames: col.textList(),
  round_uid: col.text(),
  files: col.int(),
  duplicates_folded: col.int(),
  captures: col.int(),
  first_captured_at: col.timestamp(),
  under_test: col.bool(),
  apart_reason: col.text(),
});

/**
 * Each report's "new crash" statement (a `crash_logs_new` above 0, or a crash-log
 * count that rose from before to after, on the report's row: `source_id`,
 * `line`) joined to the crash captures it can refer to, one row per capture
 * with what that capture really was (`flag`, `note`), or one `unmatched` row
 * with the reason (analysis/newCrashChecks.ts). A crash-log delta is weaker
 * evidence than a run's own status: this table checks it, it never decides a
 * round's outcome.
 */
export const NEW_CRASH_CHECKS = tableSpec('new_crash_checks', {
  source_id: col.text(),
  line: col.int(),
  source_path: col.text(),
  worker_n: col.int(),
  reported_at: col.text(),
  report_time: col.timestamp(),
  time_rule: col.text(),
  stated_new: col.int(),
  crash_logs_before: col.int(),
  crash_logs_after: col.int(),
  window_start: col.timestamp(),
  window_end: col.timestamp(),
  captures_in_window: col.int(),
  matched_by: col.text(),
  capture_no: col.int(),
  capture_source_id: col.text(),
  capture_line: col.int(),
  captured_at: col.timestamp(),
  capture_file: col.text(),
  original_name: col.text(),
  crash_uid: col.text(),
  crash_time: col.timestamp(),
  first_captured_at: col.timestamp(),
  first_capture_no: col.int(),
  flag: col.text<NewCrashFlag>(),
  note: col.text(),
});

/** Crashes whose signature under the current rules differs from the one recorded at ingest. */
export const CRASH_MOVES = tableSpec('crash_moves', {
  crash_uid: col.text(),
  old_signature: col.text(),
  old_rules_version: col.text(),
  new_signature: col.text(),
  new_rules_version: col.text(),
});

export const CHANGEPOINTS = tableSpec('changepoints', {
  metric: col.text(),
  config: col.text(),
  series: col.text(),
  position: col.int(),
  at_round: col.int(),
  at_time: col.timestamp(),
  n_before: col.int(),
  n_after: col.int(),
  before_mean: col.double(),
  after_mean: col.double(),
  p_value: col.double(),
  source_id: col.text(),
  line: col.int(),
});

export const AUDITS = tableSpec('audits', {
  kind: col.text(),
  source_id: col.text(),
  line: col.int(),
  subject: col.text(),
  check_name: col.text(),
  stated: col.text(),
  computed: col.text(),
  ok: col.bool(),
  sentence: col.text(),
});

/**
 * One verdict per environment: its labels (`torch_version` is the pooled
 * torch: the base release, or `BASE+BUILD` for a build kept apart), the
 * versions it pooled (`torch_builds`), whether it was serialised or throttled
 * (`throttled`: such an environment never answers the unserialised question),
 * its rounds and attempts, and the answer: by the always-valid procedure in
 * force (`procedure`, its e-values `e_safe`/`e_unsafe`: SAFE at ≥ 1/α), with
 * the fixed-n Clopper-Pearson answer beside it (`fixed_n_*`, valid only for
 * rounds fixed in advance) and the overdispersion test of the groups pooled
 * (`heterogeneity_p`, `dispersion`: > 1 when the bound is a random-effects one).
 * `crashes` counts every trial that did not pass (crash, hang, wrong result).
 */
export const VERDICTS = tableSpec('verdicts', {
  ...groupLabels,
  torch_base: col.text(),
  torch_builds: col.textList(),
  workload: col.text(),
  serialised: col.text(),
  throttled: col.bool(),
  rounds: col.int(),
  crashed_rounds: col.int(),
  attempts: col.int(),
  crashed_attempts: col.int(),
  answer: col.text(),
  headline: col.text(),
  crashes: col.int(),
  trials: col.int(),
  crash_rate: col.double(),
  lower: col.double(),
  upper: col.double(),
  round_crash_rate: col.double(),
  round_lower: col.double(),
  round_upper: col.double(),
  threshold: col.double(),
  confidence: col.double(),
  rounds_needed: col.int(),
  procedure: col.text(),
  e_safe: col.double(),
  e_unsafe: col.double(),
  fixed_n_answer: col.text(),
  fixed_n_upper: col.double(),
  heterogeneity_p: col.double(),
  dispersion: col.double(),
  used: col.textList(),
  excluded: col.textList(),
  sentence: col.text(),
});

/**
 * Every group of rounds each verdict weighed: used, or left out with its
 * reason (other environments not listed), with its environment as read
 * (`torch_version` as its file wrote it) and where each attribute came from
 * (`*_from`: `stated[:LINE]`, `file[:LINE]`, `series:PATH:LINE`, `unknown`).
 */
export const VERDICT_EVIDENCE = tableSpec('verdict_evidence', {
  config: col.text(),
  group_id: col.text(),
  source_id: col.text(),
  source_path: col.text(),
  line: col.int(),
  origin: col.text(),
  kind: col.text(),
  rounds: col.int(),
  crashed: col.int(),
  attempts: col.int(),
  crashed_attempts: col.int(),
  used: col.bool(),
  reason: col.text(),
  fix_variant: col.text(),
  torch_version: col.text(),
  threads: col.int(),
  wrapper: col.text(),
  workload: col.text(),
  serialised: col.text(),
  fix_variant_from: col.text(),
  torch_from: col.text(),
  threads_from: col.text(),
  wrapper_from: col.text(),
  workload_from: col.text(),
  serialised_from: col.text(),
});

export const DERIVED_TABLES = [
  PASS_RATES,
  ATTEMPT_RATES,
  COMPARISONS,
  SCALING_FITS,
  CRASH_CLUSTERS,
  CRASH_MOVES,
  DISTINCT_CRASHES,
  NEW_CRASH_CHECKS,
  CHANGEPOINTS,
  AUDITS,
  VERDICTS,
  VERDICT_EVIDENCE,
] as const satisfies readonly TableSpec[];

/** The name of a derived table. */
export type DerivedTableName = (typeof DERIVED_TABLES)[number]['name'];
