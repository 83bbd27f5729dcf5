/**
 * DDL of the derived tables (DESIGN.md "Derived tables"), written by
 * `roundbook analyze` from the raw tables and nothing else.
 */
import type { TableSpec } from '../../ingest/schema.ts';

const groupLabels = [
  ['config', 'VARCHAR'],
  ['fix_variant', 'VARCHAR'],
  ['torch_version', 'VARCHAR'],
  ['threads', 'INTEGER'],
  ['wrapper', 'VARCHAR'],
] as const;

export const PASS_RATES: TableSpec = {
  name: 'pass_rates',
  columns: [
    ...groupLabels,
    ['passed', 'INTEGER'],
    ['total', 'INTEGER'],
    ['rate', 'DOUBLE'],
    ['method', 'VARCHAR'],
    ['level', 'DOUBLE'],
    ['lower', 'DOUBLE'],
    ['upper', 'DOUBLE'],
    ['runner_rounds', 'INTEGER'],
    ['report_rounds', 'INTEGER'],
    ['batch_rounds', 'INTEGER'],
    ['sources', 'INTEGER'],
  ],
};

export const ATTEMPT_RATES: TableSpec = {
  name: 'attempt_rates',
  columns: [
    ...groupLabels,
    ['rounds', 'INTEGER'],
    ['max_attempts', 'INTEGER'],
    ['attempts', 'INTEGER'],
    ['crashed_attempts', 'INTEGER'],
    ['q', 'DOUBLE'],
    ['lower', 'DOUBLE'],
    ['upper', 'DOUBLE'],
    ['round_pass_probability', 'DOUBLE'],
    ['hidden_crashes', 'INTEGER'],
  ],
};

export const COMPARISONS: TableSpec = {
  name: 'comparisons',
  columns: [
    ['a_config', 'VARCHAR'],
    ['b_config', 'VARCHAR'],
    ['a_fix_variant', 'VARCHAR'],
    ['b_fix_variant', 'VARCHAR'],
    ['torch_version', 'VARCHAR'],
    ['threads', 'INTEGER'],
    ['wrapper', 'VARCHAR'],
    ['a_passed', 'INTEGER'],
    ['a_total', 'INTEGER'],
    ['b_passed', 'INTEGER'],
    ['b_total', 'INTEGER'],
    ['fisher_two_sided', 'DOUBLE'],
    ['fisher_greater', 'DOUBLE'],
    ['fisher_less', 'DOUBLE'],
    ['prob_a_better', 'DOUBLE'],
    ['rd_estimate', 'DOUBLE'],
    ['rd_lower', 'DOUBLE'],
    ['rd_upper', 'DOUBLE'],
    ['margin', 'DOUBLE'],
    ['noninferior', 'BOOLEAN'],
    ['efficiency_diff', 'DOUBLE'],
    ['efficiency_diff_lower', 'DOUBLE'],
    ['efficiency_diff_upper', 'DOUBLE'],
    ['sentence', 'VARCHAR'],
  ],
};

export const SCALING_FITS: TableSpec = {
  name: 'scaling_fits',
  columns: [
    ['source_id', 'VARCHAR'],
    ['line', 'INTEGER'],
    ['series', 'VARCHAR'],
    ['config', 'VARCHAR'],
    ['model', 'VARCHAR'],
    ['points', 'INTEGER'],
    ['min_threads', 'INTEGER'],
    ['max_threads', 'INTEGER'],
    ['lambda', 'DOUBLE'],
    ['sigma', 'DOUBLE'],
    ['kappa', 'DOUBLE'],
    ['lambda_lower', 'DOUBLE'],
    ['lambda_upper', 'DOUBLE'],
    ['sigma_lower', 'DOUBLE'],
    ['sigma_upper', 'DOUBLE'],
    ['kappa_lower', 'DOUBLE'],
    ['kappa_upper', 'DOUBLE'],
    ['r2', 'DOUBLE'],
    ['converged', 'BOOLEAN'],
    ['iterations', 'INTEGER'],
    ['peak_threads', 'DOUBLE'],
    ['best_threads', 'INTEGER'],
    ['warnings', 'VARCHAR[]'],
  ],
};

