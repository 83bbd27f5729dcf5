import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attemptCrashRate } from './attemptCrashRate.ts';
import { attemptFailureRate, noAttempts } from './attemptFailureRate.ts';
import { roundsNeeded } from './roundsNeeded.ts';
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
