import betainc from '@stdlib/math-base-special-betainc';
import type { ScalingFit } from './fitScaling.ts';

/** USL against Amdahl on the same points: the extra-sum-of-squares F-test and both AICs. */
export interface ScalingComparison {
  /** F = (RSS_Amdahl − RSS_USL) / (RSS_USL / (n − 3)), on 1 and n − 3 degrees of freedom. */
  f: number;
  df: [number, number];
  /** P(F₁,ₙ₋₃ ≥ f): small when κ > 0 fits the data better than Amdahl can (null without degrees of freedom). */
  pValue: number | null;
  /** Akaike's information criterion n·ln(RSS/n) + 2k, k = parameters + 1 (the variance). */
  aic: { usl: number; amdahl: number };
  /** The model with the lower AIC (Amdahl on a tie: fewer parameters). */
  preferred: 'usl' | 'amdahl';
  method: string;
}

/**
 * Compares the nested USL (λ, σ, κ) and Amdahl (κ = 0) fits of the same
 * points: the extra-sum-of-squares F-test of κ = 0, and AIC. With replicates
 * (several measurements per thread count) the residual mean square estimates
 * the measurement variance and the F-test has its nominal size when the
 * points are independent; with one point per thread count it has n − 3
 * degrees of freedom, usually one, and little power. κ = 0 lies on the bound
 * of the USL's parameter space, so the test is conservative there (the
 * likelihood-ratio statistic is then a 50:50 mixture of 0 and χ²₁).
 *
 * Reference: Bates & Watts (1988) §3.10 (extra sum of squares); Self & Liang
 * (1987) for the boundary; Akaike (1974); R `anova(nls_amdahl, nls_usl)`;
 * scipy `f.sf(F, 1, n - 3)`. On the 620 H200 rounds (8 threads, 1,240 points):
 * F = 21.77, p = 3.4e-6.
 *
 * Edge cases: equal RSS (κ̂ = 0) gives F = 0, p = 1; RSS_USL = 0 gives F = +∞,
 * p = 0; fewer than 4 points gives p = null. Throws when the fits are not a
 * USL and an Amdahl fit of the same number of points.
 *
 * @example compareScalingModels(fitScaling(pts), fitScaling(pts, {model: 'amdahl'})).pValue
 */
export function compareScalingModels(usl: ScalingFit, amdahl: ScalingFit): ScalingComparison {
  if (usl.model !== 'usl' || amdahl.model !== 'amdahl')
    throw new RangeError(`expected a usl and an amdahl fit, got ${usl.model} and ${amdahl.model}`);
  if (usl.points !== amdahl.points)
    throw new RangeError(`the fits have different points (${usl.points} and ${amdahl.points})`);
  const n = usl.points;
  const d2 = n - 3;
  const extra = Math.max(0, amdahl.rss - usl.rss);
  const f = extra === 0 ? 0 : usl.rss > 0 && d2 > 0 ? extra / (usl.rss / d2) : Number.POSITIVE_INFINITY;
  const pValue =
    d2 <= 0 ? null : f === 0 ? 1 : f === Number.POSITIVE_INFINITY ? 0 : betainc(d2 / (d2 + f), d2 / 2, 0.5);
  const aicOf = (rss: number, k: number) => n * Math.log(Math.max(rss, Number.MIN_VALUE) / n) + 2 * k;
  const aic = { usl: aicOf(usl.rss, 4), amdahl: aicOf(amdahl.rss, 3) };
  return {
    f,
    df: [1, d2],
    pValue,
    aic,
    preferred: aic.usl < aic.amdahl ? 'usl' : 'amdahl',
    method: `extra-sum-of-squares F-test (1, ${d2} df) and AIC`,
  };
}
