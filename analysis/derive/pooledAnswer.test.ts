import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Environment, EvidenceGroup } from '../stats/index.ts';
import { pooledAnswer } from './pooledAnswer.ts';

const env = (over: Partial<Environment>): Environment => ({
  torch_version: '2.9.1',
  fix_variant: 'v2.4_nr',
  threads: 8,
  wrapper: null,
  workload: 'complete_story',
  serialised: null,
  fingerprint: null,
  ...over,
});
const group = (id: string, e: Environment, rounds: number, crashed: number): EvidenceGroup => ({
  id: `${id}.md:10`,
  source_id: id,
  origin: 'report',
  kind: 'primary',
  env: e,
  rounds,
  crashed,
});
const settings = { maxCrashRate: 0.01, confidence: 0.95 };

test('environments that differ only in an unstated label are shown pooled, with the heterogeneity check', () => {
  // v2.4 NR: 335 clean rounds split by one file saying 8t and another nothing (issue 12's example).
  const a = env({});
  const b = env({ threads: null });
  const groups = [group('a', a, 200, 0), group('b', b, 135, 0), group('c', b, 150, 0)];
  const p = pooledAnswer(
    groups,
    [
      { env: a, config: 'a' },
      { env: b, config: 'b' },
    ],
    settings,
  )!;
  assert.deepEqual([p.configs, p.crashes, p.trials, p.answer], [['a', 'b'], 0, 485, 'safe']);
  assert.match(
    p.sentence,
    /^Pooled, as 2 environments that differ only in what was not stated: Safe: 0 of 485 rounds/,
  );
  // Disagreeing groups: the pooled bound is a random-effects one, and says so.
  const q = pooledAnswer(
    [group('a', a, 300, 0), group('b', b, 300, 30)],
    [
      { env: a, config: 'a' },
      { env: b, config: 'b' },
    ],
    settings,
  )!;
  assert.ok(q.dispersion! > 1 && q.heterogeneity_p! < 0.05);
  assert.match(q.sentence, /random-effects/);
});

test('environments that state different values are never pooled; one environment is not a pool', () => {
  const a = env({ wrapper: 'retry' });
  const b = env({ wrapper: 'none' });
  const groups = [group('a', a, 100, 0), group('b', b, 100, 0)];
  assert.equal(
    pooledAnswer(
      groups,
      [
        { env: a, config: 'a' },
        { env: b, config: 'b' },
      ],
      settings,
    ),
    null,
  );
  assert.equal(pooledAnswer(groups, [{ env: a, config: 'a' }], settings), null);
});
