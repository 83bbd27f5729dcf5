/**
 * DDL of the derived tables (DESIGN.md "Derived tables"), written by
 * `roundbook analyze` (analysis/derive/) from the raw tables and nothing else.
 */
import { col, type TableSpec, tableSpec } from './tableSpec.ts';

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

export const ATTEMPT_RATES = tableSpec('attempt_rates', {
  ...groupLabels,
  rounds: col.int(),
  max_attempts: col.int(),
  attempts: col.int(),
  crashed_attempts: col.int(),
  q: col.double(),
  lower: col.double(),
  upper: col.double(),
  round_pass_probability: col.double(),
  hidden_crashes: col.int(),
});

export const COMPARISONS = tableSpec('comparisons', {
  a_config: col.text(),
  b_config: col.text(),
  a_fix_variant: col.text(),
  b_fix_variant: col.text(),
  torch_version: col.text(),
  threads: col.int(),
  wrapper: col.text(),
  a_passed: col.int(),
  a_total: col.int(),
  b_passed: col.int(),
  b_total: col.int(),
  fisher_two_sided: col.double(),
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

export const VERDICTS = tableSpec('verdicts', {
  ...groupLabels,
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
  sprt_state: col.text(),
  sprt_llr: col.double(),
  used: col.textList(),
  excluded: col.textList(),
  sentence: col.text(),
});

/** Every group of rounds each verdict weighed: used, or left out with its reason (other environments not listed). */
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
});

export const DERIVED_TABLES = [
  PASS_RATES,
  ATTEMPT_RATES,
  COMPARISONS,
  SCALING_FITS,
  CRASH_CLUSTERS,
  CRASH_MOVES,
  CHANGEPOINTS,
  AUDITS,
  VERDICTS,
  VERDICT_EVIDENCE,
] as const satisfies readonly TableSpec[];

/** The name of a derived table. */
export type DerivedTableName = (typeof DERIVED_TABLES)[number]['name'];
