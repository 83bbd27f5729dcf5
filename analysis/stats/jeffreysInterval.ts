import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkCounts, checkLevel } from './checkArgs.ts';
import type { BinomialInterval } from './types.ts';

/**
 * Jeffreys interval for k/n: the equal-tailed interval of the Beta(k + ½,
 * n − k + ½) posterior under the Jeffreys prior, with the Brown-Cai-DasGupta
 * boundary modification (lower = 0 at k = 0, upper = 1 at k = n). Coverage
 * close to nominal on average; less conservative than Clopper-Pearson.
 *
 * Reference: Brown, Cai & DasGupta (2001), Statistical Science 16:101, §4.1.2.
 * R `binom::binom.confint(k, n, methods = "bayes", type = "central",
 * prior.shape1 = 0.5, prior.shape2 = 0.5)` (with the boundary modification);
 * scipy `beta.ppf([α/2, 1 − α/2], k + 0.5, n − k + 0.5)`.
 *
 * Edge cases: k = 0 → lower 0; k = n → upper 1; n = 1 works. Throws on n < 1,
 * k > n, non-integers or level outside (0, 1).
 *
 * @example jeffreysInterval(17, 20) // lower 0.6514, upper 0.9559
 */
export function jeffreysInterval(k: number, n: number, level = 0.95): BinomialInterval {
  checkCounts(k, n);
  checkLevel(level);
  const alpha = 1 - level;
  return {
    estimate: k / n,
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k + 0.5, n - k + 0.5),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 0.5, n - k + 0.5),
    level,
    method: 'jeffreys',
    successes: k,
    trials: n,
  };
}
