/**
 * `roundbook plan`: from a question and the evidence so far, how many more
 * rounds each configuration needs for the verdict's procedure to decide it
 * with the power asked for.
 */
import type { Db } from '../../store/db.ts';
import { roundsForPower } from '../stats/index.ts';
import { type EnvironmentAnswer, type VerdictRequest, verdictFor } from './verdictFor.ts';

/** One configuration a plan runs. */
export interface PlannedConfig {
  /** The configuration's fix variant (`native`, `v2.9`, …). */
  fix: string;
  /** The environment the new rounds join (its config key), or null when no evidence exists yet. */
  builds_on: string | null;
  /** Its answer so far (always-valid), failures and trials (attempts when a wrapper retried). */
  answer: string;
  failures: number;
  trials: number;
  /** What the plan aims to show: SAFE when the evidence points below the threshold (or there is none), else UNSAFE. */
  target: 'safe' | 'unsafe';
  /** The failure rate the power is computed at: a quarter of the threshold for SAFE, the rate seen (≥ 2× the threshold) for UNSAFE. */
  assumed_rate: number;
  /** More rounds (each one attempt, no wrapper) after which the answer is `target` with probability ≥ power; 0 when decided; null when unreachable. */
  more_rounds: number | null;
}

/** A plan for a question: the rule it decides by and each configuration's rounds. */
export interface Plan {
  threshold: number;
  confidence: number;
  power: number;
  procedure: 'always-valid';
  configs: PlannedConfig[];
}

/** The deciding environment with the most trials, if any. */
function mainEnvironment(envs: readonly EnvironmentAnswer[]): EnvironmentAnswer | null {
  const deciding = envs.filter((e) => e.decides && (e.trials ?? 0) > 0);
  return deciding.sort((a, b) => (b.trials ?? 0) - (a.trials ?? 0))[0] ?? null;
}

/**
 * Plans the rounds for `fixes` (each with the request's torch, threads and
 * wrapper): for each, the evidence so far by {@link verdictFor}, where it
 * points, and {@link roundsForPower} from there. The rounds are new process
 * runs without a wrapper, so each is one attempt, the unit of the
 * per-attempt rate.
 *
 * @example await planQuestion(db, ['native', 'v2.9'], {...request, torch: '2.9.1', threads: 8}, 0.8)
 */
export async function planQuestion(
  db: Db,
  fixes: readonly string[],
  request: VerdictRequest,
  power: number,
): Promise<Plan> {
  const rule = {
    threshold: request.maxCrashRate,
    confidence: request.confidence,
    procedure: 'always-valid' as const,
  };
  const configs: PlannedConfig[] = [];
  for (const fix of fixes) {
    const answer = await verdictFor(db, { ...request, fix });
    const env = mainEnvironment(answer.environments);
    const failures = env?.crashes ?? 0;
    const trials = env?.trials ?? 0;
    const estimate = trials > 0 ? failures / trials : 0;
    const target = estimate > rule.threshold ? 'unsafe' : 'safe';
    const assumed =
      target === 'safe' ? rule.threshold / 4 : Math.min(0.99, Math.max(estimate, 2 * rule.threshold));
    const decided = env?.answer === 'safe' || env?.answer === 'unsafe';
    configs.push({
      fix,
      builds_on: env?.config ?? null,
      answer: env?.answer ?? 'no_evidence',
      failures,
      trials,
      target,
      assumed_rate: assumed,
      more_rounds: decided ? 0 : roundsForPower(rule, assumed, power, { failures, trials }, 200_000, target),
    });
  }
  return {
    threshold: rule.threshold,
    confidence: rule.confidence,
    power,
    procedure: 'always-valid',
    configs,
  };
}
