import type { SCALING_FITS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import {
  compareScalingModels,
  fitScaling,
  fitScalingByRounds,
  type ScalingCell,
  type ScalingFit,
  type ScalingModel,
  type ScalingPoint,
} from '../stats/index.ts';
import {
  RUNNER_SERIES,
  type RunnerScaling,
  type ScalingLoad,
  type ScalingRecord,
} from './loadScalingSeries.ts';

type Row = RowOf<typeof SCALING_FITS>;

/** Bootstrap resamples of a runner fit: enough for stable 95% percentiles, bounded so a million rounds stay cheap. */
const RESAMPLES = 1000;

/**
 * `scaling_fits`: USL and Amdahl fits of every report series with at least
 * three distinct thread counts (throughput when stated, else speedup — a
 * throughput relative to one thread, which scales λ but not σ or κ; Wald t
 * intervals, one point per thread count), and of every configuration's runner
 * measurements: all of them, with intervals from a bootstrap over rounds
 * (`fitScalingByRounds`), labelled by configuration. Each pair of rows carries
 * the F-test of κ = 0 and each row its AIC.
 */
export function scalingFitRows(load: ScalingLoad): Row[] {
  return [...reportRows(load.reports), ...load.runner.flatMap(runnerRows)];
}

/** Fits of each report series (source, series, config), one point per thread count. */
function reportRows(points: readonly ScalingRecord[]): Row[] {
  const series = new Map<string, ScalingRecord[]>();
  for (const p of points) {
    const key = `${p.source_id}\u0000${p.series}\u0000${p.config}`;
    const list = series.get(key) ?? [];
    list.push(p);
    series.set(key, list);
  }
  const rows: Row[] = [];
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
    const fits = fitBoth(
      () => fitScaling(pts, { model: 'usl' }),
      () => fitScaling(pts, { model: 'amdahl' }),
    );
    const notes = useThroughput ? [] : ['fitted to speedup (throughput not stated)'];
    rows.push(
      ...pairRows(fits, notes, {
        source_id: first.source_id,
        line: first.line,
        series: first.series,
        config: first.config,
        origin: 'report',
        label: first.series,
        rounds: null,
      }),
    );
  }
  return rows;
}

/** Fits of one configuration's runner measurements: every point, intervals by a bootstrap over rounds. */
function runnerRows(r: RunnerScaling): Row[] {
  const useThroughput = measuredAt(r.throughput).size >= 3;
  const units = useThroughput ? r.throughput : r.speedup;
  const counts = measuredAt(units);
  if (counts.size < 3) return [];
  const unitName = r.blocked ? 'blocks of rounds' : 'rounds';
  let both: ReturnType<typeof fitScalingByRounds>;
  try {
    both = fitScalingByRounds(units, { resamples: RESAMPLES, seed: 1, unitName });
  } catch {
    return [];
  }
  const rounds = r.blocked ? Math.max(...counts.values()) : units.length;
  const notes = [
    ...(useThroughput ? [] : ['fitted to speedup (throughput not stated)']),
    ...(r.blocked ? [`${rounds} tables dealt into ${units.length} blocks for the bootstrap`] : []),
  ];
  return pairRows({ usl: both.usl, amdahl: both.amdahl }, notes, {
    source_id: r.source_id,
    line: r.line,
    series: RUNNER_SERIES,
    config: r.config,
    origin: 'runner',
    label: r.config,
    rounds,
  });
}

/** Both fits, each null when it cannot be made (too few thread counts for the model). */
function fitBoth(usl: () => ScalingFit, amdahl: () => ScalingFit): Partial<Record<ScalingModel, ScalingFit>> {
  const out: Partial<Record<ScalingModel, ScalingFit>> = {};
  for (const [model, fit] of [
    ['usl', usl],
    ['amdahl', amdahl],
  ] as const) {
    try {
      out[model] = fit();
    } catch {
      // too few distinct thread counts for this model: no row
    }
  }
  return out;
}

type Identity = Pick<Row, 'source_id' | 'line' | 'series' | 'config' | 'origin' | 'label' | 'rounds'>;

/** The rows of a series' fits, with the model comparison when both exist. */
function pairRows(fits: Partial<Record<ScalingModel, ScalingFit>>, notes: string[], id: Identity): Row[] {
  const comparison = fits.usl && fits.amdahl ? compareScalingModels(fits.usl, fits.amdahl) : null;
  return (['usl', 'amdahl'] as const).flatMap((model) => {
    const fit = fits[model];
    if (!fit) return [];
    return [
      {
        source_id: id.source_id,
        line: id.line,
        series: id.series,
        config: id.config,
        model,
        points: fit.points,
        min_threads: fit.threads[0],
        max_threads: fit.threads[fit.threads.length - 1],
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
        warnings: [...notes, ...fit.warnings],
        origin: id.origin,
        label: id.label,
        rounds: id.rounds,
        peak_lower: fit.peakInterval?.lower ?? null,
        peak_upper: finite(fit.peakInterval?.upper),
        interval_method: fit.intervals.sigma?.method ?? null,
        aic: comparison?.aic[model] ?? null,
        usl_vs_amdahl_p: comparison?.pValue ?? null,
      },
    ];
  });
}

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);

/** Measurements per thread count over all units (a table measures each thread count once). */
function measuredAt(units: readonly (readonly ScalingCell[])[]): Map<number, number> {
  const at = new Map<number, number>();
  for (const cells of units) for (const c of cells) at.set(c.threads, (at.get(c.threads) ?? 0) + c.n);
  return at;
}
