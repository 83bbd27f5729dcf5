import { checkLevel } from './checkArgs.ts';
import { peakConcurrency } from './peakConcurrency.ts';
import { roundingHalfUnit, type ScalingCell, type ScalingPoint, scalingCells } from './scalingCells.ts';
import { type ScalingModel, type ScalingSolution, SHAPE_PARAMS, solveScaling } from './solveScaling.ts';
import { studentTCritical } from './studentTCritical.ts';
import type { Fit, Interval } from './types.ts';

/** A USL or Amdahl fit, with peak concurrency. */
export interface ScalingFit extends Fit<'lambda' | 'sigma' | 'kappa'> {
  model: ScalingModel;
  level: number;
  /** Measurements fitted (every replicate counts) and the distinct thread counts among them. */
  points: number;
  threadCounts: number;
  /** Residual degrees of freedom, points − parameters. */
  dof: number;
  /** N* = √((1 − σ)/κ); null when there is no peak: κ = 0 (throughput keeps rising) or σ ≥ 1 (it falls from one thread on). */
  peakThreads: number | null;
  /** The integer thread count ≥ 1 with the highest fitted throughput (1 when σ ≥ 1); null when throughput keeps rising. */
  bestThreads: number | null;
  /** Interval for N* (null without a peak or without degrees of freedom); its upper end may be +∞. */
  peakInterval: Interval | null;
  /** The thread counts measured, ascending, and the fitted throughput at each. */
  threads: number[];
  fitted: number[];
}

/** Options of {@link fitScaling} and {@link fitScalingCells}. */
export interface FitScalingOptions {
  model?: ScalingModel;
  /** Level of the parameter intervals (default 0.95). */
  level?: number;
  /**
   * Half a unit of the last digit the throughputs were written with; the
   * convergence test allows what rounding to it can produce. `fitScaling`
   * reads it from the numbers themselves; default 0 for cells.
   */
  precision?: number;
}

/**
 * Fits Gunther's Universal Scalability Law X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 * (or Amdahl's law, κ = 0) to throughput measured at several thread counts, by
 * least squares with σ, κ ≥ 0 (no upper bound: σ > 1 is throughput that falls
 * from one thread on) and λ free. Every point counts: repeated measurements at
 * a thread count are replicates (the fit is the fit to all points, computed on
 * each thread count's mean weighted by its size, see `ScalingCell`).
 *
 * Method: {@link solveScaling} (λ profiled out; projected Levenberg-Marquardt
 * with an active set, multi-start; convergence to the data's precision, here
 * the finest decimal the throughputs were written with). Intervals are Wald
 * intervals from the covariance s²(JᵀJ)⁻¹ of the full (λ, σ, κ) model, s² the
 * residual mean square over every point, with Student-t quantiles on
 * n − p degrees of freedom (σ, κ clipped at 0); N*'s by the delta method.
 * These assume independent points: for measurements grouped in rounds use
 * `fitScalingByRounds`, which resamples rounds.
 *
 * Reference: Gunther (2007), Guerrilla Capacity Planning, ch. 4–6; R package
 * `usl` (`usl(throughput ~ threads, data)`), which also fits by nls with
 * σ, κ ≥ 0; Bates & Watts (1988) Nonlinear Regression Analysis §2.2.3;
 * scipy `least_squares(..., bounds=([-inf, 0, 0], inf))` gives the same optimum.
 *
 * Edge cases and warnings: fewer than 6 thread counts; no degrees of freedom
 * left (n = p: exact fit, no intervals); σ or κ on its bound 0; N* outside the
 * measured thread range; σ ≥ 1; non-convergence. Throws when there are fewer
 * distinct thread counts than parameters, or on threads < 1 or non-finite values.
 *
 * @example fitScaling([{threads: 1, throughput: 618.3}, {threads: 2, throughput: 1025.7},
 *   {threads: 4, throughput: 959.9}, {threads: 8, throughput: 726.1}])
 *   // σ 0.13530, κ 0.098174, λ 650.09, R² 0.9426, N* 2.968, best 3 threads
 */
