import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from './mulberry32.ts';
import { reachProbability, roundsForPower } from './safetyPower.ts';
import { decideSafety, type SafetyRule, safetyBoundary } from './safetyProcedure.ts';

const av: SafetyRule = { threshold: 0.01, confidence: 0.95, procedure: 'always-valid' };
const fixed: SafetyRule = { ...av, procedure: 'fixed-n' };

test('reachProbability (fixed-n): a binomial tail, e.g. P(no failure in 299) = (1 − p)^299', () => {
  // 299 trials: SAFE exactly at 0 failures (R: binom.test(1, 299, alt = "less")$conf.int[2] > 0.01).
  for (const p of [0.0005, 0.001, 0.003])
    assert.ok(Math.abs(reachProbability(fixed, p, 299, 'safe') - (1 - p) ** 299) < 1e-12);
  // 1000 trials: SAFE up to safe_max failures; R: pbinom(k, 1000, 0.002).
  const safeMax = [...Array(20).keys()]
    .filter((k) => decideSafety(k, 1000, fixed).decision === 'safe')
    .at(-1)!;
  assert.equal(safeMax, 4); // qbeta(0.95, 5, 996) = 0.00913 < 0.01, qbeta(0.95, 6, 995) = 0.0104
  // scipy: binom.cdf(4, 1000, 0.002) = 0.9475276102074774
  assert.ok(Math.abs(reachProbability(fixed, 0.002, 1000, 'safe') - 0.9475276102074774) < 1e-12);
});

test('reachProbability (always-valid): the exact recursion agrees with a simulation of looking after every trial', () => {
  const rand = mulberry32(5);
  const runs = 4000;
  const rate = 0.004;
  const more = 1500;
  // The boundary is decideSafety's at every n (safetyProcedure.test.ts), and far cheaper to look up.
  const rows = safetyBoundary(more, av);
  let safe = 0;
  for (let r = 0; r < runs; r++) {
    let k = 0;
    for (let n = 1; n <= more; n++) {
      if (rand() < rate) k++;
      const { safe_max, unsafe_min } = rows[n - 1];
      if (safe_max !== null && k <= safe_max) safe++;
      if ((safe_max !== null && k <= safe_max) || (unsafe_min !== null && k >= unsafe_min)) break;
    }
  }
  const exact = reachProbability(av, rate, more, 'safe');
  const se = Math.sqrt((exact * (1 - exact)) / runs);
  assert.ok(Math.abs(safe / runs - exact) < 4 * se, `simulated ${safe / runs}, exact ${exact}`);
  // At the threshold itself, the error stays under α however long the looking goes on.
  assert.ok(reachProbability(av, 0.01, 3000, 'safe') <= 0.05);
});

test('roundsForPower: the fewest trials reaching the power, from the evidence already seen', () => {
  const m = roundsForPower(av, 0.0025, 0.8)!;
  assert.ok(reachProbability(av, 0.0025, m, 'safe') >= 0.8);
  assert.ok(reachProbability(av, 0.0025, m - 1, 'safe') < 0.8);
  // Evidence already in hand shortens the plan; failures already seen lengthen it.
  assert.ok(roundsForPower(av, 0.0025, 0.8, { failures: 0, trials: 400 })! < m);
  assert.ok(roundsForPower(av, 0.0025, 0.8, { failures: 3, trials: 400 })! > m - 400);
  // No failure-free run is SAFE at 0 trials, so fixed-n at rate 0 needs exactly 299.
  assert.equal(roundsForPower(fixed, 1e-9, 0.8), 299);
  // UNSAFE at four times the threshold.
  const u = roundsForPower(av, 0.04, 0.8)!;
  assert.ok(
    reachProbability(av, 0.04, u, 'unsafe') >= 0.8 && reachProbability(av, 0.04, u - 1, 'unsafe') < 0.8,
  );
  // A rate at the threshold never reaches 80% power for SAFE.
  assert.equal(roundsForPower(av, 0.01, 0.8, undefined, 5000, 'safe'), null);
});
