/**
 * Coverage of the intervals that are not binomial (those are checked in
 * simulation.test.ts): the efficiency mean and difference, and the scaling
 * fits' σ, λ, κ and N* from a bootstrap over rounds. Each is seeded and small
 * enough for CI. The tolerance is stated with each: the Monte-Carlo standard
 * error of a coverage c over S simulations is √(c(1 − c)/S).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitScalingByRounds } from './fitScalingByRounds.ts';
import { meanDifferenceInterval, meanInterval } from './meanInterval.ts';
import { mulberry32 } from './mulberry32.ts';
import { scalingCells } from './scalingCells.ts';
import type { SampleMoments } from './welchDifference.ts';

/** Standard normal deviates by Box-Muller on mulberry32. */
function normals(seed: number) {
  const rand = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const moments = (xs: number[]): SampleMoments => {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  return { n, mean, variance: n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0 };
};

/** |coverage − 0.95| within 3.5 Monte-Carlo standard errors. */
const near95 = (hits: number, sims: number, what: string) => {
  const c = hits / sims;
  const tol = 3.5 * Math.sqrt((0.95 * 0.05) / sims);
  assert.ok(Math.abs(c - 0.95) <= tol, `${what}: coverage ${c.toFixed(3)}, 0.95 ± ${tol.toFixed(3)}`);
};

describe('efficiency intervals (issue 13, defect 10)', () => {
  test('one-sample t interval of the mean covers 95% at n = 3, 5, 10, 30; none at n = 2', () => {
    // The percentile bootstrap it replaces covered 0.49 / 0.75 / 0.84 / 0.89 at n = 2 / 3 / 5 / 10 here.
    const z = normals(1);
    for (const n of [3, 5, 10, 30]) {
      let hit = 0;
      const sims = 2000;
      for (let s = 0; s < sims; s++) {
        const r = meanInterval(moments(Array.from({ length: n }, () => 14.8 + 2 * z()))).interval!;
        if (r.lower <= 14.8 && 14.8 <= r.upper) hit++;
      }
      near95(hit, sims, `n = ${n}`);
    }
    const two = meanInterval(moments([14.1, 15.2]));
    assert.equal(two.interval, null);
    assert.equal(two.method, 'none: 2 values (fewer than 3)');
  });

  test('Welch difference covers 95% at n = 3 / 3, 5 / 12 (unequal variances), 30 / 30; none at n = 2', () => {
    // The stratified percentile bootstrap it replaces covered 0.65 at n = 2 per side here.
    const z = normals(2);
    for (const [na, nb, sa, sb] of [
      [3, 3, 2, 2],
      [5, 12, 4, 1],
      [30, 30, 2, 3],
    ]) {
      let hit = 0;
      const sims = 2000;
      for (let s = 0; s < sims; s++) {
        const a = moments(Array.from({ length: na }, () => 19.8 + sa * z()));
        const b = moments(Array.from({ length: nb }, () => 14.8 + sb * z()));
        const r = meanDifferenceInterval(a, b).interval!;
        if (r.lower <= 5 && 5 <= r.upper) hit++;
      }
      near95(hit, sims, `n = ${na} / ${nb}`);
    }
    const short = meanDifferenceInterval(moments([20, 21]), moments([14, 15, 16]), 0.95, ['v2.9', 'native']);
    assert.equal(short.interval, null);
    assert.equal(short.method, 'none: 2 values on v2.9 (fewer than 3)');
    assert.equal(short.estimate, 20.5 - 15);
  });
});

describe('scaling fits by rounds (issue 13, defect 9d)', () => {
  test('σ, κ, λ and N* intervals from the bootstrap over rounds cover near 95% on simulated USL rounds', () => {
    // Each simulated campaign: R rounds, each measuring 1, 2, 4, 8 and 16 threads once, throughput
    // X(N) = 1000N / (1 + 0.3(N − 1) + 0.01N(N − 1)) (N* = 8.37) times a round effect (3%, shared by the
    // round's points) times measurement noise (5%). 300 campaigns × 200 resamples per R; tolerance
    // 3.5 Monte-Carlo SE = ±0.044. Measured offline with 500 campaigns × 400 resamples: R = 10: 0.944–0.956,
    // R = 20: 0.944–0.962, R = 40: 0.932–0.964 (plain percentiles gave 0.88 for λ at R = 10).
    const [L, S, K] = [1000, 0.3, 0.01];
    const peak = Math.sqrt((1 - S) / K);
    const z = normals(7);
    for (const R of [10, 30]) {
      const hits = { lambda: 0, sigma: 0, kappa: 0, peak: 0 };
      const sims = 300;
      for (let s = 0; s < sims; s++) {
        const rounds = Array.from({ length: R }, () => {
          const effect = 1 + 0.03 * z();
          return scalingCells(
            [1, 2, 4, 8, 16].map((N) => ({
              threads: N,
              throughput: ((L * N) / (1 + S * (N - 1) + K * N * (N - 1))) * effect * (1 + 0.05 * z()),
            })),
          );
        });
        const f = fitScalingByRounds(rounds, { resamples: 200, seed: s + 1 }).usl;
        const inside = (i: { lower: number; upper: number } | null, v: number) =>
          i && i.lower <= v && v <= i.upper ? 1 : 0;
        hits.lambda += inside(f.intervals.lambda, L);
        hits.sigma += inside(f.intervals.sigma, S);
        hits.kappa += inside(f.intervals.kappa, K);
        hits.peak += inside(f.peakInterval, peak);
      }
      for (const [name, h] of Object.entries(hits)) near95(h, sims, `R = ${R}, ${name}`);
    }
  });
});
