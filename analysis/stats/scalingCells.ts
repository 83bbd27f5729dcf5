/** Thread-scaling measurements summarised per thread count: what the USL and Amdahl fits need of the data. */

/** One measured point: throughput at a thread count. */
export interface ScalingPoint {
  threads: number;
  throughput: number;
}

/**
 * The measurements at one thread count, by their sufficient statistics for
 * least squares: how many (`n`), their mean, and the sum of squared
 * deviations from that mean (`ss`, 0 for one value). A least-squares fit to
 * every point equals a fit to the means weighted by `n`, plus the constant
 * `ss` (Σᵢⱼ (yᵢⱼ − f)² = Σᵢ nᵢ(ȳᵢ − f)² + Σᵢ ssᵢ), so a million points cost
 * what four do.
 */
export interface ScalingCell {
  threads: number;
  n: number;
  mean: number;
  ss: number;
}

/**
 * The cells of a list of points: one per thread count, ascending, with the
 * count, mean and within-cell sum of squares of its throughputs (Welford's
 * update, so the sums stay accurate for long lists).
 *
 * Edge cases: an empty list gives no cells; values are not checked here
 * (the fits check them).
 *
 * @example scalingCells([{threads: 1, throughput: 10}, {threads: 1, throughput: 12}, {threads: 2, throughput: 19}])
 *   // [{threads: 1, n: 2, mean: 11, ss: 2}, {threads: 2, n: 1, mean: 19, ss: 0}]
 */
export function scalingCells(points: readonly ScalingPoint[]): ScalingCell[] {
  const byThreads = new Map<number, ScalingCell>();
  for (const { threads, throughput } of points) {
    const c = byThreads.get(threads);
    if (!c) {
      byThreads.set(threads, { threads, n: 1, mean: throughput, ss: 0 });
      continue;
    }
    c.n++;
    const d = throughput - c.mean;
    c.mean += d / c.n;
    c.ss += d * (throughput - c.mean);
  }
  return [...byThreads.values()].sort((a, b) => a.threads - b.threads);
}

/**
 * Merges cells of several units (rounds, or blocks of rounds) into one cell
 * per thread count, exactly (Chan et al.'s pairwise update of count, mean and
 * sum of squares). `times[u]` says how often unit u is taken (a bootstrap
 * resample); omitted, every unit once.
 *
 * Reference: Chan, Golub & LeVeque (1979), Updating formulae and a pairwise
 * algorithm for computing sample variances.
 *
 * @example mergeCells([[{threads: 1, n: 1, mean: 10, ss: 0}], [{threads: 1, n: 1, mean: 12, ss: 0}]])
 *   // [{threads: 1, n: 2, mean: 11, ss: 2}]
 */
export function mergeCells(
  units: readonly (readonly ScalingCell[])[],
  times?: ArrayLike<number>,
): ScalingCell[] {
  const byThreads = new Map<number, ScalingCell>();
  units.forEach((cells, u) => {
    const k = times ? times[u] : 1;
    if (k === 0) return;
    for (const c of cells) {
      const n = k * c.n;
      const ss = k * c.ss;
      const acc = byThreads.get(c.threads);
      if (!acc) {
        byThreads.set(c.threads, { threads: c.threads, n, mean: c.mean, ss });
        continue;
      }
      const total = acc.n + n;
      const d = c.mean - acc.mean;
      acc.ss += ss + (d * d * acc.n * n) / total;
      acc.mean += (d * n) / total;
      acc.n = total;
    }
  });
  return [...byThreads.values()].sort((a, b) => a.threads - b.threads);
}

/**
 * Half a unit in the last decimal place a number was written with (its
 * shortest round-trip form): 181.8181818 → 5e-8, 640 → 0.5, 1.5e-7 → 5e-9.
 * The precision of a series is the finest of its values' (trailing zeros
 * are lost when text becomes a number, so 640 may have been 640.0000000).
 *
 * @example roundingHalfUnit(307.6923077) // 5e-8
 */
export function roundingHalfUnit(x: number): number {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)));
  if (!m) return 0;
  const decimals = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  return 0.5 * 10 ** -decimals;
}
