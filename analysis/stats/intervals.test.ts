import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { agrestiCoullInterval } from './agrestiCoullInterval.ts';
import { binomialInterval } from './binomialInterval.ts';
import { clopperPearsonInterval } from './clopperPearsonInterval.ts';
import { jeffreysInterval } from './jeffreysInterval.ts';
import { BINOMIAL_METHODS, type BinomialMethod } from './types.ts';
import { wilsonInterval } from './wilsonInterval.ts';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tol ${tol})`);

/*
 * Reference values. The R / scipy calls are given beside each row; the numbers were
 * computed independently with mpmath at 40 digits (closed forms for Wilson and
 * Agresti-Coull; bisection on mpmath.betainc for the beta quantiles), and agree with
 * the tabulated values (Wilson 0/10: 0.2775; CP 17/20: 0.6211–0.9679; CP 20/20
 * lower = 0.025^(1/20) = 0.8316). Tolerance 1e-9.
 *
 *   wilson:          R  binom::binom.confint(k, n, conf.level = L, methods = "wilson")
 *                    py scipy.stats.binomtest(k, n).proportion_ci(L, method = "wilson")
 *   clopper-pearson: R  binom.test(k, n, conf.level = L)$conf.int
 *                    py scipy.stats.binomtest(k, n).proportion_ci(L, method = "exact")
 *   jeffreys:        py scipy.stats.beta.ppf([(1-L)/2, (1+L)/2], k + .5, n - k + .5)  (0 / 1 at k = 0 / n)
 *   agresti-coull:   py statsmodels proportion_confint(k, n, 1 - L, method = "agresti_coull")
 */
const REFERENCE: [number, number, number, BinomialMethod, number, number][] = [
  [0, 10, 0.95, 'wilson', 0, 0.27753279986288915],
  [10, 10, 0.95, 'wilson', 0.7224672001371109, 1],
  [17, 20, 0.95, 'wilson', 0.6395811352592431, 0.9476312541037833],
  [1, 1, 0.95, 'wilson', 0.20654931437723745, 1],
  [0, 1, 0.95, 'wilson', 0, 0.7934506856227626],
  [3, 5, 0.95, 'wilson', 0.230724281276013, 0.8823792257673521],
  [17, 20, 0.9, 'wilson', 0.6781719243246931, 0.9384175895226317],
  [17, 20, 0.99, 'wilson', 0.5644132797389443, 0.9612129394919283],
  [20, 20, 0.95, 'wilson', 0.8388748419471806, 1],
  [0, 10, 0.95, 'clopper-pearson', 0, 0.3084971078187608],
  [10, 10, 0.95, 'clopper-pearson', 0.6915028921812393, 1],
  [17, 20, 0.95, 'clopper-pearson', 0.621073173454686, 0.9679290628145363],
  [1, 1, 0.95, 'clopper-pearson', 0.025, 1],
  [0, 1, 0.95, 'clopper-pearson', 0, 0.975],
  [3, 5, 0.95, 'clopper-pearson', 0.14663279963467318, 0.9472550494736831],
  [17, 20, 0.9, 'clopper-pearson', 0.6563361956857181, 0.9578305921142214],
  [17, 20, 0.99, 'clopper-pearson', 0.550534593260514, 0.9823573620458053],
  [20, 20, 0.95, 'clopper-pearson', 0.8315665290169147, 1],
  [0, 1, 0.5, 'clopper-pearson', 0, 0.75],
  [0, 10, 0.95, 'jeffreys', 0, 0.21719626750921053],
  [10, 10, 0.95, 'jeffreys', 0.7828037324907895, 1],
  [17, 20, 0.95, 'jeffreys', 0.6514222891415459, 0.9558686580248441],
  [1, 1, 0.95, 'jeffreys', 0.1467463163095752, 1],
  [3, 5, 0.95, 'jeffreys', 0.2094166640760049, 0.905609672655656],
  [17, 20, 0.99, 'jeffreys', 0.5809461761645547, 0.9739266304505394],
  [0, 1, 0.5, 'jeffreys', 0, 0.40284992161448396],
  [0, 10, 0.95, 'agresti-coull', 0, 0.3208873057505457],
  [10, 10, 0.95, 'agresti-coull', 0.6791126942494543, 1],
  [17, 20, 0.95, 'agresti-coull', 0.631151400639546, 0.9560609887234804],
  [1, 1, 0.95, 'agresti-coull', 0.16749948547941304, 1],
  [3, 5, 0.95, 'agresti-coull', 0.22909015658835627, 0.8840133504550088],
  [17, 20, 0.9, 'agresti-coull', 0.6724123651869176, 0.9441771486604073],
  [20, 20, 0.95, 'agresti-coull', 0.8101904394575112, 1],
];

describe('binomial intervals: reference values', () => {
  for (const [k, n, level, method, lower, upper] of REFERENCE) {
    test(`${method} ${k}/${n} at ${level}`, () => {
      const r = binomialInterval(k, n, method, level);
      close(r.lower, lower, 1e-9, 'lower');
      close(r.upper, upper, 1e-9, 'upper');
      assert.equal(r.estimate, k / n);
      assert.equal(r.level, level);
      assert.equal(r.method, method);
    });
  }

  test('closed forms: Clopper-Pearson at k = n and k = 0', () => {
    // lower = (α/2)^(1/n) at k = n; upper = 1 − (α/2)^(1/n) at k = 0 (R: binom.test(20, 20)$conf.int[1])
    close(clopperPearsonInterval(20, 20).lower, 0.025 ** (1 / 20), 1e-12, 'cp 20/20');
    close(clopperPearsonInterval(0, 7, 0.9).upper, 1 - 0.05 ** (1 / 7), 1e-12, 'cp 0/7');
  });

  test('Jeffreys and Wilson boundaries are exact', () => {
    assert.equal(jeffreysInterval(0, 12).lower, 0);
    assert.equal(jeffreysInterval(12, 12).upper, 1);
    assert.equal(wilsonInterval(0, 3).lower, 0);
    assert.equal(wilsonInterval(3, 3).upper, 1);
    assert.equal(agrestiCoullInterval(0, 3).lower, 0);
    assert.equal(agrestiCoullInterval(3, 3).upper, 1);
  });

  test('misuse throws a short message naming the bad value', () => {
    assert.throws(() => wilsonInterval(21, 20), /passed = 21 exceeds total = 20/);
    assert.throws(() => clopperPearsonInterval(0, 0), /total must be an integer ≥ 1, got 0/);
    assert.throws(() => jeffreysInterval(1.5, 3), /passed must be an integer ≥ 0, got 1.5/);
    assert.throws(() => agrestiCoullInterval(1, 3, 95), /level must be in \(0, 1\), got 95/);
    assert.throws(() => wilsonInterval(1, 3, 1), /got 1$/);
    assert.throws(() => wilsonInterval(-1, 3), /got -1/);
    assert.throws(() => binomialInterval(1, 3, 'wald' as BinomialMethod), /unknown interval method "wald"/);
  });
});

describe('binomial intervals: properties (fast-check)', () => {
  const counts = fc
    .integer({ min: 1, max: 400 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const method = fc.constantFrom(...BINOMIAL_METHODS);
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  test('the interval contains the estimate and stays in [0, 1]', () => {
    fc.assert(
      fc.property(counts, method, level, ([k, n], m, l) => {
        const r = binomialInterval(k, n, m, l);
        return r.lower >= 0 && r.upper <= 1 && r.lower <= r.estimate + 1e-12 && r.estimate <= r.upper + 1e-12;
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  test('the interval widens with the level', () => {
    fc.assert(
      fc.property(counts, method, level, level, ([k, n], m, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const narrow = binomialInterval(k, n, m, lo);
        const wide = binomialInterval(k, n, m, hi);
        return wide.lower <= narrow.lower + 1e-12 && wide.upper >= narrow.upper - 1e-12;
      }),
      { seed: 43, numRuns: 300 },
    );
  });

  test('the interval mirrors under pass ↔ fail', () => {
    fc.assert(
      fc.property(counts, method, level, ([k, n], m, l) => {
        const r = binomialInterval(k, n, m, l);
        const s = binomialInterval(n - k, n, m, l);
        return Math.abs(r.lower - (1 - s.upper)) < 1e-9 && Math.abs(r.upper - (1 - s.lower)) < 1e-9;
      }),
      { seed: 44, numRuns: 300 },
    );
  });
});
