import type { ATTEMPT_RATES } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { attemptFailureRate, type EvidenceGroup, selectEvidence } from '../stats/index.ts';
import { distinctEnvironments, labelsOf } from './environments.ts';
import { keptAttempts } from './keptAttempts.ts';
import type { GroupDetail } from './loadEvidence.ts';

/**
 * `attempt_rates`: the per-attempt failure rate of every environment whose
 * wrapper retried (or whose rounds made more than one attempt), from the
 * attempts its selected rounds record — every failed attempt counted (crash,
 * timeout, fail), each kind in its own column, errors and interruptions
 * reported beside. The rate is over the kept rounds that record their
 * attempts (`rounds`); kept rounds that do not (stated batches, report tables
 * without retries) are counted in `unrecorded_rounds`, never guessed.
 */
export function attemptRateRows(
  groups: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): RowOf<typeof ATTEMPT_RATES>[] {
  const rows: RowOf<typeof ATTEMPT_RATES>[] = [];
  for (const env of distinctEnvironments(groups)) {
    if (env.wrapper === 'none') continue;
    const { kept } = selectEvidence(groups, env);
    const recorded = keptAttempts(kept, details);
    if (!recorded) continue;
    const { outcomes: o, maxAttempts, hidden, recordedRounds: rounds, recordedPassed: passed } = recorded;
    if (env.wrapper !== 'retry' && maxAttempts <= 1) continue;
    if (o.pass + o.crash + o.timeout + o.fail === 0) continue;
    const rate = attemptFailureRate(o);
    rows.push({
      ...labelsOf(env),
      rounds,
      rounds_passed: passed,
      round_pass_rate: rounds > 0 ? passed / rounds : null,
      unrecorded_rounds: recorded.unrecordedRounds,
      max_attempts: maxAttempts,
      attempts: rate.attempts,
      failed_attempts: rate.failed,
      crashed_attempts: o.crash,
      timeout_attempts: o.timeout,
      fail_attempts: o.fail,
      error_attempts: o.error,
      interrupted_attempts: o.interrupted,
      q: rate.q.estimate,
      lower: rate.q.lower,
      upper: rate.q.upper,
      hidden_crashes: hidden,
    });
  }
  return rows;
}
