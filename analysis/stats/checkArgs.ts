/**
 * Argument checks shared by the statistics: misuse of an API throws a short
 * `RangeError` naming the bad value (CONVENTIONS.md, three tiers of errors).
 */

/**
 * Checks a count of successes `k` out of `n` trials: integers, 0 ≤ k ≤ n, n ≥ 1.
 *
 * @example checkCounts(21, 20) // throws RangeError('passed = 21 exceeds total = 20')
 */
export function checkCounts(k: number, n: number, kName = 'passed', nName = 'total'): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${nName} must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`${kName} must be an integer ≥ 0, got ${k}`);
  if (k > n) throw new RangeError(`${kName} = ${k} exceeds ${nName} = ${n}`);
}

/**
 * Checks a confidence level strictly inside (0, 1).
 *
 * @example checkLevel(95) // throws RangeError('level must be in (0, 1), got 95')
 */
export function checkLevel(level: number, name = 'level'): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`${name} must be in (0, 1), got ${level}`);
}

/**
 * Checks a probability strictly inside (0, 1) (rates, error rates, thresholds).
 *
 * @example checkOpenUnit(0, 'max rate') // throws RangeError('max rate must be in (0, 1), got 0')
 */
export function checkOpenUnit(p: number, name: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${name} must be in (0, 1), got ${p}`);
}

/**
 * Checks a non-negative integer.
 *
 * @example checkNonNegativeInteger(-1, 'failures') // throws
 */
export function checkNonNegativeInteger(x: number, name: string): void {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`${name} must be an integer ≥ 0, got ${x}`);
}
