import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOutcome, outcomeAt, worseOutcome } from './runOutcome.ts';

test('outcomeAt: the outcome a cell or value begins with', () => {
  const cases: [string, string | null][] = [
    ['PASS', 'pass'],
    ['**PASS**', 'pass'],
    ['✅ PASS', 'pass'],
    ['✅', 'pass'],
    ['ALL PASS', 'pass'],
    ['All 4 chapters passed on retry 3', 'pass'],
    ['4/4 PASS', 'pass'],
    ['PASS (4/4)', 'pass'],
    ['PASS - 160/160', 'pass'],
    ['exit 0', 'pass'],
    // Some parts failed: the run failed (a crash when a signal is named).
    ['38/40 PASS (95%)', 'fail'],
    ['2/3 PASS (intermittent SIGSEGV)', 'crash'],
    ['FAIL (test artifact)', 'fail'],
    ['FAIL (exit -11)', 'crash'],
    ['CRASH (3/3)', 'crash'],
    ['**CRASH** (SIGSEGV)', 'crash'],
    ['SIGSEGV (exit 139)', 'crash'],
    ['exit 139', 'crash'],
    ['exit 133', 'crash'],
    ['exit 1', 'fail'],
    ['SPORADIC CRASH', 'crash'],
    ['TIMEOUT', 'timeout'],
    // Not outcomes.
    ['0 crashes', null],
    ['Crashes occur at extended heavy workloads', null],
    ['Confirmed', null],
    ['✅ CLOSED', null],
    ['SKIP (exit 0)', null],
    ['multi', null],
    ['-', null],
    ['Failure analysis', null],
  ];
  for (const [cell, want] of cases) assert.equal(outcomeAt(cell)?.outcome ?? null, want, cell);
  assert.deepEqual(outcomeAt('CRASH (3/3)')?.fraction, { k: 3, n: 3 });
  assert.equal(outcomeAt('3/3 runs PASS with 0 crashes')?.noun, 'runs');
  assert.equal(outcomeAt('4/4 PASS')?.noun, null);
  assert.equal(outcomeAt('SIGSEGV (exit 139)')?.exit, 139);
});

test('lineOutcome: key: outcome, trailing outcomes; counts and notes are not outcomes', () => {
  const cases: [string, string | null][] = [
    ['- thread_safety: PASS (160/160 ops, 8 threads)', 'pass'],
    ['- **Status**: ALL PASS', 'pass'],
    ['**Final result**: All 4 chapters passed on retry 3', 'pass'],
    ['**Exit Code:** 139 (SIGSEGV during Python cleanup, all assertions passed)', 'crash'],
    ['- **Exit Code:** 0', 'pass'],
    ['- extended_stress (8 threads): 4986.8 ops/s - PASS', 'pass'],
    ['- Crashes: 0 new', null],
    ['- New crashes: **0**', null],
    ['**Note**: complete_story uses Python-level `_mps_lock`', null],
    ['**Result**: Crashes occur at extended heavy workloads without Python-level serialization', null],
    ['- Semaphore(2): 1038 ops/s (17% speedup)', null],
  ];
  for (const [line, want] of cases) assert.equal(lineOutcome(line)?.outcome ?? null, want, line);
});

test('worseOutcome: crash > fail > timeout > error > pass; null is no outcome', () => {
  assert.equal(worseOutcome('pass', 'crash'), 'crash');
  assert.equal(worseOutcome('fail', 'crash'), 'crash');
  assert.equal(worseOutcome('fail', 'pass'), 'fail');
  assert.equal(worseOutcome(null, 'pass'), 'pass');
  assert.equal(worseOutcome(null, null), null);
});
