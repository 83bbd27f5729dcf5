import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRules } from '../ingest/crash/signature/ruleLists.ts';
import { signatureOf } from '../ingest/crash/signature/signatureOf.ts';
import type { CrashRow } from '../store/rawTables.ts';
import { type ClusterCrash, crashClusters, diffClusters } from './crashClusters.ts';

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
  });
  assert.deepEqual(rows[1].by_config, { unknown: 1 });
  assert.equal(rows[1].first_seen, null);
  assert.deepEqual(crashClusters([]), []);
});

test('diffClusters shows which crashes moved when a rule changed', () => {
  const base: Omit<CrashRow, 'crash_uid' | 'frames'> = {
    line: 1,
    captured_at: null,
    process: 'Python',
    pid: null,
    exception_type: 'EXC_BAD_ACCESS',
    signal: 'SIGSEGV',
    subtype: 'KERN_INVALID_ADDRESS at 0x000045a04081c5b0',
    fault_address: '0x000045a04081c5b0',
    pac_failure: false,
    crashed_symbol: null,
    signature: '',
    rules_version: '',
    original_name: null,
    duplicates_folded: 0,
    os_version: null,
    model: null,
    round_uid: null,
  };
  const crashes: CrashRow[] = [
    {
      ...base,
      crash_uid: 'm1',
      frames: ['objc_msgSend + 32', '-[AGXG16XFamilyComputeContext setBuffer:offset:atIndex:] + 56'],
    },
    {
      ...base,
      crash_uid: 'm2',
      frames: ['objc_msgSend + 32', '-[AGXG16XFamilyComputeContext setComputePipelineState:] + 64'],
    },
    { ...base, crash_uid: 'n1', frames: ['foo + 1'] },
  ];
  const oldRules = makeRules('', 'objc_msgSend\n');
  const newRules = makeRules('', '');
  const assign = (rules: typeof oldRules) =>
    crashes.map((x) => ({ crash_uid: x.crash_uid, signature: signatureOf(x, rules).signature }));
  const diff = diffClusters(assign(oldRules), [...assign(newRules), { crash_uid: 'z', signature: 'S' }]);
  assert.equal(diff.unchanged, 1);
  assert.deepEqual(
    diff.moved.map((m) => m.crash_uid),
    ['m1', 'm2'],
  );
  assert.deepEqual(diff.splits, [
    {
      from: 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend | -[AGXG16XFamilyComputeContext setBuffer:offset:atIndex:]',
      to: { 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend': 1 },
    },
    {
      from: 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend | -[AGXG16XFamilyComputeContext setComputePipelineState:]',
      to: { 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend': 1 },
    },
  ]);
  assert.deepEqual(diff.added, [{ crash_uid: 'z', signature: 'S' }]);
  assert.deepEqual(diffClusters([{ crash_uid: 'q', signature: 'S' }], []).removed, [
    { crash_uid: 'q', signature: 'S' },
  ]);
});
