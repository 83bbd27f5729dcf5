import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { effectiveCounts, overdispersionTest } from './overdispersion.ts';

const g = (pairs: [number, number][]) => pairs.map(([failures, trials]) => ({ failures, trials }));

test("overdispersionTest: Tarone's Z, its one-sided p and the Pearson dispersion match a scipy computation", () => {
  // Python (scipy 1.17): p = k/n; S = sum((k_i - n_i p)^2)/(p(1-p)); Z = (S - n)/sqrt(2 sum n_i(n_i - 1));
  //   pvalue = 1 - stats.norm.cdf(Z); X2 = sum((k_i - n_i p)^2 / n_i)/(p(1-p)); dispersion = max(1, X2/(K-1))
  const cases: [[number, number][], number, number, number][] = [
    [
      [
        [0, 20],
        [6, 20],
        [0, 20],
      ],
      4.328157052347519,
      7.518111871940292e-6,
      6.666666666666666,
    ],
    [
      [
        [1, 20],
        [2, 20],
        [1, 20],
        [0, 20],
        [2, 20],
      ],
      -0.8168596383180239,
      0.7929956771335116,
      1,
    ],
    [
      [
        [3, 50],
        [5, 60],
        [2, 40],
        [10, 45],
      ],
      1.6782806434423292,
      0.046646162492658516,
      3.1419761904761905,
    ],
  ];
  for (const [groups, z, p, phi] of cases) {
    const t = overdispersionTest(g(groups));
    assert.ok(Math.abs(t.z! - z) < 1e-12, `z ${t.z} vs ${z}`);
    assert.ok(Math.abs(t.pValue! - p) < 1e-9, `p ${t.pValue} vs ${p}`);
    assert.ok(Math.abs(t.dispersion! - phi) < 1e-12, `phi ${t.dispersion} vs ${phi}`);
    assert.equal(t.heterogeneous, p < 0.05);
  }
});

test('overdispersionTest: nothing to see without variation (one group, no failures, all failures)', () => {
  assert.equal(overdispersionTest(g([[2, 20]])).z, null);
  assert.equal(
    overdispersionTest(
      g([
        [0, 20],
        [0, 30],
      ]),
    ).heterogeneous,
    false,
  );
  assert.equal(
    overdispersionTest(
      g([
        [5, 5],
        [3, 3],
      ]),
    ).z,
    null,
  );
  assert.throws(() => overdispersionTest(g([[3, 2]])), /exceeds/);
});

test('overdispersionTest: under one common rate it calls groups heterogeneous about alpha of the time (simulation)', () => {
  let state = 7;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let rejected = 0;
  const runs = 2000;
  for (let r = 0; r < runs; r++) {
    const groups = Array.from({ length: 12 }, () => {
      let k = 0;
      for (let i = 0; i < 40; i++) if (rand() < 0.05) k++;
      return { failures: k, trials: 40 };
    });
    if (overdispersionTest(groups).heterogeneous) rejected++;
  }
  // The score test's normal approximation is a little conservative at small counts; never far above alpha.
  assert.ok(rejected / runs < 0.07, `false alarms ${rejected / runs}`);
});

test('effectiveCounts: divides by the dispersion, never making the evidence stronger (property)', () => {
  assert.deepEqual(effectiveCounts(12, 600, 3), { failures: 4, trials: 200 });
  assert.deepEqual(effectiveCounts(0, 600, 1), { failures: 0, trials: 600 });
  fc.assert(
    fc.property(fc.nat(500), fc.nat(5000), fc.double({ min: 1, max: 50, noNaN: true }), (k, extra, phi) => {
      const n = k + extra;
      const e = effectiveCounts(k, n, phi);
      assert.ok(e.trials <= n && e.failures <= e.trials);
      if (e.trials > 0) assert.ok(e.failures / e.trials >= k / n - 1e-12 || e.failures === e.trials);
    }),
  );
});
