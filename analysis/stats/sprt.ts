import { checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';

/** Hypotheses and error rates of a crash-rate SPRT. */
export interface SprtParams {
  /** Acceptable crash rate (H0: p = p0). */
  p0: number;
  /** Unacceptable crash rate (H1: p = p1), p1 > p0. */
  p1: number;
  /** Probability of rejecting H0 when it is true (calling a safe build unsafe). */
  alpha: number;
  /** Probability of accepting H0 when H1 is true (calling an unsafe build safe). */
  beta: number;
}

/** SPRT state after some rounds. */
export interface SprtResult {
  /** `accept`: crash rate ≤ p0 (safe); `reject`: crash rate ≥ p1 (unsafe); `continue`: run more rounds. */
  decision: 'accept' | 'reject' | 'continue';
  llr: number;
  /** log(β / (1 − α)): accept H0 at or below it. */
  lowerBound: number;
  /** log((1 − β) / α): reject H0 at or above it. */
  upperBound: number;
  crashes: number;
  rounds: number;
  method: 'wald-sprt';
}

/**
 * Wald's sequential probability ratio test for a crash rate, on the totals
 * seen so far: log-likelihood ratio
 *   Λ = s·log(p1/p0) + (n − s)·log((1 − p1)/(1 − p0))
 * for s crashes in n rounds, compared with Wald's bounds
 *   B = log(β/(1 − α)) and A = log((1 − β)/α):
 * Λ ≥ A rejects H0 (unsafe), Λ ≤ B accepts H0 (safe), otherwise continue.
 * Apply it after each round (see {@link sprtSequential}) — the error rates hold
 * for the sequential procedure, approximately (Wald's bounds are slightly
 * conservative: the realised rates are at most about α/(1 − β) and β/(1 − α)).
 *
 * Reference: Wald (1945), Ann. Math. Statist. 16:117; Wald (1947) Sequential
 * Analysis, ch. 5 (binomial case).
 *
 * Edge cases: 0 rounds → continue with Λ = 0. Throws unless
 * 0 < p0 < p1 < 1, α, β in (0, 1) with α + β < 1, and 0 ≤ s ≤ n integers.
 *
 * @example sprt({p0: 0.01, p1: 0.05, alpha: 0.05, beta: 0.1}, 0, 100).decision // 'accept'
 */
export function sprt(params: SprtParams, crashes: number, rounds: number): SprtResult {
  const { lowerBound, upperBound, stepCrash, stepPass } = sprtBounds(params);
  checkNonNegativeInteger(rounds, 'rounds');
  checkNonNegativeInteger(crashes, 'crashes');
  if (crashes > rounds) throw new RangeError(`crashes = ${crashes} exceeds rounds = ${rounds}`);
  const llr = crashes * stepCrash + (rounds - crashes) * stepPass;
  const decision = llr >= upperBound ? 'reject' : llr <= lowerBound ? 'accept' : 'continue';
  return { decision, llr, lowerBound, upperBound, crashes, rounds, method: 'wald-sprt' };
}

/**
 * Validated SPRT constants: Wald's bounds and the log-likelihood-ratio steps
 * of one crashed and one passing round.
 *
 * @example sprtBounds({p0: 0.01, p1: 0.05, alpha: 0.05, beta: 0.1}).upperBound // log(18)
 */
export function sprtBounds(params: SprtParams): {
  lowerBound: number;
  upperBound: number;
  stepCrash: number;
  stepPass: number;
} {
  const { p0, p1, alpha, beta } = params;
  checkOpenUnit(p0, 'p0');
  checkOpenUnit(p1, 'p1');
  if (!(p1 > p0)) throw new RangeError(`p1 must exceed p0, got p0 = ${p0}, p1 = ${p1}`);
  checkOpenUnit(alpha, 'alpha');
  checkOpenUnit(beta, 'beta');
  if (!(alpha + beta < 1)) throw new RangeError(`alpha + beta must be < 1, got ${alpha} + ${beta}`);
  return {
    lowerBound: Math.log(beta / (1 - alpha)),
    upperBound: Math.log((1 - beta) / alpha),
    stepCrash: Math.log(p1 / p0),
    stepPass: Math.log1p(-p1) - Math.log1p(-p0),
  };
}
