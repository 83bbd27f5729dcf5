import { attemptCrashRate, type EvidenceGroup, selectEvidence } from '../stats/index.ts';
import { distinctEnvironments, envKey, labelsOf } from './environments.ts';
import { environmentOf, type RoundRecord } from './loadEvidence.ts';

/** The team's wrapper makes 3 attempts in all unless a round shows more. */
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * `attempt_rates`: the per-attempt crash probability recovered from rounds a
 * wrapper retried, for every environment whose selected rounds record their
 * crashed attempts.
 */
export function attemptRateRows(
  groups: readonly EvidenceGroup[],
  rounds: readonly RoundRecord[],
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const env of distinctEnvironments(groups)) {
    if (env.wrapper === 'none') continue;
    const { kept } = selectEvidence(groups, env);
    const keptIds = new Set(kept.filter((g) => g.origin !== 'batch').map((g) => g.source_id));
    const mine = rounds.filter(
      (r) =>
        keptIds.has(r.source_id) &&
        envKey(environmentOf(r)) === envKey(env) &&
        r.crashed_attempts !== null &&
        r.status !== null,
    );
    if (mine.length === 0) continue;
    const maxAttempts = Math.max(
      DEFAULT_MAX_ATTEMPTS,
      ...mine.map((r) => r.attempts ?? 0),
      ...mine.filter((r) => r.status === 'pass').map((r) => (r.crashed_attempts ?? 0) + 1),
    );
    const retries = mine.filter((r) => r.status === 'pass').map((r) => r.crashed_attempts!);
    const failed = mine.filter((r) => r.status !== 'pass').length;
    if (retries.every((r) => r === 0) && failed === 0 && env.wrapper !== 'retry') continue;
    const rate = attemptCrashRate({ maxAttempts, retries, failed });
    rows.push({
      ...labelsOf(env),
      rounds: mine.length,
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
