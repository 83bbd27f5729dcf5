/**
 * Whether a number stated in a report agrees with the value recomputed from
 * data, allowing for rounding to `decimals` places — including double
 * rounding (82.945 → 82.95 → 83.0), which reports do. Any chain of roundings
 * from full precision down to d decimals moves a value by at most
 * ½·10⁻ᵈ·(1 + 1/10 + 1/100 + …) = (5/9)·10⁻ᵈ, so the tolerance is that plus a
 * relative 1e-9 for floating-point noise.
 *
 * Reference: IEEE 754 round-half-even/half-up both fall inside the bound; the
 * geometric-series bound on cascaded rounding.
 *
 * Edge cases: decimals may be 0 (integers: tolerance 0.556) or negative (tens);
 * non-finite numbers are never equal. Throws when decimals is not an integer.
 *
 * @example roundedEqual(83.0, 82.945, 1) // true
 * @example roundedEqual(83.0, 82.9, 1)   // false
 */
export function roundedEqual(stated: number, computed: number, decimals: number): boolean {
  if (!Number.isInteger(decimals)) throw new RangeError(`decimals must be an integer, got ${decimals}`);
  if (!Number.isFinite(stated) || !Number.isFinite(computed)) return false;
  const tol = (5 / 9) * 10 ** -decimals + 1e-9 * Math.max(Math.abs(stated), Math.abs(computed));
  return Math.abs(stated - computed) <= tol;
}
