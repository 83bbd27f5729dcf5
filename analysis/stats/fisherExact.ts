/** A 2×2 table `[[passA, failA], [passB, failB]]` (rows: configurations). */
export type Table2x2 = readonly [readonly [number, number], readonly [number, number]];

/** Fisher's exact test p-values for a 2×2 table. */
export interface FisherResult {
  /** Sum of the probabilities of tables no more likely than the observed one (R, scipy). */
  twoSided: number;
  /** P(X ≥ a): evidence that A's pass rate is higher than B's (odds ratio > 1). */
  greater: number;
  /** P(X ≤ a): evidence that A's pass rate is lower than B's (odds ratio < 1). */
  less: number;
  /** Sample odds ratio a·d / (b·c) (Infinity or NaN when a cell is 0). */
  oddsRatio: number;
  method: 'fisher-exact';
}

/** R's relative tolerance in fisher.test: tables with p ≤ p_obs·(1 + 1e-7) count as "as extreme". */
const REL_ERR = 1 + 1e-7;

/**
 * Fisher's exact test on `[[a, b], [c, d]]` = `[[passA, failA], [passB, failB]]`,
 * conditioning on both margins (hypergeometric distribution of a).
 *
 * Two-sided as R and scipy define it: the sum of the probabilities of all
 * tables whose probability is ≤ the observed one × (1 + 1e-7). `greater` and
 * `less` are the one-sided p-values for "A's pass rate is greater / less than
 * B's", exactly scipy's `alternative='greater'` / `'less'` on this table.
 * Probabilities are computed by the hypergeometric recurrence in log space
 * from the mode, so large tables neither overflow nor need log-gamma.
 *
 * Reference: Fisher (1935); R `fisher.test(matrix(c(a, c, b, d), 2))$p.value`
 * (and `alternative = "greater" | "less"`); scipy
 * `fisher_exact([[a, b], [c, d]], alternative=...)`.
 *
 * Edge cases: a row or column of zeros gives p = 1 everywhere (one possible
 * table). Throws on negative or non-integer cells.
 *
 * @example fisherExact([[18, 2], [20, 0]]).twoSided // 0.48717948717948717 (= 380/780)
 */
export function fisherExact(table: Table2x2): FisherResult {
  const [[a, b], [c, d]] = table;
  for (const [name, v] of [
    ['a', a],
    ['b', b],
    ['c', c],
    ['d', d],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`table cell ${name} must be an integer ≥ 0, got ${v}`);
  }
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const oddsRatio = (a * d) / (b * c);
  if (lo === hi) return { twoSided: 1, greater: 1, less: 1, oddsRatio, method: 'fisher-exact' };
  // Unnormalised log-probabilities, by the ratio P(x+1)/P(x) = (r1−x)(c1−x)/((x+1)(r2−c1+x+1)).
  const mode = Math.min(hi, Math.max(lo, Math.floor(((r1 + 1) * (c1 + 1)) / (n + 2))));
  const logw = new Float64Array(hi - lo + 1);
  logw[mode - lo] = 0;
  for (let x = mode; x < hi; x++)
    logw[x + 1 - lo] = logw[x - lo] + Math.log(((r1 - x) * (c1 - x)) / ((x + 1) * (r2 - c1 + x + 1)));
  for (let x = mode; x > lo; x--)
    logw[x - 1 - lo] = logw[x - lo] + Math.log((x * (r2 - c1 + x)) / ((r1 - x + 1) * (c1 - x + 1)));
  let total = 0;
  for (let i = 0; i < logw.length; i++) total += Math.exp(logw[i]);
  const obs = logw[a - lo];
  const cut = obs + Math.log(REL_ERR);
  let two = 0;
  let greater = 0;
  let less = 0;
  for (let x = lo; x <= hi; x++) {
    const w = Math.exp(logw[x - lo]);
    if (logw[x - lo] <= cut) two += w;
    if (x >= a) greater += w;
    if (x <= a) less += w;
  }
  const clip = (p: number) => Math.min(1, p / total);
  return { twoSided: clip(two), greater: clip(greater), less: clip(less), oddsRatio, method: 'fisher-exact' };
}
