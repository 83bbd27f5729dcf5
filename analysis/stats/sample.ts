/** Small helpers on samples shared by the bootstrap and change-point code. */

/**
 * Percentile of an ascending array with linear interpolation (R `quantile(type = 7)`,
 * numpy's default). Edge cases: p = 0 / 1 give the min / max; the array must be non-empty;
 * infinite values are allowed (a percentile between two infinities is that infinity).
 *
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  // Equal neighbours (also two infinities, whose difference is NaN) need no interpolation.
  if (h === lo || sorted[hi] === sorted[lo]) return sorted[lo];
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Arithmetic mean (NaN for an empty array).
 *
 * @example mean([1, 2, 3]) // 2
 */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/**
 * Checks a sample: at least one value, all finite; throws a RangeError naming it.
 *
 * @example checkSample([], 'values') // throws RangeError('values is empty')
 */
export function checkSample(xs: readonly number[], name: string): void {
  if (xs.length === 0) throw new RangeError(`${name} is empty`);
  for (const x of xs) if (!Number.isFinite(x)) throw new RangeError(`${name} contains ${x}`);
}
