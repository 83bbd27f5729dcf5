import { checkNonNegativeInteger } from './checkArgs.ts';
import type { Interval } from './types.ts';
import { wilsonInterval } from './wilsonInterval.ts';

/** Rounds run through a retry wrapper with at most `maxAttempts` attempts each. */
export interface RetryRounds {
  maxAttempts: number;
  /** For each passing round, the crashed attempts before its pass (0 … A − 1). */
  retries: readonly number[];
  /** Rounds that used all A attempts and crashed every time. */
  failed: number;
}

/** Per-attempt crash probability recovered from retried rounds. */
export interface AttemptCrashRate {
  /** q = crashed attempts / attempts, with its Wilson interval. */
  q: Interval;
  attempts: number;
  crashedAttempts: number;
  rounds: number;
  passedRounds: number;
  /** Implied round pass probability 1 − q^A, with the interval mapped from q's bounds. */
  roundPass: Interval;
}

/**
 * The per-attempt crash probability hidden behind a retry wrapper. Each
 * attempt is taken to crash independently with probability q; a round passes
 * at its first non-crashing attempt or fails after A crashes. The likelihood
 * is q^crashes (1 − q)^passes, so the MLE is q = crashed attempts / attempts
 * (attempts = Σ(Rᵢ + 1) + F·A, crashes = ΣRᵢ + F·A), given a Wilson interval;
 * the implied round pass probability is 1 − q^A.
 *
 * Retries hide crashes: rounds 1640–1659 passed 17/20 with A = 3 (85%), yet
 * 19 of 36 attempts crashed (q ≈ 0.53). Whenever a wrapper retried, q is the
 * headline, not the round pass rate.
 *
 * Reference: geometric/truncated-Bernoulli likelihood; Wilson (1927) for the
 * interval of q (attempts are treated as independent trials).
 *
 * Edge cases: no rounds → throws; a retry count ≥ A (a pass after A crashes)
 * → throws naming it; all passes at first attempt → q = 0 with Wilson upper > 0.
 *
 * @example attemptCrashRate({maxAttempts: 3, retries: [2, 2, 2, 2, 2, 0, …17 values], failed: 3}).q.estimate // 19/36
 */
export function attemptCrashRate(input: RetryRounds, level = 0.95): AttemptCrashRate {
  const { maxAttempts: A, retries, failed } = input;
  if (!Number.isInteger(A) || A < 1) throw new RangeError(`max attempts must be an integer ≥ 1, got ${A}`);
  checkNonNegativeInteger(failed, 'failed');
  let crashes = failed * A;
  let attempts = failed * A;
  for (const r of retries) {
    if (!Number.isInteger(r) || r < 0 || r >= A)
      throw new RangeError(`retries must be integers in 0…${A - 1} (max attempts ${A}), got ${r}`);
    crashes += r;
    attempts += r + 1;
  }
  if (attempts === 0) throw new RangeError('no rounds: give retries for passing rounds or failed rounds');
  const q = wilsonInterval(crashes, attempts, level);
  const pass = (x: number) => 1 - x ** A;
  return {
    q: { ...q, method: 'wilson (per attempt)' },
    attempts,
    crashedAttempts: crashes,
    rounds: retries.length + failed,
    passedRounds: retries.length,
    roundPass: {
      estimate: pass(q.estimate),
      lower: pass(q.upper),
      upper: pass(q.lower),
      level,
      method: '1 - q^A from the wilson interval of q',
    },
  };
}