export function fitScaling(points: readonly ScalingPoint[], options: FitScalingOptions = {}): ScalingFit {
  for (const pt of points) {
    if (!Number.isFinite(pt.threads) || pt.threads < 1)
      throw new RangeError(`threads must be a number ≥ 1, got ${pt.threads}`);
    if (!Number.isFinite(pt.throughput))
      throw new RangeError(`throughput must be finite, got ${pt.throughput}`);
  }
  let precision = Number.POSITIVE_INFINITY;
  for (const pt of points)
    if (pt.throughput !== 0) precision = Math.min(precision, roundingHalfUnit(pt.throughput));
  return fitScalingCells(scalingCells(points), {
    precision: Number.isFinite(precision) ? precision : 0,
    ...options,
  });
}

/**
 * {@link fitScaling} on measurements already summarised per thread count
 * (count, mean and within sum of squares: a million points from DuckDB in a
 * few cells). The same fit, intervals and warnings as fitting every point.
 *
 * Edge cases: throws on a cell with n < 1, a negative ss, non-finite values,
 * threads < 1, repeated thread counts, or fewer thread counts than parameters.
 *
 * @example fitScalingCells([{threads: 1, n: 310, mean: 2631, ss: 2.1e8}, …], {model: 'usl'})
 */
export function fitScalingCells(cells: readonly ScalingCell[], options: FitScalingOptions = {}): ScalingFit {
  const { model = 'usl', level = 0.95, precision = 0 } = options;
  if (!Object.hasOwn(SHAPE_PARAMS, model))
    throw new RangeError(`unknown scaling model ${JSON.stringify(model)}`);
  checkLevel(level);
  checkCells(cells);
  const p = SHAPE_PARAMS[model].length + 1;
  if (cells.length < p)
    throw new RangeError(
      `${model} needs at least ${p} points at distinct thread counts, got ${cells.reduce((n, c) => n + c.n, 0)} (${cells.length} distinct)`,
    );
  const sol = solveScaling(cells, model, { precision });
  return assembleFit(cells, model, level, sol);
}

/** Throws on cells a fit cannot use. */
function checkCells(cells: readonly ScalingCell[]): void {
  const seen = new Set<number>();
  for (const c of cells) {
    if (!Number.isFinite(c.threads) || c.threads < 1)
      throw new RangeError(`threads must be a number ≥ 1, got ${c.threads}`);
    if (!(Number.isFinite(c.n) && c.n >= 1))
      throw new RangeError(`cell at ${c.threads} threads has n = ${c.n}`);
    if (!Number.isFinite(c.mean)) throw new RangeError(`throughput must be finite, got ${c.mean}`);
    if (!(c.ss >= 0 && Number.isFinite(c.ss)))
      throw new RangeError(`cell at ${c.threads} threads has ss = ${c.ss}`);
    if (seen.has(c.threads)) throw new RangeError(`two cells at ${c.threads} threads`);
    seen.add(c.threads);
  }
}

/**
 * A fit from a solution: R², Wald intervals, N* and its delta-method
 * interval, warnings. Shared with the bootstrap, which replaces the intervals.
 */
