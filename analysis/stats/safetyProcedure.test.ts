import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mulberry32 } from './mulberry32.ts';
import { safetyEValues } from './safetyEValues.ts';
import { decideSafety, moreTrialsToSafe, type SafetyRule, safetyBoundary } from './safetyProcedure.ts';

const av: SafetyRule = { threshold: 0.01, confidence: 0.95, procedure: 'always-valid' };
const fixed: SafetyRule = { ...av, procedure: 'fixed-n' };

test('safetyEValues: the uniform-mixture e-values match scipy to 1e-12', () => {
  // scipy 1.17: b = special.betaln(k+1, n-k+1); l = k*log(t) + (n-k)*log1p(-t)
  //   safe   = b + log(special.betainc(k+1, n-k+1, t))  - log(t)      - l
  //   unsafe = b + log(special.betaincc(k+1, n-k+1, t)) - log1p(-t)   - l
  const cases: [number, number, number, number, number][] = [
    [0, 1, 0.01, 0.005037794029956506, -Math.LN2], // (1 + 0.01)/2 ÷ 0.01 ÷ … = 1/2,
    [0, 299, 0.01, 1.856153913041208, -5.70378247465601],
    [0, 450, 0.01, 3.005544172843341, -6.11146733950227],
    [1, 100, 0.05, 1.8130405133934602, -4.432798960047304],
    [3, 1000, 0.01, 2.5935579003682854, -6.596810843996366],
    [10, 472, 0.01, -1.9314352252818026, -1.8325889095653665],
    [30, 1000, 0.01, -3.0741602732457807, 8.870146541236522],
    [5, 5, 0.5, -1.791759469228055, 2.3513752571634776],
    [12, 40, 0.1, -2.321041638842239, 4.52910422818395],
    [0, 3000, 0.001, 1.8516171488788942, -8.0067008454389],
  ];
  for (const [k, n, t, safe, unsafe] of cases) {
    const e = safetyEValues(k, n, t);
    assert.ok(Math.abs(e.logSafe - safe) < 1e-10, `${k}/${n} at ${t}: safe ${e.logSafe} vs ${safe}`);
    assert.ok(
      Math.abs(e.logUnsafe - unsafe) < 1e-10,
      `${k}/${n} at ${t}: unsafe ${e.logUnsafe} vs ${unsafe}`,
    );
  }
  // k = 0 has a closed form: (1 − (1 − θ)^(n+1)) / ((n + 1) θ (1 − θ)^n).
  const closed = (n: number, t: number) => Math.log((1 - (1 - t) ** (n + 1)) / ((n + 1) * t * (1 - t) ** n));
  for (const n of [1, 10, 299, 1000])
    assert.ok(Math.abs(safetyEValues(0, n, 0.01).logSafe - closed(n, 0.01)) < 1e-9);
  assert.deepEqual(safetyEValues(0, 0, 0.01), { logSafe: 0, logUnsafe: 0 });
});

test('decideSafety: fixed-n is the one-sided Clopper-Pearson rule; always-valid needs more clean rounds', () => {
  // R: binom.test(0, 299, alternative = "less")$conf.int[2] = 0.009969 < 0.01
  assert.equal(decideSafety(0, 299, fixed).decision, 'safe');
  assert.equal(decideSafety(0, 298, fixed).decision, 'undecided');
  assert.equal(moreTrialsToSafe(0, 0, fixed), 299);
  // Always-valid: the first n with e-value ≥ 20 at k = 0 (closed form above): 449.
  assert.equal(moreTrialsToSafe(0, 0, av), 449);
  assert.equal(decideSafety(0, 449, av).decision, 'safe');
  assert.equal(decideSafety(0, 448, av).decision, 'undecided');
  assert.equal(decideSafety(0, 299, av).moreNeeded, 150);
  // 10 crashes in 472 rounds: neither below nor above 1% yet (the old SPRT called it "≤ 1% accepted").
  assert.equal(decideSafety(10, 472, av).decision, 'undecided');
  assert.equal(decideSafety(300, 300, av).decision, 'unsafe');
  assert.equal(decideSafety(0, 0, av).decision, 'undecided');
  assert.throws(() => decideSafety(3, 2, av), /exceeds/);
  assert.throws(() => decideSafety(0, 1, { ...av, threshold: 0 }), /threshold/);
});

