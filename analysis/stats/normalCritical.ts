import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { checkLevel } from './checkArgs.ts';

/**
 * The two-sided standard-normal critical value z = Φ⁻¹(1 − (1 − level)/2),
 * from `@stdlib/stats-base-dists-normal-quantile`.
 *
 * Reference: R `qnorm(1 - (1 - level) / 2)`; scipy `norm.ppf(1 - (1 - level) / 2)`.
 * Edge cases: level must lie strictly in (0, 1), otherwise a RangeError.
 *
 * @example normalCritical(0.95) // 1.959963984540054
 */
export function normalCritical(level: number): number {
  checkLevel(level);
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}
