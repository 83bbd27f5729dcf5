import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fisherExact } from './fisherExact.ts';
import { holmAdjust } from './holmAdjust.ts';
import { newcombeDifference } from './newcombeDifference.ts';
import { nonInferiority } from './nonInferiority.ts';
import { probABetter } from './probABetter.ts';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tol ${tol})`);

/** Independent reference: hypergeometric probabilities by exact BigInt binomial coefficients. */
function bruteFisher(a: number, b: number, c: number, d: number) {
  const choose = (n: number, k: number): bigint => {
    if (k < 0 || k > n) return 0n;
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const denom = choose(r1 + r2, c1);
  const probs = new Map<number, bigint>();
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++)
    probs.set(x, choose(r1, x) * choose(r2, c1 - x));
  const obs = probs.get(a)!;
  let two = 0n;
  let greater = 0n;
  let less = 0n;
  // p ≤ p_obs·(1 + 1e-7), exactly in integers
  for (const [x, w] of probs) {
    if (w * 10_000_000n <= obs * 10_000_001n) two += w;
    if (x >= a) greater += w;
    if (x <= a) less += w;
  }
  const ratio = (n: bigint) => Number((n * 10n ** 18n) / denom) / 1e18;
  return { two: ratio(two), greater: ratio(greater), less: ratio(less) };
}

describe('fisherExact', () => {
  // Exact rationals (Python fractions + math.comb), same as
  // R: fisher.test(matrix(c(a, c, b, d), 2))$p.value (alternative "greater" / "less")
  // scipy: scipy.stats.fisher_exact([[a, b], [c, d]], alternative=…).pvalue
  const cases: [number[], number, number, number][] = [
    [[18, 2, 20, 0], 380 / 780, 1, 190 / 780], // "counterproductive" 18/20 vs 20/20: 0.4872
    [[20, 0, 3, 2], 1 / 30, 1 / 30, 1], // "necessary" 20/20 vs 3/5: 0.0333
    [[17, 3, 20, 0], 0.23076923076923078, 1, 0.11538461538461539],
    [[3, 17, 12, 8], 0.007911693673651405, 0.9996141859323172, 0.003955846836825702],
    [[7, 3, 2, 8], 0.06977851869492736, 0.03488925934746368, 0.9972612526792093],
    [[1, 0, 0, 1], 1, 0.5, 1],
    [[0, 5, 0, 5], 1, 1, 1],
    [[1000, 5, 990, 15], 0.040399143016139664, 0.020199571508069832, 0.99429176054936],
  ];
  for (const [[a, b, c, d], two, greater, less] of cases) {
    test(`[[${a}, ${b}], [${c}, ${d}]]`, () => {
      const r = fisherExact([
        [a, b],
        [c, d],
      ]);
      close(r.twoSided, two, 1e-12, 'two-sided');
      close(r.greater, greater, 1e-12, 'greater');
      close(r.less, less, 1e-12, 'less');
    });
  }

  test('agrees with brute-force enumeration (BigInt) on random tables', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 4 }),
        ([a, b, c, d]) => {
          const r = fisherExact([
            [a, b],
            [c, d],
          ]);
          const e = bruteFisher(a, b, c, d);
          return (
            Math.abs(r.twoSided - e.two) < 1e-12 &&
            Math.abs(r.greater - e.greater) < 1e-12 &&
            Math.abs(r.less - e.less) < 1e-12
          );
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  test('two-sided ≥ the smaller one-sided p; greater + less = 1 + P(observed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 4, maxLength: 4 }),
        ([a, b, c, d]) => {
          const r = fisherExact([
            [a, b],
            [c, d],
          ]);
          return (
            r.twoSided >= Math.min(r.greater, r.less) - 1e-12 &&
            r.twoSided <= 1 &&
            r.greater + r.less >= 1 - 1e-12
          );
        },
      ),
      { seed: 6, numRuns: 300 },
    );
  });

  test('large tables stay finite', () => {
    const r = fisherExact([
      [99_000, 1_000],
      [98_800, 1_200],
    ]);
    assert.ok(r.twoSided > 0 && r.twoSided < 1e-4, String(r.twoSided));
  });

  test('misuse throws naming the cell', () => {
    assert.throws(
      () =>
        fisherExact([
          [1, -2],
          [3, 4],
        ]),
      /cell b must be an integer ≥ 0, got -2/,
    );
  });
});

/** Independent reference: ∫₀¹ f_A(x) F_B(x) dx by composite Simpson's rule (integer Beta parameters). */
function integratePosterior(ka: number, na: number, kb: number, nb: number, steps = 4000): number {
  const logFact = (n: number) => {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  };
  // Beta(a, b) with integer a, b: pdf via log factorials; cdf of B via the binomial tail identity
  // F_B(x) = P(Bin(a + b − 1, x) ≥ a).
  const a1 = ka + 1;
  const b1 = na - ka + 1;
  const a2 = kb + 1;
  const b2 = nb - kb + 1;
  const logNorm = logFact(a1 + b1 - 1) - logFact(a1 - 1) - logFact(b1 - 1);
  const pdfA = (x: number) =>
    x <= 0 || x >= 1 ? 0 : Math.exp(logNorm + (a1 - 1) * Math.log(x) + (b1 - 1) * Math.log1p(-x));
  const m = a2 + b2 - 1;
  const cdfB = (x: number) => {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    let s = 0;
    for (let j = a2; j <= m; j++)
      s += Math.exp(logFact(m) - logFact(j) - logFact(m - j) + j * Math.log(x) + (m - j) * Math.log1p(-x));
    return s;
  };
  const h = 1 / steps;
  let sum = pdfA(0) * cdfB(0) + pdfA(1) * cdfB(1);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * pdfA(i * h) * cdfB(i * h);
  return (sum * h) / 3;
}

describe('probABetter', () => {
  // mpmath.quad(f_A · F_B) at 40 digits; e.g. 20/20 vs 3/5 = 0.9931623931623932 (= 581/585).
  const cases: [number, number, number, number, number][] = [
    [18, 20, 20, 20, 0.11585365853658537],
    [20, 20, 3, 5, 0.9931623931623932],
    [17, 20, 20, 20, 0.05347091932457786],
    [5, 10, 5, 10, 0.5],
    [0, 1, 1, 1, 0.16666666666666666],
    [90, 100, 80, 100, 0.9751730331528746],
    [1, 2, 1, 3, 0.6285714285714286],
  ];
  for (const [ka, na, kb, nb, p] of cases) {
    test(`${ka}/${na} vs ${kb}/${nb}`, () => close(probABetter(ka, na, kb, nb), p, 1e-12));
  }

  test('agrees with numeric integration to 1e-9', () => {
    for (const [ka, na, kb, nb] of [
      [18, 20, 20, 20],
      [3, 7, 5, 9],
      [40, 50, 35, 45],
      [0, 4, 4, 4],
    ]) {
      close(
        probABetter(ka, na, kb, nb),
        integratePosterior(ka, na, kb, nb),
        1e-9,
        `${ka}/${na} vs ${kb}/${nb}`,
      );
    }
  });

  test('P(A > B) + P(B > A) = 1 (continuous posteriors)', () => {
    const counts = fc
      .integer({ min: 1, max: 300 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(
        counts,
        counts,
        ([ka, na], [kb, nb]) =>
          Math.abs(probABetter(ka, na, kb, nb) + probABetter(kb, nb, ka, na) - 1) < 1e-9,
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  test('large counts do not underflow', () => {
    const p = probABetter(9_990, 10_000, 9_900, 10_000);
    assert.ok(p > 0.999999 && p <= 1, String(p));
  });

  test('misuse', () => assert.throws(() => probABetter(3, 2, 1, 1), /passA = 3 exceeds totalA = 2/));
});

describe('newcombeDifference', () => {
  // Newcombe (1998) Stat Med 17:873, Table II, method 10 (4 decimals); full precision from mpmath.
  // R: DescTools::BinomDiffCI(a, m, b, n, method = "score")
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.052431472402364905, 0.33387265403690597], // (a) 0.0524, 0.3339
    [9, 10, 3, 10, 0.17052272393450296, 0.809017973535488], // (b) 0.1705, 0.8090
    [6, 7, 2, 7, 0.05822792748231229, 0.8062496375242277], // (c) 0.0582, 0.8062
    [5, 56, 0, 29, -0.03813714790353687, 0.1925600138551116], // (d) −0.0381, 0.1926
    [0, 10, 0, 20, -0.16112515805281932, 0.27753279986288915], // (h) −0.1611, 0.2775
    [10, 10, 0, 20, 0.6790860371419147, 1],
    [18, 20, 20, 20, -0.30103364522848725, 0.07653487216419781],
  ];
  for (const [a, m, b, n, lo, hi] of cases) {
    test(`${a}/${m} − ${b}/${n}`, () => {
      const r = newcombeDifference(a, m, b, n);
      close(r.estimate, a / m - b / n, 1e-15);
      close(r.lower, lo, 1e-9, 'lower');
      close(r.upper, hi, 1e-9, 'upper');
      assert.equal(r.method, 'newcombe-hybrid-score');
    });
  }
});

describe('nonInferiority', () => {
  test('native 20/20 vs dylib 20/20: no worse at a 15% margin, not shown at 10%', () => {
    // one-sided 95% bound = −(1 − Wilson 90% lower of 20/20) = −0.1191
    const wide = nonInferiority({ passed: 20, total: 20 }, { passed: 20, total: 20 }, 0.15);
    assert.equal(wide.noWorse, true);
    close(wide.difference.lower, -0.11906, 1e-4);
    assert.equal(nonInferiority({ passed: 20, total: 20 }, { passed: 20, total: 20 }, 0.1).noWorse, false);
  });

  test('a clearly worse candidate is not non-inferior', () => {
    const r = nonInferiority({ passed: 3, total: 5 }, { passed: 20, total: 20 }, 0.1);
    assert.equal(r.noWorse, false);
    assert.match(r.sentence, /not shown to be no worse/);
  });

  test('misuse', () => {
    assert.throws(
      () => nonInferiority({ passed: 1, total: 2 }, { passed: 1, total: 2 }, 1.5),
      /margin must be in \[0, 1\), got 1.5/,
    );
    assert.throws(() => nonInferiority({ passed: 1, total: 2 }, { passed: 1, total: 2 }, 0.1, 0.7), /alpha/);
  });
});

/** Independent reference: Holm as the closed test of Bonferroni local tests (Marcus, Peritz & Gabriel 1976):
 * the adjusted p of H_i is the largest, over every intersection S ∋ i, of |S|·min_{j∈S} p_j (capped at 1). */
function closedBonferroni(p: readonly number[]): number[] {
  const m = p.length;
  return p.map((_, i) => {
    let worst = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      if (!(mask & (1 << i))) continue;
      let size = 0;
      let min = 1;
      for (let j = 0; j < m; j++)
        if (mask & (1 << j)) {
          size++;
          min = Math.min(min, p[j]);
        }
      worst = Math.max(worst, Math.min(1, size * min));
    }
    return worst;
  });
}

describe('holmAdjust', () => {
  test('R p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09', () => {
    const got = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    for (const [i, x] of [0.05, 0.08, 0.09, 0.09, 0.09].entries()) close(got[i], x, 1e-15, `p${i}`);
    // order does not matter: R p.adjust(c(0.04, 0.01, 0.03), "holm") = 0.06 0.03 0.06
    assert.deepEqual(
      holmAdjust([0.04, 0.01, 0.03]).map((x) => Number(x.toFixed(12))),
      [0.06, 0.03, 0.06],
    );
  });

  test('equals the closed test of Bonferroni tests, is ≥ p and ≤ Bonferroni', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 8 }),
        (p) => {
          const h = holmAdjust(p);
          const ref = closedBonferroni(p);
          h.forEach((x, i) => {
            close(x, ref[i], 1e-12, `H${i}`);
            assert.ok(x >= p[i] && x <= Math.min(1, p.length * p[i]) + 1e-15);
          });
        },
      ),
    );
  });

  test('edge cases and misuse', () => {
    assert.deepEqual(holmAdjust([]), []);
    assert.deepEqual(holmAdjust([0.3]), [0.3]);
    assert.throws(() => holmAdjust([0.1, Number.NaN]), /p-values must be in \[0, 1\], got NaN/);
    assert.throws(() => holmAdjust([1.2]), /got 1.2/);
  });
});
