import type { SCALING_FITS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { fitScaling, type ScalingModel, type ScalingPoint } from '../stats/index.ts';
import type { ScalingRecord } from './loadScalingSeries.ts';

const MODELS: ScalingModel[] = ['usl', 'amdahl'];

/**
 * `scaling_fits`: USL and Amdahl fits for every series with at least three
 * distinct thread counts. Throughput is used when stated, else speedup (a
 * throughput relative to one thread, which scales λ but not σ or κ).
 */
export function scalingFitRows(points: readonly ScalingRecord[]): RowOf<typeof SCALING_FITS>[] {
  const series = new Map<string, ScalingRecord[]>();
  for (const p of points) {
    const key = `${p.source_id}\u0000${p.series}\u0000${p.config}`;
    const list = series.get(key) ?? [];
    list.push(p);
    series.set(key, list);
  }
  const rows: RowOf<typeof SCALING_FITS>[] = [];
  for (const list of series.values()) {
    const useThroughput = list.filter((p) => p.throughput !== null && p.throughput > 0).length >= 3;
    const byThreads = new Map<number, number>();
    for (const p of list) {
      const y = useThroughput ? p.throughput : p.speedup;
      if (y !== null && y > 0 && p.threads > 0 && !byThreads.has(p.threads)) byThreads.set(p.threads, y);
    }
    if (byThreads.size < 3) continue;
    const pts: ScalingPoint[] = [...byThreads]
      .sort((a, b) => a[0] - b[0])
      .map(([threads, throughput]) => ({ threads, throughput }));
    const first = list.reduce((a, b) => (b.line < a.line ? b : a));
    for (const model of MODELS) {
      let fit: ReturnType<typeof fitScaling>;
      try {
        fit = fitScaling(pts, { model });
      } catch {
        continue;
      }
      rows.push({
        source_id: first.source_id,
        line: first.line,
        series: first.series,
        config: first.config,
        model,
        points: pts.length,
        min_threads: pts[0].threads,
        max_threads: pts.at(-1)!.threads,
        lambda: fit.params.lambda,
        sigma: fit.params.sigma,
        kappa: fit.params.kappa,
        lambda_lower: fit.intervals.lambda?.lower ?? null,
        lambda_upper: fit.intervals.lambda?.upper ?? null,
        sigma_lower: fit.intervals.sigma?.lower ?? null,
        sigma_upper: fit.intervals.sigma?.upper ?? null,
        kappa_lower: fit.intervals.kappa?.lower ?? null,
        kappa_upper: fit.intervals.kappa?.upper ?? null,
        r2: fit.r2,
        converged: fit.converged,
        iterations: fit.iterations,
        peak_threads: fit.peakThreads,
        best_threads: fit.bestThreads,
        warnings: [
          ...(pooled(list) ?? []),
          ...(useThroughput ? [] : ['fitted to speedup (throughput not stated)']),
          ...fit.warnings,
        ],
      });
    }
  }
  return rows;
}

/** The warning of a pooled series: each point is a mean. */
function pooled(list: readonly ScalingRecord[]): string[] | null {
  const n = list.reduce((sum, p) => sum + (p.measurements ?? 0), 0);
  return n > 0
    ? [`each point is the mean of the runner's measurements at that thread count (${n} in all)`]
    : null;
}
