import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crashScope, type ScopeContext } from './crashScope.ts';

const ctx: ScopeContext = {
  testProcesses: new Set(['story_runner']),
  span: { first: '2025-12-12T00:00:00.000Z', last: '2026-01-19T00:00:00.000Z' },
};
const crash = (process: string | null, captured_at: string | null, round_uid: string | null = null) => ({
  process,
  captured_at,
  round_uid,
});

test('crashScope: Python and the processes the runner tied to rounds are under test; others are apart', () => {
  for (const p of ['Python', 'python3', 'python3.14', '\u2069\u202ePython'])
    assert.deepEqual(
      crashScope(crash(p, '2025-12-23T17:00:00Z'), ctx),
      { under_test: true, apart_reason: null },
      p,
    );
  assert.equal(crashScope(crash('story_runner', '2025-12-23T17:00:00Z'), ctx).under_test, true);
  // A crash the runner tied to an attempt is under test whatever its process.
  assert.equal(crashScope(crash('iOSCrashingTest', '2022-09-18T06:28:37Z', 'r1'), ctx).under_test, true);
  assert.deepEqual(crashScope(crash('iOSCrashingTest', '2022-09-18T06:28:37Z'), ctx), {
    under_test: false,
    apart_reason: 'process iOSCrashingTest is not the process under test (Python, story_runner)',
  });
  // An unnamed process is no evidence against it.
  assert.equal(crashScope(crash(null, '2025-12-23T17:00:00Z'), ctx).under_test, true);
});

test('crashScope: a Python crash a season outside the evidence belongs to another campaign', () => {
  // Three weeks before the first report: the same campaign (crash folders are collected on their own schedule).
  assert.equal(crashScope(crash('Python', '2025-11-20T00:00:00Z'), ctx).under_test, true);
  assert.deepEqual(crashScope(crash('Python', '2022-09-18T06:28:37Z'), ctx), {
    under_test: false,
    apart_reason: "crashed 2022-09-18, outside the evidence's span (2025-12-12 – 2026-01-19)",
  });
  // No evidence at all: no span to be outside of; no time: nothing to judge by.
  assert.equal(crashScope(crash('Python', '2022-09-18T06:28:37Z'), { ...ctx, span: null }).under_test, true);
  assert.equal(crashScope(crash('Python', null), ctx).under_test, true);
});
