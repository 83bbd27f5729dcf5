import type { ScalingCell } from './scalingCells.ts';

/** Scalability models: Gunther's Universal Scalability Law, and Amdahl's law (USL with κ = 0). */
export type ScalingModel = 'usl' | 'amdahl';

/** Free parameters (besides λ) of each model. */
export const SHAPE_PARAMS: Record<ScalingModel, readonly ('sigma' | 'kappa')[]> = {
  usl: ['sigma', 'kappa'],
  amdahl: ['sigma'],
};

/** What {@link solveScaling} found: the parameters in the data's units, and whether they are the optimum. */
export interface ScalingSolution {
  lambda: number;
  sigma: number;
  kappa: number;
  /** Σ n·(mean − fitted)² over the cells (the within-cell sum of squares is not included). */
  rssBetween: number;
  /** First-order optimality holds to the data's precision (see {@link solveScaling}). */
  converged: boolean;
  /** The projected part of the residual that a Gauss-Newton step would still remove, ‖Pr‖, and the tolerance it met or missed. */
  offset: number;
  tolerance: number;
  iterations: number;
}

/** Options of {@link solveScaling}. */
export interface SolveScalingOptions {
  /** Half a unit of the last digit the throughputs were written with (0: exact, double precision only). */
  precision?: number;
  /** A starting point [σ, κ] near the optimum (a bootstrap resample starts at the full fit); tried first. */
  start?: readonly number[];
}

/** The fit's problem scaled to unit throughput: threads, weights (cell sizes), cell means. */
interface Problem {
  model: ScalingModel;
  x: Float64Array;
  w: Float64Array;
  y: Float64Array;
  /** ‖√w·u‖ + arithmetic: the size of a residual the data's precision cannot tell from zero. */
  floor: number;
}

interface Evaluated {
  theta: number[];
  lambda: number;
  rss: number;
  /** Gradient Jᵀr of ½‖r‖² (r = √w(y − λg), J = ∂r/∂θ) and the Gauss-Newton matrix JᵀJ, row-major. */
  grad: number[];
  hess: number[];
}

/** The profiled model at θ: λ in closed form (Σwyg / Σwg²), the residual sum of squares and its derivatives. */
function evaluate(prob: Problem, theta: number[]): Evaluated {
  const { x, w, y } = prob;
  const usl = prob.model === 'usl';
  const sigma = theta[0];
  const kappa = usl ? theta[1] : 0;
  const T = x.length;
  // First pass: the sums λ and its derivatives need; the second recomputes g (cheaper than arrays).
  let sgg = 0;
  let syg = 0;
  let syd0 = 0;
  let sgd0 = 0;
  let syd1 = 0;
  let sgd1 = 0;
  for (let i = 0; i < T; i++) {
    const N = x[i];
    const D = 1 + sigma * (N - 1) + kappa * N * (N - 1);
    const g = N / D;
    const d0 = (-g * (N - 1)) / D;
    const d1 = d0 * N;
    const wy = w[i] * y[i];
    const wg = w[i] * g;
    sgg += wg * g;
    syg += wy * g;
    syd0 += wy * d0;
    sgd0 += wg * d0;
    syd1 += wy * d1;
    sgd1 += wg * d1;
  }
  const lambda = syg / sgg;
  const dl0 = (syd0 * sgg - 2 * syg * sgd0) / (sgg * sgg);
  const dl1 = (syd1 * sgg - 2 * syg * sgd1) / (sgg * sgg);
  let rss = 0;
  let g0 = 0;
  let g1 = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  for (let i = 0; i < T; i++) {
    const N = x[i];
    const D = 1 + sigma * (N - 1) + kappa * N * (N - 1);
    const g = N / D;
    const d0 = (-g * (N - 1)) / D;
    const sw = Math.sqrt(w[i]);
    const r = sw * (y[i] - lambda * g);
    const j0 = -sw * (dl0 * g + lambda * d0);
    const j1 = -sw * (dl1 * g + lambda * d0 * N);
    rss += r * r;
    g0 += j0 * r;
    g1 += j1 * r;
    h00 += j0 * j0;
    h01 += j0 * j1;
    h11 += j1 * j1;
  }
  return usl
    ? { theta, lambda, rss, grad: [g0, g1], hess: [h00, h01, h01, h11] }
    : { theta, lambda, rss, grad: [g0], hess: [h00] };
}

