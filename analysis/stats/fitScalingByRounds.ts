import { checkLevel } from './checkArgs.ts';
import { assembleFit, type ScalingFit } from './fitScaling.ts';
import { mulberry32 } from './mulberry32.ts';
import { normalCritical } from './normalCritical.ts';
import { quantileSorted } from './sample.ts';
import { mergeCells, type ScalingCell } from './scalingCells.ts';
import { type ScalingModel, SHAPE_PARAMS, solveScaling } from './solveScaling.ts';
import { studentTCritical } from './studentTCritical.ts';
import type { Interval } from './types.ts';

/** Options of {@link fitScalingByRounds}. */
export interface FitByRoundsOptions {
  /** Level of the intervals (default 0.95). */
  level?: number;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Seed of the mulberry32 PRNG that draws the resamples (default 1). */
  seed?: number;
  /** What one unit is, for the method text (default "rounds"). */
  unitName?: string;
}

/** Both models fitted to the same rounds, with the bootstrap they share. */
export type ScalingFitsByRounds = Record<ScalingModel, ScalingFit> & {
  /** Units resampled (rounds, or blocks of rounds). */
  units: number;
  resamples: number;
  /** Resamples whose fit did not converge (kept: dropping them would bias the intervals). */
  unconverged: Record<ScalingModel, number>;
};

/** Fewest units for a bootstrap interval: below, the percentile bootstrap under-covers (see the coverage test). */
export const MIN_BOOTSTRAP_UNITS = 10;

const MODELS: readonly ScalingModel[] = ['usl', 'amdahl'];

/**
 * USL and Amdahl fits to every measurement of every round, with intervals
 * from a bootstrap over rounds: each resample draws the rounds with
 * replacement and keeps each round's points together (so whatever a round
 * shares — the machine's state, a warm cache — stays in the resample), refits
 * both models from the full fit's parameters, and the intervals are the
 * percentiles (α/2, 1 − α/2) of the refitted λ, σ, κ and N*. Resamples are
 * drawn by {@link mulberry32}(seed): the same input gives the same intervals.
 *
 * A unit is a round's measurements summarised per thread count (cells); for
 * very many rounds, a unit may be a block of rounds assigned without regard
 * to order (the bootstrap over blocks of exchangeable rounds estimates the
 * same variance with fewer units). The point fit is the least-squares fit to
 * all points ({@link fitScaling} on the merged cells); the resample fits
 * start from it.
 *
 * N* in a resample: √((1 − σ)/κ); +∞ when κ = 0 (no peak: the interval's
 * upper end is then +∞ when more than α/2 of the resamples lack a peak), 0
 * when σ ≥ 1.
 *
 * Reference: Efron & Tibshirani (1993), An Introduction to the Bootstrap,
 * ch. 9 (bootstrapping regression: resampling cases) and ch. 13 (percentile
 * interval); Davison & Hinkley (1997) §3.8 (resampling clusters: the
 * hierarchical bootstrap resamples the top level). scipy's equivalent: resample
 * round indices with `numpy.random.Generator.integers`, refit with
 * `least_squares`, take `numpy.quantile` (on the 620 H200 rounds: σ in about
 * [0.43, 0.50] for 8 threads).
 *
 * Edge cases: with fewer than {@link MIN_BOOTSTRAP_UNITS} units the intervals
 * are left out (warning), as the percentile bootstrap under-covers there; a
 * resample with fewer thread counts than parameters is redrawn. Throws on no
 * units, a bad level or resamples < 1; the cells are checked as
 * `fitScalingCells` checks them.
 *
 * @example fitScalingByRounds(rounds.map((r) => scalingCells(r.points))).usl.intervals.sigma
 *   // {estimate: 0.468, lower: 0.43, upper: 0.50, method: 'bootstrap over 310 rounds (1000 resamples, percentile, …)'}
 */