export function assembleFit(
  cells: readonly ScalingCell[],
  model: ScalingModel,
  level: number,
  sol: ScalingSolution,
): ScalingFit {
  const { lambda, sigma, kappa } = sol;
  const names = SHAPE_PARAMS[model];
  const p = names.length + 1;
  let n = 0;
  let ssWithin = 0;
  let sum = 0;
  for (const c of cells) {
    n += c.n;
    ssWithin += c.ss;
    sum += c.n * c.mean;
  }
  const grand = sum / n;
  const tss = ssWithin + cells.reduce((s, c) => s + c.n * (c.mean - grand) ** 2, 0);
  const rss = sol.rssBetween + ssWithin;
  const r2 = tss > 0 ? 1 - rss / tss : rss === 0 ? 1 : 0;
  const fitted = cells.map(
    (c) => (lambda * c.threads) / (1 + sigma * (c.threads - 1) + kappa * c.threads * (c.threads - 1)),
  );
  const dof = n - p;
  const peak = peakConcurrency(lambda, sigma, kappa);

  const warnings: string[] = [];
  if (cells.length < 6)
    warnings.push(
      n === cells.length
        ? `only ${n} points (fewer than 6): the parameters are poorly determined`
        : `only ${cells.length} thread counts (fewer than 6): the parameters are poorly determined`,
    );
  if (dof === 0) warnings.push(`no degrees of freedom left (${n} points, ${p} parameters): no intervals`);
  if (!sol.converged) warnings.push('the fit did not converge: parameters are the best found, not a fit');
  for (const name of names) if (sol[name] <= 0) warnings.push(`${name} = 0 is at its bound (≥ 0)`);
  if (sigma >= 1) warnings.push(`σ = ${sigma.toPrecision(4)} ≥ 1: throughput falls from one thread on`);
  if (peak.peakThreads !== null) {
    const minN = cells[0].threads;
    const maxN = cells[cells.length - 1].threads;
    if (peak.peakThreads < minN || peak.peakThreads > maxN)
      warnings.push(
        `peak N* = ${peak.peakThreads.toFixed(2)} lies outside the measured range ${minN}–${maxN}`,
      );
  }

  const intervals: ScalingFit['intervals'] = { lambda: null, sigma: null, kappa: null };
  let peakInterval: Interval | null = null;
  if (dof > 0) {
    const cov = covariance(cells, model, sol, rss / dof);
    if (cov) {
      const t = studentTCritical(dof, level);
      const method = `wald (t, ${dof} df) from the jacobian`;
      const est = [lambda, sigma, kappa];
      (['lambda', ...names] as const).forEach((name, j) => {
        const se = Math.sqrt(Math.max(0, cov[j][j]));
        intervals[name] = {
          estimate: est[j],
          lower: j === 0 ? est[j] - t * se : Math.max(0, est[j] - t * se),
          upper: est[j] + t * se,
          level,
          method,
        };
      });
      if (peak.peakThreads !== null && model === 'usl') {
        // Delta method: ∂N*/∂σ = −1/(2κN*), ∂N*/∂κ = −N*/(2κ).
        const ns = peak.peakThreads;
        const a = -1 / (2 * kappa * ns);
        const b = -ns / (2 * kappa);
        const se = Math.sqrt(Math.max(0, a * a * cov[1][1] + 2 * a * b * cov[1][2] + b * b * cov[2][2]));
        peakInterval = {
          estimate: ns,
          lower: Math.max(0, ns - t * se),
          upper: ns + t * se,
          level,
          method: `delta method (t, ${dof} df)`,
        };
      }
    } else warnings.push('the Jacobian is singular: no intervals');
  }

  return {
    model,
    params: { lambda, sigma, kappa },
    intervals,
    rss,
    r2,
    converged: sol.converged,
    iterations: sol.iterations,
    warnings,
    level,
    points: n,
    threadCounts: cells.length,
    dof,
    peakThreads: peak.peakThreads,
    bestThreads: peak.bestThreads,
    peakInterval,
    threads: cells.map((c) => c.threads),
    fitted,
  };
}

/** s²(JᵀJ)⁻¹ of the full model (λ, σ[, κ]) over every point (cells weighted by n); null when singular. */
function covariance(
  cells: readonly ScalingCell[],
  model: ScalingModel,
  sol: ScalingSolution,
  s2: number,
): number[][] | null {
  const { lambda, sigma, kappa } = sol;
  const p = SHAPE_PARAMS[model].length + 1;
  const jtj = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const c of cells) {
    const N = c.threads;
    const D = 1 + sigma * (N - 1) + kappa * N * (N - 1);
    const g = N / D;
    const row = [g, (-lambda * g * (N - 1)) / D, (-lambda * g * N * (N - 1)) / D].slice(0, p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) jtj[a][b] += c.n * row[a] * row[b];
  }
  const inv = invert(jtj);
  return inv ? inv.map((row) => row.map((v) => v * s2)) : null;
}

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan with pivoting; null when singular. */
function invert(a: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-300) return null;
    [m[c], m[p]] = [m[p], m[c]];
    const piv = m[c][c];
    for (let j = 0; j < 2 * n; j++) m[c][j] /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row) => row.slice(n));
}
