import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Environment, EvidenceGroup } from './evidence.ts';
import { mulberry32 } from './mulberry32.ts';
import { verdict } from './verdict.ts';

const native: Environment = {
  torch_version: '2.9.1',
  fix_variant: 'native',
  threads: 8,
  wrapper: 'none',
  workload: 'complete_story',
  serialised: 'none',
  fingerprint: null,
};
const g = (over: Partial<EvidenceGroup>): EvidenceGroup => ({
  id: 'r.md:10',
  source_id: 's1',
  origin: 'report',
  kind: 'primary',
  env: native,
  rounds: 20,
  crashed: 0,
  ...over,
});

describe('verdict', () => {
  test('undecided with rounds still needed (20 clean rounds, 1% threshold), by the procedure in force', () => {
    const fixed = verdict([g({})], { maxCrashRate: 0.01, procedure: 'fixed-n' });
    assert.equal(fixed.status, 'undecided');
    assert.equal(fixed.moreNeeded, 299 - 20);
    // one-sided 95% upper bound for 0/20: 1 − 0.05^(1/20)
    assert.ok(Math.abs(fixed.crashRate!.upper - (1 - 0.05 ** (1 / 20))) < 1e-12);
    assert.equal(fixed.used.length, 1);
    assert.match(fixed.sentence, /279 more rounds/);
    // The default is always-valid: 449 clean rounds in all (safetyProcedure.test.ts), the fixed-n answer beside it.
    const v = verdict([g({})], { maxCrashRate: 0.01 });
    assert.equal(v.procedure, 'always-valid');
    assert.equal(v.moreNeeded, 449 - 20);
    assert.equal(v.fixedN?.decision, 'undecided');
    assert.match(v.sentence, /429 more rounds without a failure.*|valid however often/);
  });

  test('safe: 449 clean rounds always-valid, 299 fixed-n; unsafe: 10 crashes in 50', () => {
    const at = (rounds: number, procedure?: 'fixed-n') =>
      verdict([g({ origin: 'runner', rounds })], { maxCrashRate: 0.01, procedure }).status;
    assert.deepEqual(
      [at(448), at(449), at(298, 'fixed-n'), at(299, 'fixed-n')],
      ['undecided', 'safe', 'undecided', 'safe'],
    );
    // 300 clean rounds: the fixed-n reading (beside the headline) would say safe; the always-valid one does not yet.
    const v = verdict([g({ origin: 'runner', rounds: 300 })], { maxCrashRate: 0.01 });
    assert.deepEqual([v.status, v.fixedN?.decision], ['undecided', 'safe']);
    assert.equal(verdict([g({ rounds: 50, crashed: 10 })], { maxCrashRate: 0.01 }).status, 'unsafe');
  });

  test('defect 1: hangs are failures: 300 rounds timing out under a retry wrapper are unsafe, not safe', () => {
    const env = { ...native, wrapper: 'retry' as const };
    // The call: every round failed (timeout), no attempt crashed.
    const hung = g({ env, rounds: 300, crashed: 300, attempts: 300, crashedAttempts: 0 });
    const v = verdict([hung], { maxCrashRate: 0.01 });
    assert.equal(v.unit, 'attempt');
    assert.equal(v.status, 'unsafe');
    assert.deepEqual([v.crashes, v.trials, v.crashesOnly], [300, 300, 0]);
    assert.match(v.sentence, /300 of 300 attempts did not pass \(0 crashed\)/);
    // The same data without a wrapper: the same answer.
    assert.equal(verdict([{ ...hung, env: native }], { maxCrashRate: 0.01 }).status, 'unsafe');
    // A crash then a timeout in one round, then 1 clean round: 2 failed attempts of 3.
    const mixed = verdict([g({ env, rounds: 2, crashed: 1, attempts: 3, crashedAttempts: 1 })], {
      maxCrashRate: 0.01,
    });
    assert.deepEqual([mixed.crashes, mixed.trials], [2, 3]);
  });

  test('defect 4: sessions that disagree are pooled with a random-effects bound (simulation)', () => {
    // 10 sessions of 1,000 rounds whose rates vary around a mean of 1.2% (beta with a = 0.3, b = 24.7: mean
    // 0.012), so the build is unsafe at 1%. Most sets of sessions disagree visibly and are judged on effective
    // counts; the rest look like one low rate, and the always-valid bound keeps P(SAFE) under α there too.
    const rand = mulberry32(7);
    const gammaSample = (shape: number): number => {
      // Marsaglia–Tsang, with the shape < 1 boost.
      if (shape < 1) return gammaSample(shape + 1) * rand() ** (1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        let x: number;
        let v: number;
        do {
          const u1 = rand();
          const u2 = rand();
          x = Math.sqrt(-2 * Math.log(u1 || 1e-300)) * Math.cos(2 * Math.PI * u2);
          v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const u = rand();
        if (Math.log(u || 1e-300) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    const beta = (a: number, b: number) => {
      const x = gammaSample(a);
      return x / (x + gammaSample(b));
    };
    const trials = 400;
    let safe = 0;
    let naive = 0;
    let flagged = 0;
    for (let t = 0; t < trials; t++) {
      const groups = Array.from({ length: 10 }, (_, i) => {
        const p = beta(0.3, 24.7);
        let crashed = 0;
        for (let r = 0; r < 1000; r++) if (rand() < p) crashed++;
        return g({ id: `s${i}.md:1`, source_id: `s${i}`, rounds: 1000, crashed });
      });
      const v = verdict(groups, { maxCrashRate: 0.01 });
      if (v.status === 'safe') safe++;
      if (
        verdict(groups, { maxCrashRate: 0.01, procedure: 'fixed-n', heterogeneityAlpha: 1e-9 }).status ===
        'safe'
      )
        naive++;
      if (v.heterogeneity?.heterogeneous) flagged++;
    }
    const se = Math.sqrt((0.05 * 0.95) / trials);
    assert.ok(safe / trials <= 0.05 + 2 * se, `P(SAFE) = ${safe / trials}`);
    // The old rule (one binomial, fixed-n bound, asked once) is fooled about twice as often as α allows.
    assert.ok(naive / trials > 0.05 + 2 * se, `old rule P(SAFE) = ${naive / trials}`);
    assert.ok(flagged / trials > 0.8, `heterogeneity found in ${flagged / trials}`);
  });

  test('heterogeneity: agreeing sessions pool as one binomial; disagreeing ones say so', () => {
    const agree = verdict(
      [
        g({ id: 'a.md:1', source_id: 'a', rounds: 300, crashed: 3 }),
        g({ id: 'b.md:1', source_id: 'b', rounds: 300, crashed: 4 }),
      ],
      { maxCrashRate: 0.05 },
    );
    assert.equal(agree.heterogeneity?.heterogeneous, false);
    assert.deepEqual([agree.crashes, agree.trials], [7, 600]);
    const disagree = verdict(
      [
        g({ id: 'a.md:1', source_id: 'a', rounds: 300, crashed: 0 }),
        g({ id: 'b.md:1', source_id: 'b', rounds: 300, crashed: 30 }),
      ],
      { maxCrashRate: 0.05 },
    );
    assert.equal(disagree.heterogeneity?.heterogeneous, true);
    assert.match(disagree.sentence, /the 2 groups disagree \(Tarone p = .*random-effects/);
  });

  test('never cumulative; never a round twice', () => {
    const v = verdict(
      [
        g({ id: 'rows', roundNumbers: Array.from({ length: 20 }, (_, i) => 1 + i) }),
        g({ id: 'pass-rate line', origin: 'batch', roundFirst: 1, roundLast: 20 }),
        g({ id: 'summary, no range', origin: 'batch' }),
        g({ id: 'partial', origin: 'batch', roundFirst: 15, roundLast: 30, rounds: 16 }),
        g({ id: 'since N=2700', origin: 'batch', kind: 'cumulative', rounds: 1760 }),
        g({ id: 'other report', source_id: 's2', origin: 'batch', roundFirst: 1, roundLast: 20 }),
      ],
      { maxCrashRate: 0.01 },
    );
    assert.deepEqual(
      v.used.map((u) => u.id),
      ['rows', 'other report'],
    );
    assert.equal(v.trials, 40);
    const reasons = Object.fromEntries(v.excluded.map((e) => [e.id, e.reason]));
    assert.match(reasons['pass-rate line'], /already listed row by row/);
    assert.match(reasons['summary, no range'], /repeats the 20 rounds listed row by row at rows/);
    assert.match(reasons.partial, /partly overlap/);
    assert.match(reasons['since N=2700'], /cumulative/);
  });

  test('filters the environment and refuses to pool different ones, saying so', () => {
    const groups = [
      g({ id: 'a' }),
      g({ id: 'dylib', env: { ...native, fix_variant: 'v2.3' } }),
      g({ id: 'wrapped', env: { ...native, wrapper: 'retry' } }),
    ];
    const refused = verdict(groups, { maxCrashRate: 0.01, environment: { fix_variant: 'native' } });
    assert.equal(refused.status, 'refused');
    assert.match(refused.sentence, /wrapper \(none \/ retry\)/);
    assert.match(refused.excluded.find((e) => e.id === 'dylib')!.reason, /fix_variant v2.3 ≠ native/);
    const narrowed = verdict(groups, {
      maxCrashRate: 0.01,
      environment: { fix_variant: 'native', wrapper: 'none' },
    });
    assert.equal(narrowed.status, 'undecided');
    assert.deepEqual(
      narrowed.used.map((u) => u.id),
      ['a'],
    );
  });

  test('when the wrapper retried, the headline is the per-attempt rate', () => {
    const env = { ...native, wrapper: 'retry' as const };
    const v = verdict(
      [
        g({ id: '1640-1659', env, rounds: 20, crashed: 3, attempts: 36, crashedAttempts: 19 }),
        g({ id: 'no attempts', env, source_id: 's3' }),
      ],
      { maxCrashRate: 0.01 },
    );
    assert.equal(v.unit, 'attempt');
    assert.equal(v.status, 'unsafe');
    assert.ok(Math.abs(v.crashRate!.estimate - 19 / 36) < 1e-15);
    assert.match(v.excluded[0].reason, /attempts were not recorded/);
    assert.match(v.sentence, /per-attempt/);
  });

  test('no evidence; misuse', () => {
    assert.equal(verdict([], { maxCrashRate: 0.01 }).status, 'no_evidence');
    assert.throws(() => verdict([], { maxCrashRate: 0 }), /max crash rate must be in \(0, 1\), got 0/);
    assert.throws(
      () => verdict([], { maxCrashRate: 0.01, confidence: 0.4 }),
      /confidence must be in \(0.5, 1\), got 0.4/,
    );
  });
});
