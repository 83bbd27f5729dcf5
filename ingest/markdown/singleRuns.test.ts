/**
 * Single-run shapes (survey §2.2 S1–S10), one synthetic report each, read
 * through parseReport: the rounds each makes, their workload, status and
 * attempts. The real files behind each shape are golden cases.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport } from './parseReport.ts';

const head = '# Verification Report N=3500\n\n**Date**: 2025-12-25\n**Worker**: N=3500\n\n';

function rounds(body: string) {
  const r = parseReport(head + body, 'archive/x/verification_N3500_2025-12-25.md');
  return {
    rows: r.rounds.map((x) => [x.workload, x.status, x.attempts, x.crashed_attempts]),
    lines: r.rounds.map((x) => x.line),
    threads: r.rounds.map((x) => x.threads),
    efficiency: r.rounds.map((x) => x.efficiency_pct),
    from: r.rounds.map((x) => x.workload_from),
    problems: r.problems.map((p) => `${p.line}: ${p.message}`),
    batches: r.batches,
  };
}

test('S1: a test table with one row per test: one round of each test, of its own workload', () => {
  const r = rounds(`## Test Results

| Test | Result | Key Metrics |
|------|--------|-------------|
| complete_story_test_suite.py | PASS | 160/160 ops, 13.0% efficiency @ 8t |
| test_stress_extended.py | PASS | 4906 ops/s @ 8t, 5065 ops/s @ 16t |
| soak_test_quick.py | PASS | 60s, 490,957 ops, 8181 ops/s |
| Platform Checks | 8/8 PASS | A.001-A.008 all verified |
`);
  assert.deepEqual(r.rows, [
    ['complete_story', 'pass', null, null],
    ['stress_extended', 'pass', null, null],
    ['soak', 'pass', null, null],
    ['platform', 'pass', null, null],
  ]);
  assert.deepEqual(r.threads, [8, null, null, null], 'a row stating 8t and 16t states no one count');
  assert.deepEqual(r.efficiency, [13, null, null, null]);
  assert.ok(r.from.every((f) => f === 'stated'));
});

test('S4/S2: a heading with its outcome and chapter bullets, and a summary row of the same run: one round', () => {
  const r = rounds(`## Summary

| Test | Result |
|------|--------|
| complete_story_test_suite | PASS |

## Details

### complete_story_test_suite.py - ALL PASS
- thread_safety: PASS (160/160 ops, 8 threads)
- efficiency_ceiling: PASS (16.2% at 8 threads)
- batching_advantage: PASS (5844.8 samples/s batched)
- correctness: PASS (max diff 0.000001 < 0.001)
- Crashes: 0 new
`);
  assert.deepEqual(r.rows, [['complete_story', 'pass', null, null]]);
  assert.deepEqual(r.threads, [8]);
  assert.deepEqual(r.efficiency, [16.2]);
});

test('S3/S5: a heading naming the test, its outcome in its section (a chapter table, a Status bullet)', () => {
  const r = rounds(`## Test Results

### complete_story_test_suite.py

| Chapter | Result | Notes |
|---------|--------|-------|
| thread_safety | PASS | 160/160 |
| correctness | FAIL (test artifact) | diff 3.42 |

### Soak Test (60s)
- **Status**: PASS
- 486,299 ops
`);
  assert.deepEqual(r.rows, [
    ['complete_story', 'fail', 1, 0],
    ['soak', 'pass', null, null],
  ]);
});

test('headings naming the suite with no outcome make no round', () => {
  const r = rounds(`## Efficiency Metrics (from complete_story_test_suite)

| Threads | Efficiency |
|---------|-----------|
| 8 | 13.4% |

### complete_story_test_suite Efficiency Table

| Threads | Efficiency |
|---------|-----------|
| 8 | 13.4% |

### complete_story_test_suite.py

\`\`\`
ALL CLAIMS VERIFIED
\`\`\`
`);
  assert.deepEqual(r.rows, []);
});

test('S7/S1 crashes: CRASH | exit 139 is one crashed round; CRASH (3/3) three', () => {
  const one = rounds(`| Test | Threads | Ops | Result | Throughput | New Crashes |
|------|---------|-----|--------|------------|-------------|
| Linear matmul | 4 | 80 | PASS | 2255 ops/s | 0 |
| complete_story | multi | multi | CRASH | exit 139 | 1 |
`);
  assert.deepEqual(one.rows, [['complete_story', 'fail', 1, 1]], 'an unnamed ad-hoc test is no workload');
  const three = rounds(`| Test | Threads | ops/s | Status |
|------|---------|-------|--------|
| complete_story | 8 | - | CRASH (3/3) |
`);
  assert.deepEqual(three.rows, [
    ['complete_story', 'fail', 1, 1],
    ['complete_story', 'fail', 1, 1],
    ['complete_story', 'fail', 1, 1],
  ]);
  assert.deepEqual(three.threads, [8, 8, 8]);
});

test('S10: (Nx) k/N PASS is N rounds; two such rows counting differently are different runs; (repeat) is another', () => {
  const r = rounds(`### Configuration: v2.3 Dylib

| Test | Status | Notes |
|------|--------|-------|
| complete_story (3x) | 3/3 PASS | 160/160 ops per run |

### Configuration: v2.5 Dylib

| Test | Status | Notes |
|------|--------|-------|
| complete_story (8x) | 8/8 PASS | Race not reliably triggered |
| complete_story | PASS | - |
| complete_story (repeat) | PASS | - |
`);
  assert.equal(r.rows.length, 3 + 8 + 1 + 1);
  assert.ok(r.rows.every((x) => x[1] === 'pass'));
});

test('S8: an attempt table is one round of that many attempts', () => {
  const r = rounds(`### complete_story_test_suite.py

| Attempt | Result | Crash Type |
|---------|--------|------------|
| 1 | SIGSEGV (exit 139) | PAC failure |
| 2 | SIGSEGV (exit 139) | Null ptr |
| 3 | PASS | - |

**Final result**: All 4 chapters passed on retry 3
- thread_safety: PASS (160/160 ops)
`);
  assert.deepEqual(r.rows, [['complete_story', 'pass', 3, 2]]);
});

test('S9: a run table under the test heading is read by the round tables: no second set of rounds', () => {
  const r = rounds(`### complete_story_test_suite.py (Uses Python-level \`_mps_lock\`)

| Run | Thread Safety | Efficiency | Batching | Correctness | Crashes |
|-----|---------------|------------|----------|-------------|---------|
| 1 | PASS 160/160 | 14.3% @ 8t | Confirmed | PASS | 0 |
| 2 | PASS 160/160 | Confirmed | Confirmed | PASS | 0 |
| 3 | PASS 160/160 | Confirmed | Confirmed | CRASH | 1 |

**Result**: 3/3 runs PASS with 0 crashes
`);
  assert.deepEqual(
    r.rows.map((x) => x[1]),
    ['pass', 'pass', 'fail'],
    'the run table: a run status is the worst outcome of its cells',
  );
});

test('a chapter table with no suite name outside any test section is one run of the suite', () => {
  const r = rounds(`## Test Results

| Suite | Result |
|-------|--------|
| Thread safety (8T x 20) | PASS (160/160) |
| Efficiency | 14.4% at 8T |
| Batching vs Threading | PASS (batching 8x faster) |
| Correctness | PASS (max diff < 1e-6) |
| Comprehensive (8T, 5 iter) | PASS (18/18) |
| Comprehensive (default) | SPORADIC CRASH |
`);
  assert.deepEqual(r.rows, [
    ['complete_story', 'pass', null, null],
    ['comprehensive', 'pass', null, null],
    ['comprehensive', 'fail', 1, 1],
  ]);
  const separate = rounds(`### Individual Test Chapters (separate processes)

| Chapter | Result |
|---------|--------|
| Thread Safety | PASS |
| Efficiency Ceiling | PASS |
| Batching Advantage | 2/3 PASS (intermittent SIGSEGV) |
| Correctness | PASS |
`);
  assert.deepEqual(separate.rows, [], 'chapters run as separate processes are not one run of the suite');
});

test('a pass and a crash stated for one run: the crash counts, the disagreement is a problem', () => {
  const r = rounds(`### complete_story_test_suite.py
- **Status:** 4/4 PASS
- **Exit Code:** 139 (SIGSEGV during Python cleanup, all assertions passed)
- thread_safety: PASS (160/160 operations, 0.24s)
`);
  assert.deepEqual(r.rows, [['complete_story', 'fail', 1, 1]]);
  assert.ok(r.problems.some((p) => /stated as a pass \(line 7\) and as a crash \(line 8\)/.test(p)));
});

test('artifact tables and ad-hoc rows are not test runs', () => {
  const r = rounds(`| Artifact | Check | Status |
|----------|-------|--------|
| deploy_patch.sh | exists | ✅ |
| verify_patch.py | exists | ✅ |

| Gap | Status | Note |
|-----|--------|------|
| Gap 2: Memory Leak | ✅ CLOSED | Litmus tests pass |
`);
  assert.deepEqual(r.rows, []);
});

test('rounds written as headings: one round each, the batches inside are not rounds', () => {
  const r = parseReport(
    `# Verification Cycle 175 Report

**Worker**: N=2919

## Test Results

### Round 1544: Linear Operations
- **Config**: 8 threads, 40 batches/thread = 320 total
- **Result**: PASS (320/320 batches)

### Round 1545: Convolution Operations
- **Config**: 8 threads, 30 batches/thread = 240 total
- **Result**: FAIL (SIGSEGV)

### Round 138
1. Factory method nil handling - NO BUG
`,
    'archive/x/verification_cycle_175_2025-12-23-09-12.md',
  );
  assert.deepEqual(
    r.rounds.map((x) => [x.round_no, x.status, x.threads, x.workload, x.threads_from]),
    [
      [1544, 'pass', 8, 'op_shape', 'stated'],
      [1545, 'fail', 8, 'op_shape', 'stated'],
    ],
  );
  assert.deepEqual(r.batches, []);
});

test('rows of two detail tables are two runs; a summary table restates a detail table', () => {
  const two = rounds(`## Test Results

### Configuration: first session

| Test | Status | Notes |
|------|--------|-------|
| benchmark_parallel_mps | ALL PASS | 1-8 threads |
| comprehensive (54 tests) | 54/54 PASS | all pass |

### Configuration: second session

| Test | Status | Notes |
|------|--------|-------|
| benchmark_parallel_mps | ALL PASS | lighter |
| comprehensive | CRASH | 1 new crash log |
`);
  assert.deepEqual(two.rows, [
    ['benchmark_parallel_mps', 'pass', null, null],
    ['comprehensive', 'pass', null, null],
    ['benchmark_parallel_mps', 'pass', null, null],
    ['comprehensive', 'fail', 1, 1],
  ]);
  assert.deepEqual(two.problems, [], 'two runs that ended differently are no conflict');
  const restated = rounds(`## Summary

| Test | Result |
|------|--------|
| soak_test_quick.py | PASS |

## Details

| Test | Result | Notes |
|------|--------|-------|
| soak_test_quick.py | PASS | 60s |
`);
  assert.deepEqual(restated.rows, [['soak', 'pass', null, null]]);
});