test('decideSafety: SAFE exactly when the upper bound is under the threshold, UNSAFE when the lower is over (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0.001, 0.01, 0.05, 0.2),
      fc.constantFrom<SafetyRule['procedure']>('always-valid', 'fixed-n'),
      (n, share, threshold, procedure) => {
        const k = Math.min(n, Math.floor(share * share * n));
        const d = decideSafety(k, n, { threshold, confidence: 0.95, procedure });
        assert.ok(d.lower <= d.estimate! + 1e-12 && d.estimate! <= d.upper + 1e-12);
        if (d.decision === 'safe') assert.ok(d.upper <= threshold * (1 + 1e-6), `${k}/${n}: ${d.upper}`);
        if (d.decision === 'unsafe') assert.ok(d.lower >= threshold * (1 - 1e-6), `${k}/${n}: ${d.lower}`);
        if (d.upper < threshold * (1 - 1e-6)) assert.equal(d.decision, 'safe', `${k}/${n} upper ${d.upper}`);
        if (d.lower > threshold * (1 + 1e-6))
          assert.equal(d.decision, 'unsafe', `${k}/${n} lower ${d.lower}`);
      },
    ),
    { numRuns: 300, seed: 11 },
  );
});

test('safetyBoundary: agrees with decideSafety at every n, and the SAFE region only grows', () => {
  for (const rule of [av, fixed]) {
    const rows = safetyBoundary(700, rule);
    let lastSafe = -1;
    for (const { n, safe_max, unsafe_min } of rows) {
      if (n % 37 !== 0 && n > 20) continue;
      for (let k = 0; k <= Math.min(n, 40); k++) {
        const d = decideSafety(k, n, rule).decision;
        assert.equal(d === 'safe', safe_max !== null && k <= safe_max, `${rule.procedure} ${k}/${n}`);
        assert.equal(d === 'unsafe', unsafe_min !== null && k >= unsafe_min, `${rule.procedure} ${k}/${n}`);
      }
      assert.ok((safe_max ?? -1) >= lastSafe);
      lastSafe = safe_max ?? -1;
    }
  }
});

test('always-valid: P(SAFE ever | rate = threshold) ≤ α when asked after every round up to 3,000 (simulation)', () => {
  // Checking after every round and stopping at the first SAFE: the fixed-n rule's error was 0.188 here.
  const rule = { threshold: 0.01, confidence: 0.95, procedure: 'always-valid' as const };
  const rows = safetyBoundary(3000, rule);
  const rand = mulberry32(2026);
  const campaigns = 2000;
  let wronglySafe = 0;
  for (let c = 0; c < campaigns; c++) {
    let k = 0;
    for (let n = 1; n <= 3000; n++) {
      if (rand() < rule.threshold) k++;
      const { safe_max } = rows[n - 1];
      if (safe_max !== null && k <= safe_max) {
        wronglySafe++;
        break;
      }
    }
  }
  // α = 0.05; 4 binomial SEs above it would be 0.0698.
  assert.ok(wronglySafe / campaigns <= 0.05, `P(SAFE) = ${wronglySafe / campaigns}`);
  // The same check with the fixed-n rule is not valid under repeated looks (the defect this replaces).
  const fixedRows = safetyBoundary(3000, { ...rule, procedure: 'fixed-n' });
  const rand2 = mulberry32(2026);
  let fixedWrong = 0;
  for (let c = 0; c < campaigns; c++) {
    let k = 0;
    for (let n = 1; n <= 3000; n++) {
      if (rand2() < rule.threshold) k++;
      const { safe_max } = fixedRows[n - 1];
      if (safe_max !== null && k <= safe_max) {
        fixedWrong++;
        break;
      }
    }
  }
  assert.ok(fixedWrong / campaigns > 0.1, `fixed-n under repeated looks: ${fixedWrong / campaigns}`);
});
