import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { poolMoments, welchDifference } from './welchDifference.ts';

const moments = (xs: number[]) => {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  return { n, mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) };
};

test('Welch interval matches R t.test', () => {
  // Reference call: R t.test(c(19.3,17.8,23.8,16.1,21.9), c(14.2,15.1,13.9,16.0), var.equal = FALSE)$conf.int.
  // No R here: the bounds are recomputed below by an independent route (Welch–Satterthwaite df, then the
  // t quantile by bisection on a numerically integrated t density), not through studentTCritical.
  const a = moments([19.3, 17.8, 23.8, 16.1, 21.9]);
  const b = moments([14.2, 15.1, 13.9, 16.0]);
  const ci = welchDifference(a, b);
  assert.ok(Math.abs(ci.estimate - (19.78 - 14.8)) < 1e-12);
  // Independent check of the bounds: df and t from the Welch–Satterthwaite formula,
  // t quantile by bisection on the t CDF integrated numerically.
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const tcdf = (t: number) => {
    // Simpson integration of the t density from 0 to t
    const c = Math.exp(lgamma((df + 1) / 2) - lgamma(df / 2)) / Math.sqrt(df * Math.PI);
    const f = (x: number) => c * (1 + (x * x) / df) ** (-(df + 1) / 2);
    const m = 600;
    const h = t / m;
    let s = f(0) + f(t);
    for (let i = 1; i < m; i++) s += f(i * h) * (i % 2 ? 4 : 2);
    return 0.5 + (s * h) / 3;
  };
  let lo = 0;
  let hi = 50;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tcdf(mid) < 0.975) lo = mid;
    else hi = mid;
  }
  const half = lo * Math.sqrt(va + vb);
  assert.ok(Math.abs(ci.lower - (19.78 - 14.8 - half)) < 1e-6, `${ci.lower}`);
  assert.ok(Math.abs(ci.upper - (19.78 - 14.8 + half)) < 1e-6, `${ci.upper}`);
});

function lgamma(x: number): number {
  // Lanczos approximation (g = 7), accurate to ~1e-15 for x > 0.5
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  let a = c[0];
  const t = x + g - 0.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x - 1 + i);
  return 0.5 * Math.log(2 * Math.PI) + (x - 0.5) * Math.log(t) - t + Math.log(a);
}

test('pooled moments equal the moments of the concatenated sample', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }), {
        minLength: 1,
        maxLength: 5,
      }),
      (parts) => {
        const pooled = poolMoments(parts.map(moments));
        const direct = moments(parts.flat());
        assert.ok(Math.abs(pooled.mean - direct.mean) < 1e-9);
        assert.ok(Math.abs(pooled.variance - direct.variance) < 1e-6 * Math.max(1, direct.variance));
      },
    ),
  );
});

test('the interval contains the estimate and widens with the level', () => {
  const a = { n: 30, mean: 19.8, variance: 4 };
  const b = { n: 40, mean: 14.8, variance: 9 };
  const c90 = welchDifference(a, b, 0.9);
  const c99 = welchDifference(a, b, 0.99);
  assert.ok(c99.lower < c90.lower && c90.lower < 5 && 5 < c90.upper && c90.upper < c99.upper);
  assert.throws(() => welchDifference({ n: 1, mean: 1, variance: 0 }, b), /at least 2/);
});
