import { checkLevel } from './checkArgs.ts';
import { studentTCritical } from './studentTCritical.ts';
import type { Interval } from './types.ts';

/** A sample summarised by its size, mean and sample variance (n − 1 denominator). */
export interface SampleMoments {
  n: number;
  mean: number;
  variance: number;
}

/**
 * Difference of two means, mean(a) − mean(b), with Welch's t interval
 * (unequal variances, Welch–Satterthwaite degrees of freedom). It needs only
 * each sample's size, mean and variance, and keeps its level from small
 * samples (where a bootstrap under-covers) to large ones; `meanDifferenceInterval`
 * adds the rule that each side needs 3 values.
 *
 * Reference: Welch (1947); R `t.test(a, b, var.equal = FALSE)$conf.int`.
 *
 * Edge cases: n < 2 in either sample throws (no variance); both variances 0
 * gives a zero-width interval at the difference.
 *
 * @example welchDifference({n: 10, mean: 19.8, variance: 4}, {n: 12, mean: 14.8, variance: 9}).estimate // 5
 */
export function welchDifference(a: SampleMoments, b: SampleMoments, level = 0.95): Interval {
  checkLevel(level);
  for (const [name, s] of [
    ['a', a],
    ['b', b],
  ] as const) {
    if (!(Number.isInteger(s.n) && s.n >= 2))
      throw new RangeError(`sample ${name} needs at least 2 values, got n = ${s.n}`);
    if (!(s.variance >= 0)) throw new RangeError(`sample ${name} variance must be ≥ 0, got ${s.variance}`);
  }
  const estimate = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { estimate, lower: estimate, upper: estimate, level, method: 'welch t (no variance)' };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTCritical(df, level);
  const method = `welch t (${Number(df.toPrecision(3))} df)`;
  return { estimate, lower: estimate - t * se, upper: estimate + t * se, level, method };
}

/** Moments of the union of samples given by their moments (exact pooling of counts, means and variances). */
export function poolMoments(parts: readonly SampleMoments[]): SampleMoments {
  const n = parts.reduce((k, p) => k + p.n, 0);
  if (n === 0) return { n: 0, mean: Number.NaN, variance: Number.NaN };
  const mean = parts.reduce((s, p) => s + p.n * p.mean, 0) / n;
  const ss = parts.reduce(
    (s, p) => s + (p.n > 1 ? (p.n - 1) * p.variance : 0) + p.n * (p.mean - mean) ** 2,
    0,
  );
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}
