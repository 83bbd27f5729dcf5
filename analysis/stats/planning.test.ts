import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attemptCrashRate } from './attemptCrashRate.ts';
import { attemptFailureRate, noAttempts } from './attemptFailureRate.ts';
import { mulberry32 } from './mulberry32.ts';
import { roundsNeeded } from './roundsNeeded.ts';
import { sprt } from './sprt.ts';
import { sprtSequential } from './sprtSequential.ts';
import { wilsonInterval } from './wilsonInterval.ts';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tol ${tol})`);

/** Independent check: P(Bin(n, r) ≤ f) by direct summation in log space. */
function binomCdf(f: number, n: number, r: number): number {
  let logC = 0;
  let s = 0;
  for (let i = 0; i <= f; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    s += Math.exp(logC + i * Math.log(r) + (n - i) * Math.log1p(-r));
  }
  return s;
}

describe('roundsNeeded', () => {
  // Exact rational search in Python (fractions): smallest n with P(Bin(n, r) ≤ f) ≤ 1 − c. Same as R:
  // min(which(sapply(1:5000, function(n) binom.test(f, n, alternative = "less", conf.level = c)$conf.int[2] <= r)))
  const cases: [number, number, number, number][] = [
    [0.01, 0.95, 0, 299],
    [0.01, 0.95, 1, 473],
    [0.01, 0.95, 2, 628],
    [0.05, 0.9, 0, 45],
    [0.001, 0.99, 0, 4603],
    [0.1, 0.95, 3, 76],
  ];
  for (const [r, c, f, n] of cases) {
    test(`r = ${r}, c = ${c}, f = ${f} → ${n}`, () => {
      assert.equal(roundsNeeded(r, c, f), n);
      assert.ok(binomCdf(f, n, r) <= 1 - c, 'n suffices');
      assert.ok(binomCdf(f, n - 1, r) > 1 - c, 'n − 1 does not');
    });
  }

  test('misuse', () => {
    assert.throws(() => roundsNeeded(0), /max rate must be in \(0, 1\), got 0/);
    assert.throws(() => roundsNeeded(0.01, 1.2), /confidence must be in \(0, 1\), got 1.2/);
    assert.throws(() => roundsNeeded(0.01, 0.95, -1), /failures must be an integer ≥ 0, got -1/);
  });
});

describe('attemptCrashRate', () => {
  // Rounds 1640–1659: 17 passes out of 20 with A = 3 hid 19 crashes in 36 attempts.
  // 3 failed rounds → 9 attempts, 9 crashes; 17 passes → 27 attempts, so Σ retries = 10.
  const retries = [2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

  test('rounds 1640–1659: q = 19/36 ≈ 0.53', () => {
    const r = attemptCrashRate({ maxAttempts: 3, retries, failed: 3 });
    assert.equal(r.attempts, 36);
    assert.equal(r.crashedAttempts, 19);
    assert.equal(r.rounds, 20);
    assert.equal(r.passedRounds, 17);
    close(r.q.estimate, 19 / 36, 1e-15);
    assert.equal(Number(r.q.estimate.toFixed(2)), 0.53);
    const w = wilsonInterval(19, 36);
    close(r.q.lower, w.lower, 1e-15);
    close(r.q.upper, w.upper, 1e-15);
    close(r.roundPass.estimate, 1 - (19 / 36) ** 3, 1e-15); // 0.853
    assert.ok(r.roundPass.lower < r.roundPass.estimate && r.roundPass.estimate < r.roundPass.upper);
  });

  test('the distribution of retries does not matter, only their sum', () => {
    const other = attemptCrashRate({
      maxAttempts: 3,
      retries: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
      failed: 3,
    });
    close(other.q.estimate, 19 / 36, 1e-15);
  });

  test('no crash at all', () => {
    const r = attemptCrashRate({ maxAttempts: 3, retries: [0, 0, 0, 0], failed: 0 });
    assert.equal(r.q.estimate, 0);
    assert.equal(r.q.lower, 0);
    assert.ok(r.q.upper > 0);
    assert.equal(r.roundPass.estimate, 1);
  });

  test('misuse', () => {
    assert.throws(() => attemptCrashRate({ maxAttempts: 3, retries: [3], failed: 0 }), /got 3/);
    assert.throws(() => attemptCrashRate({ maxAttempts: 0, retries: [], failed: 1 }), /max attempts/);
    assert.throws(() => attemptCrashRate({ maxAttempts: 3, retries: [], failed: 0 }), /no rounds/);
  });
});

describe('attemptFailureRate', () => {
  test('an A = 2 wrapper, 8 clean rounds and 2 crash-crash rounds: 4 failed of 12 attempts', () => {
    const r = attemptFailureRate({ ...noAttempts(), pass: 8, crash: 4 });
    assert.equal(`${r.failed}/${r.attempts}`, '4/12');
    const w = wilsonInterval(4, 12);
    assert.deepEqual([r.q.estimate, r.q.lower, r.q.upper], [w.estimate, w.lower, w.upper]);
  });

  test('every failure counts as a competing risk; errors and interruptions are reported, not trials', () => {
    // a crash then a timeout: 2 failed attempts of 2 (1 crash, 1 timeout)
    const two = attemptFailureRate({ ...noAttempts(), crash: 1, timeout: 1 });
    assert.equal(`${two.failed}/${two.attempts}`, '2/2');
    const r = attemptFailureRate({ pass: 10, crash: 2, timeout: 1, fail: 3, error: 4, interrupted: 5 });
    assert.equal(`${r.failed}/${r.attempts}`, '6/16');
    assert.equal(r.counts.error, 4);
    assert.equal(r.counts.interrupted, 5);
  });

  test('misuse: no trial attempts, negative counts', () => {
    assert.throws(
      () => attemptFailureRate({ ...noAttempts(), error: 3 }),
      /no attempts that passed or failed/,
    );
    assert.throws(() => attemptFailureRate({ ...noAttempts(), pass: 1, timeout: -1 }), /timeout attempts/);
  });
});

describe('sprt', () => {
  const params = { p0: 0.01, p1: 0.05, alpha: 0.05, beta: 0.1 };

  test('bounds and log-likelihood ratio (Wald 1947, ch. 5)', () => {
    const r = sprt(params, 2, 50);
    close(r.upperBound, Math.log(0.9 / 0.05), 1e-15);
    close(r.lowerBound, Math.log(0.1 / 0.95), 1e-15);
    close(r.llr, 2 * Math.log(5) + 48 * Math.log(0.95 / 0.99), 1e-12);
    assert.equal(r.decision, 'continue');
    assert.equal(sprt(params, 0, 100).decision, 'accept');
    assert.equal(sprt(params, 3, 10).decision, 'reject');
    assert.equal(sprt(params, 0, 0).decision, 'continue');
  });

  test('sequential: stops at the first crossing', () => {
    // each pass adds log(0.95/0.99) = −0.04124; ln(0.1/0.95) = −2.2513 is crossed at round 55
    const r = sprtSequential(params, Array(200).fill(false));
    assert.equal(r.decision, 'accept');
    assert.equal(r.rounds, 55);
  });

  test('misuse', () => {
    assert.throws(() => sprt({ ...params, p1: 0.005 }, 0, 1), /p1 must exceed p0/);
    assert.throws(() => sprt({ ...params, alpha: 0 }, 0, 1), /alpha must be in \(0, 1\), got 0/);
    assert.throws(() => sprt(params, 5, 4), /crashes = 5 exceeds rounds = 4/);
  });

  /** Exact error probabilities of the truncated SPRT by dynamic programming over (round, crashes). */
  function exactErrors(q: typeof params, p: number, maxRounds = 3000) {
    const A = Math.log((1 - q.beta) / q.alpha);
    const B = Math.log(q.beta / (1 - q.alpha));
    let dist = new Map<number, number>([[0, 1]]);
    let reject = 0;
    let accept = 0;
    for (let n = 1; n <= maxRounds && dist.size; n++) {
      const next = new Map<number, number>();
      for (const [s, w] of dist) {
        for (const [c, pw] of [
          [1, p],
          [0, 1 - p],
        ]) {
          const s2 = s + c;
          const llr = s2 * Math.log(q.p1 / q.p0) + (n - s2) * Math.log((1 - q.p1) / (1 - q.p0));
          if (llr >= A) reject += w * pw;
          else if (llr <= B) accept += w * pw;
          else next.set(s2, (next.get(s2) ?? 0) + w * pw);
        }
      }
      dist = next;
    }
    return { reject, accept };
  }

  test("exact error rates respect Wald's bounds α/(1 − β) and β/(1 − α)", () => {
    // Wald's bounds are approximations: at p0 = 0.01, p1 = 0.05 the exact type II rate is 0.1006 > β = 0.1.
    for (const q of [
      params,
      { p0: 0.05, p1: 0.2, alpha: 0.05, beta: 0.1 },
      { p0: 0.01, p1: 0.05, alpha: 0.1, beta: 0.1 },
    ]) {
      const typeI = exactErrors(q, q.p0).reject;
      const typeII = exactErrors(q, q.p1).accept;
      assert.ok(typeI <= q.alpha / (1 - q.beta), `type I ${typeI}`);
      assert.ok(typeII <= q.beta / (1 - q.alpha), `type II ${typeII}`);
    }
    close(exactErrors(params, params.p1).accept, 0.1006, 5e-4, 'type II at p1 = 0.05'); // Python DP: 0.1006
  });

  test('simulation (seeded, 2,000 sequences each): error rates within α and β', () => {
    const q = { p0: 0.05, p1: 0.2, alpha: 0.05, beta: 0.1 };
    const rand = mulberry32(2024);
    const runs = 2000;
    const simulate = (p: number) => {
      const seq: boolean[] = [];
      for (let i = 0; i < 2000; i++) seq.push(rand() < p);
      return sprtSequential(q, seq).decision;
    };
    let falseReject = 0;
    let falseAccept = 0;
    for (let i = 0; i < runs; i++) if (simulate(q.p0) === 'reject') falseReject++;
    for (let i = 0; i < runs; i++) if (simulate(q.p1) === 'accept') falseAccept++;
    const typeI = falseReject / runs;
    const typeII = falseAccept / runs;
    assert.ok(typeI <= q.alpha, `type I ${typeI}`);
    assert.ok(typeII <= q.beta, `type II ${typeII}`);
    // and the simulation agrees with the exact rates within 3 Monte Carlo standard errors
    const exact = { I: exactErrors(q, q.p0).reject, II: exactErrors(q, q.p1).accept };
    close(typeI, exact.I, 3 * Math.sqrt((exact.I * (1 - exact.I)) / runs), 'type I vs exact');
    close(typeII, exact.II, 3 * Math.sqrt((exact.II * (1 - exact.II)) / runs), 'type II vs exact');
  });
});