/** The parameters a step may move: inside, or on the bound 0 with the descent direction pointing inward. */
function freeSet(e: Evaluated): number[] {
  return e.theta.flatMap((v, j) => (v > 0 || e.grad[j] < 0 ? [j] : []));
}

/** Solves (H_ff + μ·diag(H_ff))·δ = −g_f for the free parameters (1 or 2 of them); null when singular. */
function step(e: Evaluated, free: number[], mu: number): number[] | null {
  const p = e.theta.length;
  const h = (a: number, b: number) => e.hess[free[a] * p + free[b]];
  const damp = (a: number) => h(a, a) * (1 + mu) + 1e-300;
  if (free.length === 1) {
    const d = damp(0);
    return d > 0 ? [-e.grad[free[0]] / d] : null;
  }
  const a = damp(0);
  const b = h(0, 1);
  const d = damp(1);
  const det = a * d - b * b;
  if (!(Math.abs(det) > 0)) return null;
  const g0 = e.grad[free[0]];
  const g1 = e.grad[free[1]];
  return [-(d * g0 - b * g1) / det, -(a * g1 - b * g0) / det];
}

/**
 * Projected Levenberg-Marquardt from one start: each step solves the damped
 * Gauss-Newton system on the free parameters and projects onto θ ≥ 0; a
 * parameter on its bound whose gradient points outward is held there (the
 * active set), so an optimum on a face (κ = 0, σ = 0) is reached exactly
 * instead of approached forever.
 */
function descend(prob: Problem, start: readonly number[], maxIterations: number) {
  let e = evaluate(
    prob,
    start.map((v) => Math.max(0, v)),
  );
  let mu = 1e-3;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const free = freeSet(e);
    if (free.length === 0) break;
    let next: Evaluated | null = null;
    while (mu < 1e20) {
      const delta = step(e, free, mu);
      if (!delta) break;
      const theta = e.theta.slice();
      free.forEach((j, a) => {
        theta[j] = Math.max(0, theta[j] + delta[a]);
      });
      const cand = evaluate(prob, theta);
      if (cand.rss < e.rss) {
        next = cand;
        mu = Math.max(mu / 5, 1e-15);
        break;
      }
      mu *= 4;
    }
    if (!next) break;
    const gain = e.rss - next.rss;
    e = next;
    if (gain <= 1e-15 * e.rss || e.rss <= 1e-300) break;
    // Stationary far beyond what the convergence test asks (1e-6): further steps change nothing that matters.
    if (projectedOffset(e) <= 1e-10 * Math.sqrt(e.rss)) break;
  }
  return { e, iterations };
}

/**
 * First-order optimality with bounds, relative to the data's precision: the
 * part of the residual that the free columns of the Jacobian still explain,
 * ‖Pr‖ = √(gᵀH⁻¹g) on the free set (the fitted-value change a Gauss-Newton
 * step would make), must be at most 1e-6·‖r‖ (Bates & Watts' relative offset)
 * or at most what rounding the data could produce, ‖√w·u‖ (then no step the
 * data can tell from zero is left). A parameter on its bound passes when its
 * gradient points outward (Karush-Kuhn-Tucker).
 */
function optimality(prob: Problem, e: Evaluated): { ok: boolean; offset: number; tolerance: number } {
  const tolerance = Math.max(1e-6 * Math.sqrt(e.rss), prob.floor);
  const offset = projectedOffset(e);
  return { ok: offset <= tolerance, offset, tolerance };
}

/** ‖Pr‖ = √(gᵀH⁻¹g) on the free set: how far a Gauss-Newton step would still move the fitted values (+∞ when H is singular). */
function projectedOffset(e: Evaluated): number {
  const free = freeSet(e);
  if (free.length === 0) return 0;
  const p = e.theta.length;
  let offset2: number;
  if (free.length === 1) {
    const j = free[0];
    offset2 = e.hess[j * p + j] > 0 ? e.grad[j] ** 2 / e.hess[j * p + j] : Number.POSITIVE_INFINITY;
  } else {
    const [a, b, , d] = e.hess;
    const det = a * d - b * b;
    const [g0, g1] = e.grad;
    offset2 = det > 0 ? (d * g0 * g0 - 2 * b * g0 * g1 + a * g1 * g1) / det : Number.POSITIVE_INFINITY;
  }
  return Math.sqrt(Math.max(0, offset2));
}

