import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';

/**
 * Rounds needed to claim "crash rate below `maxRate`" at confidence `confidence`
 * when `failures` crashed rounds are seen among them.
 *
 * Zero failures: the smallest n with (1 − r)ⁿ ≤ 1 − c (the "rule of three":
 * about 3/r at 95%). With f failures: the smallest n whose one-sided
 * Clopper-Pearson upper bound for f/n, B⁻¹(c; f + 1, n − f), is ≤ r —
 * equivalently P(Binomial(n, r) ≤ f) ≤ 1 − c.
 *
 * Reference: Hanley & Lippman-Hand (1983) JAMA 249:1743 (rule of three); R
 * `binom.test(f, n, alternative = "less", conf.level = c)$conf.int[2] <= r`
 * minimised over n. r = 0.01, c = 0.95: 299 rounds (f = 0), 473 (f = 1), 628 (f = 2).
 *
 * Edge cases: r and c must be in (0, 1), f an integer ≥ 0; the bound is
 * monotone in n, so an exponential then binary search finds n exactly.
 *
 * @example roundsNeeded(0.01, 0.95) // 299
 */
export function roundsNeeded(maxRate: number, confidence = 0.95, failures = 0): number {
  checkOpenUnit(maxRate, 'max rate');
  checkOpenUnit(confidence, 'confidence');
  checkNonNegativeInteger(failures, 'failures');
  const ok = (n: number) =>
    failures === 0
      ? n * Math.log1p(-maxRate) <= Math.log1p(-confidence)
      : betaQuantile(confidence, failures + 1, n - failures) <= maxRate;
  let lo = failures; // never enough: n must exceed f
  let hi = failures + 1;
  while (!ok(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) throw new RangeError(`max rate ${maxRate} needs more than 1e12 rounds`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
