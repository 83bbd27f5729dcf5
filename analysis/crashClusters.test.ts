import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ClusterCrash, crashClusters } from './crashClusters.ts';

const c = (
  uid: string,
  signature: string,
  at: string | null,
  round: string | null,
  folded = 0,
): ClusterCrash => ({
  crash_uid: uid,
  signature,
  rules_version: 'v1',
  captured_at: at,
  duplicates_folded: folded,
  frames: [`${uid} frame`],
  round_uid: round,
});

test('crashClusters counts distinct crashes with times, labels and an example', () => {
  const rows = crashClusters(
    [
      c('b', 'S1', '2025-12-23T11:00:00Z', 'r1', 2),
      c('a', 'S1', '2025-12-23T10:00:00Z', 'r2'),
      c('a', 'S1', '2025-12-23T10:00:00Z', 'r2'),
      c('x', 'S2', null, null),
    ],
    new Map([
      ['r1', { config: 'v2.3|2.9.1|8|retry', fix_variant: 'v2.3', torch_version: '2.9.1' }],
      ['r2', { config: 'native|2.9.1|8|retry', fix_variant: 'native', torch_version: '2.9.1' }],
    ]),
  );
  assert.deepEqual(rows[0], {
    signature: 'S1',
    rules_version: 'v1',
    crashes: 2,
    duplicates_folded: 2,
    first_seen: '2025-12-23T10:00:00Z',
    last_seen: '2025-12-23T11:00:00Z',
    by_config: { 'native|2.9.1|8|retry': 1, 'v2.3|2.9.1|8|retry': 1 },
    by_fix_variant: { native: 1, 'v2.3': 1 },
    by_torch_version: { '2.9.1': 2 },
    example_crash_uid: 'a',
    example_frames: ['a frame'],
    under_test: true,
    apart_reason: null,
  });
  assert.deepEqual(rows[1].by_config, { unknown: 1 });
  assert.equal(rows[1].first_seen, null);
  assert.deepEqual(crashClusters([]), []);
});

test('crashClusters takes the fullest stack as the example and keeps crashes of other processes apart', () => {
  const full = { ...c('late', 'S1', '2025-12-23T12:00:00Z', null), frames: ['f1', 'f2', 'f3'] };
  const other = {
    ...c('ios', 'S1', '2022-09-18T06:28:37Z', null),
    frames: ['g1', 'g2', 'g3', 'g4'],
    under_test: false,
    apart_reason: 'process iOSCrashingTest is not the process under test (Python)',
  };
  const rows = crashClusters([c('early', 'S1', '2025-12-23T10:00:00Z', null), full, other]);
  assert.deepEqual(
    rows.map((r) => [r.signature, r.crashes, r.under_test, r.example_crash_uid, r.first_seen]),
    [
      ['S1', 2, true, 'late', '2025-12-23T10:00:00Z'],
      ['S1', 1, false, 'ios', '2022-09-18T06:28:37Z'],
    ],
  );
  assert.equal(rows[1].apart_reason, 'process iOSCrashingTest is not the process under test (Python)');
});
