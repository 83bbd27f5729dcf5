import type { BootstrapOptions } from './bootstrapMean.ts';
import { checkLevel } from './checkArgs.ts';
import { mulberry32 } from './mulberry32.ts';
import { checkSample, mean, quantileSorted } from './sample.ts';
import type { Interval } from './types.ts';

/**
 * Difference of means mean(a) − mean(b) between two configurations (e.g.
 * efficiency with and without the dylib) with a seeded percentile bootstrap
 * interval: each resample draws a and b independently with replacement
 * (stratified bootstrap) from one {@link mulberry32}(seed) stream.
 *
 * Reference: Efron & Tibshirani (1993) ch. 13 and §8.3 (two-sample
 * problem); R `boot::boot(…, strata = group)` + `boot.ci(type = "perc")`.
 *
 * Edge cases: single-value samples give a zero-width interval. Throws on an
 * empty sample, non-finite values, a bad level or resamples < 1.
 *
 * @example bootstrapDifference([19.8, 19.9, 19.7], [14.8, 14.9, 14.6], {seed: 1}).estimate // 5.0333
 */
export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  const { level = 0.95, resamples = 2000, seed = 1 } = options;
  checkSample(a, 'a');
  checkSample(b, 'b');
  checkLevel(level);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be an integer ≥ 1, got ${resamples}`);
  const rand = mulberry32(seed);
  const diffs = new Float64Array(resamples);
  const draw = (xs: readonly number[]) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[Math.floor(rand() * xs.length)];
    return s / xs.length;
  };
  for (let r = 0; r < resamples; r++) diffs[r] = draw(a) - draw(b);
  diffs.sort();
  const alpha = 1 - level;
  return {
    estimate: mean(a) - mean(b),
    lower: quantileSorted(diffs, alpha / 2),
    upper: quantileSorted(diffs, 1 - alpha / 2),
    level,
    method: `percentile bootstrap, stratified (${resamples} resamples, mulberry32 seed ${seed})`,
  };
}
