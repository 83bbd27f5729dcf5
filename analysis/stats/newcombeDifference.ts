import { checkCounts } from './checkArgs.ts';
import type { Interval } from './types.ts';
import { wilsonInterval } from './wilsonInterval.ts';

/**
 * Risk difference pA − pB with Newcombe's hybrid score interval (method 10,
 * no continuity correction): from the Wilson intervals (l1, u1) of A and
 * (l2, u2) of B,
 *   lower = δ − √((pA − l1)² + (u2 − pB)²),  upper = δ + √((u1 − pA)² + (pB − l2)²).
 * Good coverage for small samples and boundary counts, where the Wald
 * interval fails.
 *
 * Reference: Newcombe (1998), Stat Med 17:873, method 10 (Table II: 56/70 −
 * 48/80 → 0.0524 to 0.3339). R `DescTools::BinomDiffCI(x1, n1, x2, n2,
 * method = "score")`; statsmodels `confint_proportions_2indep(…,
 * method = "newcomb")`.
 *
 * Edge cases: 0/n and n/n are fine (Wilson bounds are exact 0 or 1 there);
 * the interval stays inside [−1, 1]. Throws on invalid counts or level.
 *
 * @example newcombeDifference(9, 10, 3, 10) // estimate 0.6, lower 0.1705, upper 0.8090
 */
export function newcombeDifference(
  passA: number,
  totalA: number,
  passB: number,
  totalB: number,
  level = 0.95,
): Interval {
  checkCounts(passA, totalA, 'passA', 'totalA');
  checkCounts(passB, totalB, 'passB', 'totalB');
  const a = wilsonInterval(passA, totalA, level);
  const b = wilsonInterval(passB, totalB, level);
  const pA = a.estimate;
  const pB = b.estimate;
  const d = pA - pB;
  return {
    estimate: d,
    lower: Math.max(-1, d - Math.hypot(pA - a.lower, b.upper - pB)),
    upper: Math.min(1, d + Math.hypot(a.upper - pA, pB - b.lower)),
    level,
    method: 'newcombe-hybrid-score',
  };
}
