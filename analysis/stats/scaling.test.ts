import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitScaling } from './fitScaling.ts';
import { mulberry32 } from './mulberry32.ts';
import { roundedEqual } from './roundedEqual.ts';
import type { ScalingPoint } from './scalingCells.ts';
import { studentTCritical } from './studentTCritical.ts';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tol ${tol})`);

const SEED: ScalingPoint[] = [
  { threads: 1, throughput: 618.3 },
  { threads: 2, throughput: 1025.7 },
  { threads: 4, throughput: 959.9 },
  { threads: 8, throughput: 726.1 },
];

const usl = (N: number, l: number, s: number, k: number) => (l * N) / (1 + s * (N - 1) + k * N * (N - 1));

/** Standard normal deviates by Box-Muller on mulberry32. */
function normals(seed: number) {
  const rand = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The least RSS over a (σ, κ) grid with λ profiled: an independent bound on the optimum. */
function gridRss(pts: readonly ScalingPoint[]): number {
  let best = Number.POSITIVE_INFINITY;
  const sigmas = Array.from({ length: 301 }, (_, i) => i / 1000);
  const kappas = [0, ...Array.from({ length: 200 }, (_, i) => 1e-6 * 10 ** (i / 40))];
  for (const s of sigmas)
    for (const k of kappas) {
      const g = pts.map((p) => p.threads / (1 + s * (p.threads - 1) + k * p.threads * (p.threads - 1)));
      const l = pts.reduce((a, p, i) => a + p.throughput * g[i], 0) / g.reduce((a, x) => a + x * x, 0);
      best = Math.min(
        best,
        pts.reduce((a, p, i) => a + (p.throughput - l * g[i]) ** 2, 0),
      );
    }
  return best;
}

describe('fitScaling', () => {
  test('seed table: USL optimum σ = 0.135303, κ = 0.098174 (independent reference)', () => {
    // Reference computed independently: λ profiled out, grid search over (σ, κ) then Newton on the
    // gradient with mpmath at 30 digits: σ = 0.1353029528876, κ = 0.0981740258262, λ = 650.0921850329,
    // RSS = 6358.518935304, R² = 0.9425917127246, N* = 2.967793557311.
    // R equivalent (not run here, no R on this machine):
    //   nls(X ~ l*N/(1 + s*(N-1) + k*N*(N-1)), start = list(l = 600, s = 0.1, k = 0.05), algorithm = "port", lower = c(0, 0, 0))
    const r = fitScaling(SEED);
    assert.equal(r.converged, true);
    close(r.params.sigma, 0.1353029528876, 1e-7, 'σ');
    close(r.params.kappa, 0.0981740258262, 1e-7, 'κ');
    close(r.params.lambda, 650.0921850329, 1e-5, 'λ');
    close(r.rss, 6358.518935304, 1e-5, 'rss');
    close(r.r2, 0.9425917127246, 1e-9, 'R²');
    close(r.peakThreads!, 2.967793557311, 1e-6, 'N*');
    // X(3) = 1021.4 > X(2) = 976.4
    assert.equal(r.bestThreads, 3);
    assert.ok(r.warnings.some((w) => /fewer than 6/.test(w)));
    // one degree of freedom: intervals exist, with t(1) = 12.706
    assert.ok(r.intervals.sigma && r.intervals.sigma.lower <= 0.1353 && r.intervals.sigma.upper >= 0.1353);
  });

  test('seed table: Amdahl optimum σ = 0.804130, no peak', () => {
    // Same independent method: σ = 0.8041296158751, λ = 742.5418719368, R² = 0.1569393751967.
    const r = fitScaling(SEED, { model: 'amdahl' });
    assert.equal(r.converged, true);
    close(r.params.sigma, 0.8041296158751, 1e-7, 'σ');
    close(r.params.lambda, 742.5418719368, 1e-5, 'λ');
    assert.equal(r.params.kappa, 0);
    close(r.r2, 0.1569393751967, 1e-9, 'R²');
    assert.equal(r.peakThreads, null);
    assert.equal(r.intervals.kappa, null);
  });

  test('recovers σ and κ from noise-free data to 1e-6', () => {
    for (const [l, s, k] of [
      [100, 0.05, 0.002],
      [618, 0.135, 0.098],
      [50, 0.3, 0.0001],
      [10, 0, 0.01],
    ]) {
      const pts = [1, 2, 4, 8, 16, 32, 64].map((N) => ({ threads: N, throughput: usl(N, l, s, k) }));
      const r = fitScaling(pts);
      assert.equal(r.converged, true, `converged for ${s}, ${k}`);
      close(r.params.sigma, s, 1e-6, `σ ${s}`);
      close(r.params.kappa, k, 1e-6, `κ ${k}`);
      close(r.params.lambda / l, 1, 1e-6, 'λ');
      close(r.r2, 1, 1e-9, 'R²');
    }
  });

  test('recovers σ and κ within 10% from data with 3% noise (seeded)', () => {
    // 12 thread counts × 4 repeats: σ and κ are then determined to about ±3% (1 SE), so 10% is
    // ~3 SE. Over 100 seeds of this design the worst relative error was 8.1%; with 3 repeats
    // of σ = 0.05 it exceeded 10% in 20 of 100 seeds (the data, not the fit, limit it).
    const threads = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
    const [l, s, k] = [100, 0.15, 0.003];
    for (const seed of [1, 2, 3, 4, 5]) {
      const z = normals(seed);
      // four repeated measurements per thread count, each with 3% multiplicative noise
      const pts = threads.flatMap((N) =>
        [0, 1, 2, 3].map(() => ({ threads: N, throughput: usl(N, l, s, k) * (1 + 0.03 * z()) })),
      );
      const r = fitScaling(pts);
      assert.equal(r.converged, true);
      assert.ok(Math.abs(r.params.sigma / s - 1) <= 0.1, `seed ${seed}: σ ${r.params.sigma}`);
      assert.ok(Math.abs(r.params.kappa / k - 1) <= 0.1, `seed ${seed}: κ ${r.params.kappa}`);
      assert.equal(r.warnings.length, 0, r.warnings.join('; '));
    }
  });

  test('κ at its bound: when the data bend less than Amdahl allows, USL is Amdahl with κ = 0, and converges', () => {
    // Amdahl data whose 8-thread point lies above the curve: unconstrained, κ would be negative.
    // The bounded optimum is κ = 0 and then σ, λ are Amdahl's own (a one-parameter problem), so the
    // two fits must agree to rounding; the κ bound is active, the σ gradient zero.
    const pts = [1, 2, 4, 8].map((N, i) => ({
      threads: N,
      throughput: usl(N, 100, 0.6, 0) * [1, 0.99, 1.0, 1.06][i],
    }));
    const u = fitScaling(pts);
    const a = fitScaling(pts, { model: 'amdahl' });
    assert.equal(a.converged, true);
    assert.equal(u.converged, true, u.warnings.join('; '));
    assert.equal(u.params.kappa, 0);
    close(u.params.sigma, a.params.sigma, 1e-9, 'σ');
    close(u.params.lambda, a.params.lambda, 1e-7, 'λ');
    close(u.rss, a.rss, 1e-9 * a.rss, 'rss');
    assert.ok(u.warnings.some((w) => /kappa = 0 is at its bound/.test(w)));
    assert.ok(!u.warnings.some((w) => /did not converge/.test(w)));
  });

  test('9a: the optimum on the κ = 0 face converges (stats fit 1:1004.3 2:1848.3 4:3304.3 8:5483.6)', () => {
    // scipy: least_squares(usl − y, bounds=([−inf, 0, 0], inf)) → λ 983.203, σ 0.0621826, κ 0.
    // mpmath (40 digits, κ = 0 face, λ profiled, bisection on dRSS/dσ): σ = 0.06218260069506367,
    // λ = 983.2027895918171, RSS = 569.5416497181526, dRSS/dκ = +746224 at κ = 0 (the bound is active).
    const r = fitScaling([
      { threads: 1, throughput: 1004.3 },
      { threads: 2, throughput: 1848.3 },
      { threads: 4, throughput: 3304.3 },
      { threads: 8, throughput: 5483.6 },
    ]);
    assert.equal(r.converged, true, r.warnings.join('; '));
    assert.equal(r.params.kappa, 0);
    close(r.params.sigma, 0.06218260069506367, 1e-8, 'σ');
    close(r.params.lambda, 983.2027895918171, 1e-5, 'λ');
    close(r.rss, 569.5416497181526, 1e-6, 'rss');
    assert.equal(r.peakThreads, null);
  });

  test('9a: 4-point series with 3% noise converge, each at the global optimum (300 seeded series)', () => {
    // The design of the issue: λ 1000, σ 0.06, κ 0.001, threads 1, 2, 4, 8, 3% multiplicative noise;
    // before the fix 32% of these series "did not converge" (the optimum sits on κ = 0 for many).
    // Independent check of optimality: no point of a (σ, κ) grid (λ profiled) has a smaller RSS.
    const z = normals(42);
    let failed = 0;
    for (let i = 0; i < 300; i++) {
      const pts = [1, 2, 4, 8].map((N) => ({
        threads: N,
        throughput: usl(N, 1000, 0.06, 0.001) * (1 + 0.03 * z()),
      }));
      const r = fitScaling(pts);
      if (!r.converged) failed++;
      if (i % 10 === 0)
        assert.ok(r.rss <= gridRss(pts) * (1 + 1e-9), `series ${i}: rss ${r.rss} above the grid's`);
    }
    assert.equal(failed, 0, `${failed} of 300 series did not converge`);
  });

  test("9b: a perfect fit of 7-digit input converges (convergence relative to the data's precision)", () => {
    // 100·N/(1 + 0.1(N − 1)) rounded to 7 decimals; scipy: λ 100.000000, σ 0.100000000, RSS 4.1e−16.
    const r = fitScaling(
      [
        { threads: 1, throughput: 100 },
        { threads: 2, throughput: 181.8181818 },
        { threads: 4, throughput: 307.6923077 },
        { threads: 8, throughput: 470.5882353 },
        { threads: 16, throughput: 640 },
      ],
      { model: 'amdahl' },
    );
    assert.equal(r.converged, true, r.warnings.join('; '));
    close(r.params.sigma, 0.1, 1e-9, 'σ');
    close(r.params.lambda, 100, 1e-6, 'λ');
  });

  test('9c: σ and κ above 1 (stats fit 1:1000 2:400 4:200 8:100)', () => {
    // scipy least_squares with bounds ≥ 0 only: λ 999.986, σ 1.61745, κ 1.18933.
    // mpmath Newton on the gradient (40 digits): σ = 1.617447090423305, κ = 1.18933442440755,
    // λ = 999.9860185383385, RSS = 3.479498233821516. With σ ≥ 1 throughput falls from one thread on.
    const r = fitScaling([
      { threads: 1, throughput: 1000 },
      { threads: 2, throughput: 400 },
      { threads: 4, throughput: 200 },
      { threads: 8, throughput: 100 },
    ]);
    assert.equal(r.converged, true, r.warnings.join('; '));
    close(r.params.sigma, 1.617447090423305, 1e-7, 'σ');
    close(r.params.kappa, 1.18933442440755, 1e-7, 'κ');
    close(r.params.lambda, 999.9860185383385, 1e-5, 'λ');
    close(r.rss, 3.479498233821516, 1e-8, 'rss');
    assert.equal(r.peakThreads, null);
    assert.equal(r.bestThreads, 1);
    assert.ok(!r.warnings.some((w) => /at its bound/.test(w)), r.warnings.join('; '));
  });

  test('the σ = 0 face: throughput that scales perfectly at first, then falls', () => {
    // mpmath (40 digits, σ = 0 face, bisection on dRSS/dκ): κ = 0.004420264652608858,
    // λ = 117.3025314957741, RSS = 3003.912661409235, dRSS/dσ = +101667 at σ = 0 (active).
    // scipy least_squares agrees (active_mask [0, −1, 0]).
    const r = fitScaling(
      [1, 2, 4, 8, 16].map((N, i) => ({ threads: N, throughput: [100, 210, 420, 790, 900][i] })),
    );
    assert.equal(r.converged, true, r.warnings.join('; '));
    assert.equal(r.params.sigma, 0);
    close(r.params.kappa, 0.004420264652608858, 1e-10, 'κ');
    close(r.params.lambda, 117.3025314957741, 1e-6, 'λ');
    close(r.rss, 3003.912661409235, 1e-6, 'rss');
  });

  test('warnings: no degrees of freedom left; N* outside the measured range', () => {
    const exact = [1, 2, 4].map((N) => ({ threads: N, throughput: usl(N, 100, 0.1, 0.01) }));
    const r = fitScaling(exact);
    assert.ok(r.warnings.some((w) => /no degrees of freedom left/.test(w)));
    assert.equal(r.intervals.sigma, null);
    assert.ok(
      r.warnings.some((w) => /outside the measured range 1–4/.test(w)),
      r.warnings.join('; '),
    );
  });

  test('misuse throws naming the problem', () => {
    assert.throws(() => fitScaling(SEED.slice(0, 2)), /usl needs at least 3 points/);
    assert.throws(
      () => fitScaling([{ threads: 0, throughput: 1 }, ...SEED]),
      /threads must be a number ≥ 1, got 0/,
    );
    assert.throws(
      () => fitScaling(SEED, { model: 'gustafson' as 'usl' }),
      /unknown scaling model "gustafson"/,
    );
  });

  test('Student t critical values (R: qt(0.975, df))', () => {
    close(studentTCritical(1), 12.706204736174707, 1e-9);
    close(studentTCritical(2), 4.302652729749464, 1e-9);
    close(studentTCritical(10), 2.228138851986274, 1e-9);
    close(studentTCritical(30, 0.9), 1.697260886, 1e-8); // qt(0.95, 30)
  });
});

describe('roundedEqual', () => {
  test('82.945% printed as 83.0% (double rounding)', () => {
    assert.equal(roundedEqual(83.0, 82.945, 1), true);
    assert.equal(roundedEqual(82.9, 82.945, 1), true);
    assert.equal(roundedEqual(83.0, 82.9, 1), false);
    assert.equal(roundedEqual(83.0, 82.94, 1), false);
    assert.equal(roundedEqual(19.8, 19.75, 1), true);
    assert.equal(roundedEqual(20, 19.5, 0), true);
    assert.equal(roundedEqual(20, 19.4, 0), false);
    assert.equal(roundedEqual(Number.NaN, 1, 1), false);
    assert.throws(() => roundedEqual(1, 1, 0.5), /decimals must be an integer, got 0.5/);
  });
});