/** Starting points [σ, κ]: a grid over both faces and the interior (σ and κ may exceed 1). */
const STARTS: Record<ScalingModel, number[][]> = {
  usl: [0, 0.01, 0.1, 0.5, 1.5].flatMap((s) => [0, 1e-4, 1e-2, 0.3].map((k) => [s, k])),
  amdahl: [[0], [0.01], [0.1], [0.5], [1.5], [5]],
};

/**
 * Least-squares USL or Amdahl fit to cells (means weighted by their sizes),
 * with σ, κ ≥ 0 and no upper bound: the numerical core of `fitScaling` and of
 * the bootstrap over rounds. λ is profiled out (for fixed σ, κ the best λ is
 * Σn·ȳ·g / Σn·g², g = N/(1 + σ(N−1) + κN(N−1))), leaving a problem in (σ, κ)
 * solved by a projected Levenberg-Marquardt with an active set, from `start`
 * when given and else (or when that start does not reach the optimum) from a
 * grid of 20 starts on both faces and inside.
 *
 * Convergence is a first-order test relative to the data's precision: the
 * Gauss-Newton step still available must change the fitted values by at most
 * 1e-6 of the residual norm, or by no more than rounding the data to
 * `precision` could (a perfect fit of 7-digit numbers is converged).
 *
 * Reference: Golub & Pereyra (1973) variable projection; Moré (1978) The
 * Levenberg-Marquardt algorithm; Bertsekas (1982) projected Newton methods
 * for bound constraints; Bates & Watts (1988) §2.2.3 relative offset.
 * Equivalent: scipy `least_squares(f, x0, bounds=([-inf, 0, 0], inf))`.
 *
 * Edge cases: cells must be non-empty with n ≥ 1 and at least as many
 * distinct thread counts as parameters (not checked here: `fitScaling`
 * checks); a cell at N = 1 has g = 1 whatever σ, κ.
 *
 * @example solveScaling([{threads: 1, n: 1, mean: 1000, ss: 0}, {threads: 2, n: 1, mean: 400, ss: 0},
 *   {threads: 4, n: 1, mean: 200, ss: 0}, {threads: 8, n: 1, mean: 100, ss: 0}], 'usl')
 *   // σ 1.61745, κ 1.18933, λ 999.986, converged
 */
export function solveScaling(
  cells: readonly ScalingCell[],
  model: ScalingModel,
  options: SolveScalingOptions = {},
): ScalingSolution {
  const T = cells.length;
  let wsum = 0;
  let wabs = 0;
  for (const c of cells) {
    wsum += c.n;
    wabs += c.n * Math.abs(c.mean);
  }
  const scale = wabs / wsum || 1;
  const x = Float64Array.from(cells, (c) => c.threads);
  const w = Float64Array.from(cells, (c) => c.n);
  const y = Float64Array.from(cells, (c) => c.mean / scale);
  const u = (options.precision ?? 0) / scale;
  let floor2 = 0;
  let y2 = 0;
  for (let i = 0; i < T; i++) {
    floor2 += w[i] * u * u;
    y2 += w[i] * y[i] * y[i];
  }
  const prob: Problem = { model, x, w, y, floor: Math.sqrt(floor2) + 64 * Number.EPSILON * Math.sqrt(y2) };
  const p = model === 'usl' ? 2 : 1;

  let best: { e: Evaluated; iterations: number } | null = null;
  let iterations = 0;
  if (options.start) {
    best = descend(prob, options.start.slice(0, p), 200);
    iterations = best.iterations;
    if (!optimality(prob, best.e).ok) best = null;
  }
  if (!best) {
    for (const s of STARTS[model]) {
      const r = descend(prob, s, 60);
      iterations += r.iterations;
      if (!best || r.e.rss < best.e.rss) best = r;
    }
    const polished = descend(prob, best!.e.theta, 500);
    iterations += polished.iterations;
    if (polished.e.rss <= best!.e.rss) best = polished;
  }
  const e = best!.e;
  const check = optimality(prob, e);
  return {
    lambda: e.lambda * scale,
    sigma: e.theta[0],
    kappa: model === 'usl' ? e.theta[1] : 0,
    rssBetween: e.rss * scale * scale,
    converged: check.ok,
    offset: check.offset * scale,
    tolerance: check.tolerance * scale,
    iterations,
  };
}
