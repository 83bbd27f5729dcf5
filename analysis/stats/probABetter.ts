import { checkCounts } from './checkArgs.ts';

/**
 * Posterior probability that A's pass rate exceeds B's, P(pA > pB), with
 * independent uniform Beta(1, 1) priors, so pA ~ Beta(kA + 1, nA − kA + 1) and
 * pB ~ Beta(kB + 1, nB − kB + 1). Exact finite sum (Evan Miller's closed form
 * for integer Beta parameters), evaluated in log space with term ratios, so no
 * log-gamma is needed and there is no cancellation: accurate to ~1e-14.
 *
 *   P(pA > pB) = Σ_{i=0}^{αA−1} B(αB + i, βA + βB) / ((βA + i) B(1 + i, βA) B(αB, βB))
 *
 * Reference: Evan Miller, "Formulas for Bayesian A/B Testing" (2015);
 * equivalently ∫₀¹ f_A(x) F_B(x) dx (numeric integration in the tests).
 *
 * Edge cases: counts of 0 and n are fine (the posteriors are proper). Since
 * the posteriors are continuous, P(pA > pB) + P(pB > pA) = 1 and equal data
 * give 0.5. Cost is O(kA + nB) operations. Throws on invalid counts.
 *
 * @example probABetter(20, 20, 3, 5) // 0.9931623931623932
 */
export function probABetter(passA: number, totalA: number, passB: number, totalB: number): number {
  checkCounts(passA, totalA, 'passA', 'totalA');
  checkCounts(passB, totalB, 'passB', 'totalB');
  // P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2): Miller's formula with X in the role of "B".
  const a1 = passA + 1;
  const b1 = totalA - passA + 1;
  const a2 = passB + 1;
  const b2 = totalB - passB + 1;
  // term_0 = B(a2, b1 + b2) / B(a2, b2) = Π_{j=0}^{b1−1} (b2 + j) / (a2 + b2 + j)
  let logTerm = 0;
  for (let j = 0; j < b1; j++) logTerm += Math.log((b2 + j) / (a2 + b2 + j));
  const logs: number[] = [logTerm];
  for (let i = 0; i < a1 - 1; i++) {
    logTerm += Math.log(
      ((a2 + i) / (a2 + i + b1 + b2)) * ((1 + i + b1) / (1 + i)) * ((b1 + i) / (b1 + i + 1)),
    );
    logs.push(logTerm);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const l of logs) if (l > max) max = l;
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, Math.max(0, Math.exp(max + Math.log(sum))));
}