export function fitScalingByRounds(
  units: readonly (readonly ScalingCell[])[],
  options: FitByRoundsOptions = {},
): ScalingFitsByRounds {
  const { level = 0.95, resamples = 1000, seed = 1, unitName = 'rounds' } = options;
  checkLevel(level);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be an integer ≥ 1, got ${resamples}`);
  if (units.length === 0) throw new RangeError('no rounds to fit');
  const cells = mergeCells(units);
  const fits = {} as Record<ScalingModel, ScalingFit>;
  for (const model of MODELS) {
    if (cells.length < SHAPE_PARAMS[model].length + 1)
      throw new RangeError(
        `${model} needs at least ${SHAPE_PARAMS[model].length + 1} distinct thread counts`,
      );
    fits[model] = assembleFit(cells, model, level, solveScaling(cells, model));
  }
  const R = units.length;
  const unconverged: Record<ScalingModel, number> = { usl: 0, amdahl: 0 };
  if (R < MIN_BOOTSTRAP_UNITS) {
    for (const model of MODELS) {
      const f = fits[model];
      f.intervals = { lambda: null, sigma: null, kappa: null };
      f.peakInterval = null;
      f.warnings.push(`only ${R} ${unitName} (fewer than ${MIN_BOOTSTRAP_UNITS}): no bootstrap intervals`);
    }
    return { ...fits, units: R, resamples: 0, unconverged };
  }

  const rand = mulberry32(seed);
  const times = new Uint32Array(R);
  const resample = resampler(units, cells);
  const draws: Record<ScalingModel, Float64Array[]> = {
    usl: [0, 1, 2, 3].map(() => new Float64Array(resamples)),
    amdahl: [0, 1, 2, 3].map(() => new Float64Array(resamples)),
  };
  for (let b = 0; b < resamples; b++) {
    let merged: ScalingCell[];
    do {
      times.fill(0);
      for (let i = 0; i < R; i++) times[Math.floor(rand() * R)]++;
      merged = resample(times);
    } while (merged.length < 3);
    for (const model of MODELS) {
      const f = fits[model];
      const s = solveScaling(merged, model, { start: [f.params.sigma, f.params.kappa] });
      if (!s.converged) unconverged[model]++;
      const d = draws[model];
      d[0][b] = s.lambda;
      d[1][b] = s.sigma;
      d[2][b] = s.kappa;
      d[3][b] =
        s.sigma >= 1 ? 0 : s.kappa > 0 ? Math.sqrt((1 - s.sigma) / s.kappa) : Number.POSITIVE_INFINITY;
    }
  }
  const alpha = 1 - level;
  const method = `bootstrap over ${R} ${unitName} (${resamples} resamples, expanded percentile, mulberry32 seed ${seed})`;
  const widen = (Math.sqrt(R / (R - 1)) * studentTCritical(R - 1, level)) / normalCritical(level);
  const interval = (estimate: number, d: Float64Array, clip = (x: number) => Math.max(0, x)): Interval => {
    const sorted = d.slice().sort();
    const lo = quantileSorted(sorted, alpha / 2);
    const hi = quantileSorted(sorted, 1 - alpha / 2);
    return {
      estimate,
      lower: clip(estimate - widen * (estimate - lo)),
      upper: hi === Number.POSITIVE_INFINITY ? hi : estimate + widen * (hi - estimate),
      level,
      method,
    };
  };
  for (const model of MODELS) {
    const f = fits[model];
    const d = draws[model];
    f.intervals = {
      lambda: interval(f.params.lambda, d[0], (x) => x),
      sigma: interval(f.params.sigma, d[1]),
      kappa: model === 'usl' ? interval(f.params.kappa, d[2]) : null,
    };
    f.peakInterval = f.peakThreads === null ? null : interval(f.peakThreads, d[3]);
    if (unconverged[model] > 0)
      f.warnings.push(`${unconverged[model]} of ${resamples} bootstrap fits did not converge (kept)`);
  }
  return { ...fits, units: R, resamples, unconverged };
}

/**
 * `mergeCells(units, times)` on flat typed arrays: each unit's cells indexed
 * by thread count once, so a resample is a pass of Chan's updates with no
 * maps or objects but the result.
 */
function resampler(units: readonly (readonly ScalingCell[])[], cells: readonly ScalingCell[]) {
  const index = new Map(cells.map((c, i) => [c.threads, i]));
  const T = cells.length;
  const start = new Uint32Array(units.length + 1);
  units.forEach((u, i) => {
    start[i + 1] = start[i] + u.length;
  });
  const at = new Uint32Array(start[units.length]);
  const n = new Float64Array(at.length);
  const mean = new Float64Array(at.length);
  const ss = new Float64Array(at.length);
  for (let i = 0; i < units.length; i++)
    for (let j = 0; j < units[i].length; j++) {
      const c = units[i][j];
      const k = start[i] + j;
      at[k] = index.get(c.threads) ?? 0;
      n[k] = c.n;
      mean[k] = c.mean;
      ss[k] = c.ss;
    }
  const N = new Float64Array(T);
  const M = new Float64Array(T);
  const S = new Float64Array(T);
  return (times: ArrayLike<number>): ScalingCell[] => {
    N.fill(0);
    M.fill(0);
    S.fill(0);
    for (let u = 0; u < units.length; u++) {
      const m = times[u];
      if (m === 0) continue;
      for (let k = start[u]; k < start[u + 1]; k++) {
        const t = at[k];
        const add = m * n[k];
        const total = N[t] + add;
        const d = mean[k] - M[t];
        S[t] += m * ss[k] + (d * d * N[t] * add) / total;
        M[t] += (d * add) / total;
        N[t] = total;
      }
    }
    const out: ScalingCell[] = [];
    for (let t = 0; t < T; t++)
      if (N[t] > 0) out.push({ threads: cells[t].threads, n: N[t], mean: M[t], ss: S[t] });
    return out;
  };
}
