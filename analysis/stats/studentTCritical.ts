import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkLevel } from './checkArgs.ts';

/**
 * Two-sided Student-t critical value t_{ν, 1 − (1 − level)/2}, obtained from
 * the beta quantile (`@stdlib/stats-base-dists-beta-quantile`) through the
 * identity P(|T| > t) = I_{ν/(ν + t²)}(ν/2, ½): with x = B⁻¹(1 − level; ν/2, ½),
 * t = √(ν(1 − x)/x).
 *
 * Reference: Abramowitz & Stegun 26.7.1 / 26.5.27; R `qt(1 - (1 - level)/2, df)`.
 * ν = 1 at 95%: 12.706204736174707.
 *
 * Edge cases: ν must be > 0 (fractional allowed); level in (0, 1).
 *
 * @example studentTCritical(1, 0.95) // 12.7062047361747
 */
export function studentTCritical(df: number, level = 0.95): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
  checkLevel(level);
  const x = betaQuantile(1 - level, df / 2, 0.5);
  return Math.sqrt((df * (1 - x)) / x);
}
