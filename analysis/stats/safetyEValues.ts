import betainc from '@stdlib/math-base-special-betainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { checkCounts, checkOpenUnit } from './checkArgs.ts';

/** The two e-values (as natural logs) of {@link safetyEValues}. */
export interface SafetyEValues {
  /** Evidence that the failure rate is below the threshold (large: SAFE). */
  logSafe: number;
  /** Evidence that the failure rate is above the threshold (large: UNSAFE). */
  logUnsafe: number;
}

/**
 * The e-values behind the always-valid safety verdict: for `failures` in
 * `trials` independent Bernoulli trials and a threshold θ,
 *
 * - SAFE side: M⁻ = ∫₀^θ L(q) dq/θ ÷ L(θ), the likelihood of a uniform mixture
 *   of failure rates below θ over the likelihood at θ. For every true rate
 *   p ≥ θ each trial's factor has expectation ≤ 1, so M⁻ is a nonnegative
 *   supermartingale starting at 1 and, by Ville's inequality,
 *   P(M⁻ ever reaches 1/α) ≤ α — however often it is looked at and whenever
 *   the trials stop (Robbins 1970; Howard, Ramdas, McAuliffe & Sekhon 2021,
 *   "Time-uniform, nonparametric, nonasymptotic confidence sequences";
 *   Ramdas et al. 2023, "Game-theoretic statistics and safe anytime-valid
 *   inference").
 * - UNSAFE side: M⁺, the same with a uniform mixture over rates above θ,
 *   a supermartingale for every p ≤ θ.
 *
 * Both are functions of the totals only (the mixture is exchangeable), so the
 * order of the trials and the way sessions are split does not change them.
 * Closed form with the regularized incomplete beta function Iₓ(a, b):
 * ∫₀^θ q^k (1−q)^(n−k) dq = B(k+1, n−k+1) I_θ(k+1, n−k+1).
 *
 * Edge cases: trials = 0 gives log 1 = 0 on both sides; θ must lie in (0, 1).
 *
 * @example safetyEValues(0, 450, 0.01).logSafe // ≈ 3.04 (e-value ≈ 20.9: SAFE at α = 0.05)
 */
export function safetyEValues(failures: number, trials: number, threshold: number): SafetyEValues {
  checkOpenUnit(threshold, 'threshold');
  if (trials === 0 && failures === 0) return { logSafe: 0, logUnsafe: 0 };
  checkCounts(failures, trials, 'failures', 'trials');
  const k = failures;
  const n = trials;
  const logBeta = gammaln(k + 1) + gammaln(n - k + 1) - gammaln(n + 2);
  const logLikelihoodAt = k * Math.log(threshold) + (n - k) * Math.log1p(-threshold);
  const below = betainc(threshold, k + 1, n - k + 1, true, false);
  const above = betainc(threshold, k + 1, n - k + 1, true, true);
  return {
    logSafe: logBeta + Math.log(below) - Math.log(threshold) - logLikelihoodAt,
    logUnsafe: logBeta + Math.log(above) - Math.log1p(-threshold) - logLikelihoodAt,
  };
}
