/**
 * Holm's step-down adjustment of a family of p-values: sorted ascending, the
 * i-th smallest (1-based) becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
 * Rejecting every hypothesis whose adjusted p is below α keeps the
 * family-wise error rate (the chance of any false rejection) at most α under
 * any dependence between the tests, and rejects at least what Bonferroni does.
 *
 * Use it for a family of comparisons read together — native against each of
 * K dylib variants on one page or in one answer — so that "still necessary"
 * is not found by chance in one of many.
 *
 * Reference: Holm (1979), Scand. J. Statist. 6:65–70; R
 * `p.adjust(p, method = "holm")`.
 *
 * Edge cases: an empty family → []; a single p-value is unchanged; NaN or a
 * value outside [0, 1] throws naming it; ties keep their input order.
 *
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  for (const p of pValues)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
