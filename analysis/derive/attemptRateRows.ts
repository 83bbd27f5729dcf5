import type { ATTEMPT_RATES } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { attemptCrashRate, type EvidenceGroup, selectEvidence } from '../stats/index.ts';
import { distinctEnvironments, labelsOf } from './environments.ts';
import type { GroupDetail } from './loadEvidence.ts';

/** The team's wrapper makes 3 attempts in all unless a round shows more. */
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * `attempt_rates`: the per-attempt crash probability recovered from rounds a
 * wrapper retried, for every environment whose selected rounds record their
 * crashed attempts.
 */
export function attemptRateRows(
  groups: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): RowOf<typeof ATTEMPT_RATES>[] {
  const rows: RowOf<typeof ATTEMPT_RATES>[] = [];
  for (const env of distinctEnvironments(groups)) {
    if (env.wrapper === 'none') continue;
    const kept = selectEvidence(groups, env)
      .kept.map((g) => details.get(g))
      .filter((d) => d !== undefined);
    const retries: number[] = [];
    let failed = 0;
    let maxAttempts = DEFAULT_MAX_ATTEMPTS;
    for (const d of kept) {
      for (const [r, n] of d.retries) for (let i = 0; i < n; i++) retries.push(r);
      failed += d.failedWithAttempts;
      maxAttempts = Math.max(maxAttempts, d.maxAttempts);
    }
    if (retries.length + failed === 0) continue;
    if (env.wrapper !== 'retry' && failed === 0 && retries.every((r) => r === 0)) continue;
    const rate = attemptCrashRate({ maxAttempts, retries, failed });
    rows.push({
      ...labelsOf(env),
      rounds: retries.length + failed,
      max_attempts: maxAttempts,
      attempts: rate.attempts,
      crashed_attempts: rate.crashedAttempts,
      q: rate.q.estimate,
      lower: rate.q.lower,
      upper: rate.q.upper,
      round_pass_probability: rate.roundPass.estimate,
      hidden_crashes: retries.reduce((n, r) => n + r, 0),
    });
  }
  return rows;
}
