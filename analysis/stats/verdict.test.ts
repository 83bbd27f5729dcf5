import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Environment, EvidenceGroup } from './evidence.ts';
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
  test('undecided with rounds still needed (20 clean rounds, 1% threshold)', () => {
    const v = verdict([g({})], { maxCrashRate: 0.01 });
    assert.equal(v.status, 'undecided');
    assert.equal(v.moreNeeded, 299 - 20);
    // one-sided 95% upper bound for 0/20: 1 − 0.05^(1/20)
    assert.ok(Math.abs(v.crashRate!.upper - (1 - 0.05 ** (1 / 20))) < 1e-12);
    assert.equal(v.used.length, 1);
    assert.match(v.sentence, /279 more rounds/);
  });

  test('safe: 300 clean runner rounds; unsafe: 10 crashes in 50', () => {
    assert.equal(verdict([g({ origin: 'runner', rounds: 300 })], { maxCrashRate: 0.01 }).status, 'safe');
    assert.equal(verdict([g({ rounds: 50, crashed: 10 })], { maxCrashRate: 0.01 }).status, 'unsafe');
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
