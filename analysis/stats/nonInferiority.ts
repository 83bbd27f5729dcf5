import { checkLevel } from './checkArgs.ts';
import { formatPercent } from './formatPercent.ts';
import { newcombeDifference } from './newcombeDifference.ts';
import type { Interval } from './types.ts';

/** Pass counts of one configuration. */
export interface PassCount {
  passed: number;
  total: number;
}

/** Result of a non-inferiority (margin) test of a candidate against a reference. */
export interface NonInferiorityResult {
  /** Candidate − reference pass rate, with the two-sided interval at level 1 − 2α. */
  difference: Interval;
  margin: number;
  alpha: number;
  /** True when the one-sided lower bound of the difference lies above −margin. */
  noWorse: boolean;
  method: 'newcombe-non-inferiority';
  sentence: string;
}

/**
 * Non-inferiority test "the candidate (e.g. native PyTorch) is no worse than
 * the reference (e.g. the workaround dylib) by more than `margin` in pass
 * rate": H0 pC − pR ≤ −margin against H1 pC − pR > −margin, by the
 * confidence-interval method — reject H0 at one-sided level α when the lower
 * bound of Newcombe's hybrid score interval at two-sided level 1 − 2α lies
 * above −margin. When native is no worse, the dylib is no longer necessary at
 * that margin.
 *
 * Reference: Newcombe (1998) method 10 for the interval; the CI approach to
 * non-inferiority: EMA CPMP/EWP/482/99, Piaggio et al. (2012) JAMA 308:2594.
 * R `DescTools::BinomDiffCI(…, conf.level = 1 − 2α, method = "score")[, "lwr.ci"] > −margin`.
 *
 * Edge cases: margin must be in [0, 1) (0 makes it a superiority-or-equal test);
 * alpha in (0, 0.5). Throws on invalid counts, margin or alpha.
 *
 * @example nonInferiority({passed: 20, total: 20}, {passed: 20, total: 20}, 0.1).noWorse // true
 */
export function nonInferiority(
  candidate: PassCount,
  reference: PassCount,
  margin: number,
  alpha = 0.05,
): NonInferiorityResult {
  if (!(margin >= 0 && margin < 1)) throw new RangeError(`margin must be in [0, 1), got ${margin}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  const level = 1 - 2 * alpha;
  checkLevel(level);
  const difference = newcombeDifference(
    candidate.passed,
    candidate.total,
    reference.passed,
    reference.total,
    level,
  );
  const noWorse = difference.lower > -margin;
  const pct = (x: number) => formatPercent(x);
  const sentence = noWorse
    ? `The candidate's pass rate is at most ${pct(-difference.lower)} below the reference's (one-sided ${pct(1 - alpha)} bound), within the ${pct(margin)} margin: no worse.`
    : `The candidate's pass rate may be up to ${pct(-difference.lower)} below the reference's (one-sided ${pct(1 - alpha)} bound), beyond the ${pct(margin)} margin: not shown to be no worse.`;
  return { difference, margin, alpha, noWorse, method: 'newcombe-non-inferiority', sentence };
}