export const CRASH_CLUSTERS: TableSpec = {
  name: 'crash_clusters',
  columns: [
    ['signature', 'VARCHAR'],
    ['rules_version', 'VARCHAR'],
    ['crashes', 'INTEGER'],
    ['duplicates_folded', 'INTEGER'],
    ['first_seen', 'TIMESTAMP'],
    ['last_seen', 'TIMESTAMP'],
    ['by_config', 'VARCHAR'],
    ['by_fix_variant', 'VARCHAR'],
    ['by_torch_version', 'VARCHAR'],
    ['example_crash_uid', 'VARCHAR'],
    ['example_frames', 'VARCHAR[]'],
  ],
};

/** Crashes whose signature under the current rules differs from the one recorded at ingest. */
export const CRASH_MOVES: TableSpec = {
  name: 'crash_moves',
  columns: [
    ['crash_uid', 'VARCHAR'],
    ['old_signature', 'VARCHAR'],
    ['old_rules_version', 'VARCHAR'],
    ['new_signature', 'VARCHAR'],
    ['new_rules_version', 'VARCHAR'],
  ],
};

export const CHANGEPOINTS: TableSpec = {
  name: 'changepoints',
  columns: [
    ['metric', 'VARCHAR'],
    ['config', 'VARCHAR'],
    ['series', 'VARCHAR'],
    ['position', 'INTEGER'],
    ['at_round', 'INTEGER'],
    ['at_time', 'TIMESTAMP'],
    ['n_before', 'INTEGER'],
    ['n_after', 'INTEGER'],
    ['before_mean', 'DOUBLE'],
    ['after_mean', 'DOUBLE'],
    ['p_value', 'DOUBLE'],
    ['source_id', 'VARCHAR'],
    ['line', 'INTEGER'],
  ],
};

export const AUDITS: TableSpec = {
  name: 'audits',
  columns: [
    ['kind', 'VARCHAR'],
    ['source_id', 'VARCHAR'],
    ['line', 'INTEGER'],
    ['subject', 'VARCHAR'],
    ['check_name', 'VARCHAR'],
    ['stated', 'VARCHAR'],
    ['computed', 'VARCHAR'],
    ['ok', 'BOOLEAN'],
    ['sentence', 'VARCHAR'],
  ],
};

export const VERDICTS: TableSpec = {
  name: 'verdicts',
  columns: [
    ...groupLabels,
    ['answer', 'VARCHAR'],
    ['headline', 'VARCHAR'],
    ['crashes', 'INTEGER'],
    ['trials', 'INTEGER'],
    ['crash_rate', 'DOUBLE'],
    ['lower', 'DOUBLE'],
    ['upper', 'DOUBLE'],
    ['round_crash_rate', 'DOUBLE'],
    ['round_lower', 'DOUBLE'],
    ['round_upper', 'DOUBLE'],
    ['threshold', 'DOUBLE'],
    ['confidence', 'DOUBLE'],
    ['rounds_needed', 'INTEGER'],
    ['sprt_state', 'VARCHAR'],
    ['sprt_llr', 'DOUBLE'],
    ['used', 'VARCHAR[]'],
    ['excluded', 'VARCHAR[]'],
    ['sentence', 'VARCHAR'],
  ],
};

/** Every group of rounds each verdict weighed: used, or left out with its reason (other environments not listed). */
export const VERDICT_EVIDENCE: TableSpec = {
  name: 'verdict_evidence',
  columns: [
    ['config', 'VARCHAR'],
    ['group_id', 'VARCHAR'],
    ['source_id', 'VARCHAR'],
    ['source_path', 'VARCHAR'],
    ['line', 'INTEGER'],
    ['origin', 'VARCHAR'],
    ['kind', 'VARCHAR'],
    ['rounds', 'INTEGER'],
    ['crashed', 'INTEGER'],
    ['attempts', 'INTEGER'],
    ['crashed_attempts', 'INTEGER'],
    ['used', 'BOOLEAN'],
    ['reason', 'VARCHAR'],
  ],
};

export const DERIVED_TABLES: readonly TableSpec[] = [
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
];
