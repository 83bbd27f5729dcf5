import type { AttemptOutcome } from '../../store/vocabulary.ts';
import { checkNonNegativeInteger } from './checkArgs.ts';
import type { Interval } from './types.ts';
import { wilsonInterval } from './wilsonInterval.ts';

/** How many recorded attempts ended each way. */
export type AttemptOutcomeCounts = Record<AttemptOutcome, number>;

/**
 * Whether an outcome is a trial of the workload, and if so whether it failed:
 * every way an attempt can fail counts (crash, timeout or hang, fail: a wrong
 * result or failed assertion) as competing risks; `error` (could not start)
 * and `interrupted` (killed with the runner) say nothing of the workload and
 * are reported beside the rate, never in it.
 */
export const ATTEMPT_OUTCOME_ROLE: Record<AttemptOutcome, 'pass' | 'failure' | 'excluded'> = {
  pass: 'pass',
  crash: 'failure',
  fail: 'failure',
  timeout: 'failure',
  interrupted: 'excluded',
  error: 'excluded',
};

/** Counts with every outcome 0. */
export const noAttempts = (): AttemptOutcomeCounts => ({
  pass: 0,
  crash: 0,
  fail: 0,
  timeout: 0,
  interrupted: 0,
  error: 0,
});

/** The sum of two outcome counts. */
export function addAttempts(a: AttemptOutcomeCounts, b: AttemptOutcomeCounts): AttemptOutcomeCounts {
  const out = noAttempts();
  for (const k of Object.keys(out) as AttemptOutcome[]) out[k] = a[k] + b[k];
  return out;
}

/** The per-attempt failure rate of recorded attempts. */
export interface AttemptFailureRate {
  /** Failed attempts / attempts (crash + timeout + fail over those plus passes), Wilson interval. */
  q: Interval;
  /** Attempts that are trials: pass + crash + timeout + fail. */
  attempts: number;
  /** Attempts that did not pass: crash + timeout + fail. */
  failed: number;
  /** Every outcome's count, the excluded ones (`error`, `interrupted`) too. */
  counts: AttemptOutcomeCounts;
}

/**
 * The per-attempt failure probability from the attempts as recorded (the
 * runner's attempt events, or a report's "PASS after 2 retries" rows), never
 * from an assumed number of attempts per round: an A = 2 wrapper with 8 clean
 * rounds and 2 crash-crash rounds made 12 attempts, 4 of them failed; a crash
 * then a timeout is 2 failed attempts of 2 (1 crash, 1 timeout).
 *
 * Each attempt is a trial that passes or fails by any of the competing risks
 * (crash, timeout, fail); `error` and `interrupted` attempts are counted in
 * `counts` but are not trials. The interval is Wilson's (attempts taken as
 * independent trials).
 *
 * Reference: Wilson (1927); competing risks as in Kalbfleisch & Prentice
 * (2002) §8: the all-cause failure probability is the sum of the kinds'.
 *
 * Edge cases: no trial attempts (none, or only errors and interruptions)
 * throws, as there is no rate to give; a negative or fractional count throws
 * naming its outcome; no failures → q = 0 with a Wilson upper bound > 0.
 *
 * @example attemptFailureRate({pass: 8, crash: 4, fail: 0, timeout: 0, interrupted: 0, error: 0}).q.estimate // 4/12
 */
export function attemptFailureRate(counts: AttemptOutcomeCounts, level = 0.95): AttemptFailureRate {
  let attempts = 0;
  let failed = 0;
  for (const [k, role] of Object.entries(ATTEMPT_OUTCOME_ROLE) as [AttemptOutcome, string][]) {
    checkNonNegativeInteger(counts[k], `${k} attempts`);
    if (role !== 'excluded') attempts += counts[k];
    if (role === 'failure') failed += counts[k];
  }
  if (attempts === 0) throw new RangeError('no attempts that passed or failed: no per-attempt rate');
  const q = wilsonInterval(failed, attempts, level);
  return {
    q: { ...q, method: 'wilson (failed attempts / attempts)' },
    attempts,
    failed,
    counts: { ...counts },
  };
}
