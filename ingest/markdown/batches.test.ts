/**
 * Batch rules of issue 12: comparison tables read as one batch per side,
 * iterations of a numerical check are not rounds, quoted counts are not
 * stated, another worker's session is a restatement, a summary repeating a
 * table in other words is one set.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport } from './parseReport.ts';

const head = '# Verification Report N=1976\n\n**Date**: 2025-12-22\n**Worker**: N=1976\n\n';
const batches = (body: string, path = 'archive/x/verification_N1976_2025-12-22.md') =>
  parseReport(head + body, path).batches;

test('a comparison table (Environment | test | Pass Rate) is one batch per side, labelled by its row', () => {
  const b = batches(`### v2.3 Dylib Impact (20 rounds each)
| Environment | TransformerEncoderLayer (8T x 20) | Pass Rate |
|-------------|-----------------------------------|-----------|
| Native PyTorch | 20/20 | **100%** |
| v2.3 with blit encoder | 18/20 | 90% |

## Key Findings

1. **Native PyTorch 2.9.1 is 100% stable** at 8 threads (20/20 rounds)
`);
  assert.deepEqual(
    b.map((x) => [
      x.line,
      x.passed,
      x.rounds,
      x.fix_variant,
      x.fix_variant_from,
      x.workload,
      x.threads,
      x.kind,
    ]),
    [
      [9, 20, 20, 'native', 'stated', 'transformer_encoder_isolated', 8, 'primary'],
      [10, 18, 20, 'v2.3', 'stated', 'transformer_encoder_isolated', 8, 'primary'],
    ],
    'the finding restating the native side is the same 20 rounds',
  );
});

test('a row label "(5 runs)" gives the count its pass rate is a share of', () => {
  const b = batches(`### Test Results (N=2977, 2025-12-23)

| Configuration | Python Pass Rate | Crash Logs Created | Notes |
|--------------|------------------|-------------------|-------|
| v2.5 + MPS_FORCE_GRAPH_PATH=1, simple tests | 100% | 0 | No crashes |
| v2.5 + MPS_FORCE_GRAPH_PATH=1, complete_story (5 runs) | 100% | 2 | Silent crashes |
`);
  assert.deepEqual(
    b.map((x) => [x.passed, x.rounds, x.fix_variant, x.workload]),
    [[5, 5, 'v2.5', 'complete_story']],
  );
});

test('iterations of a numerical race are not rounds: a Max Diff column, a RACE status, a stated iteration count', () => {
  assert.deepEqual(
    batches(`Test parameters: 8 threads, 30 iterations, 1e-3 tolerance

| Operation | Pass Rate | Max Diff | Status |
|-----------|-----------|----------|--------|
| Full TransformerBlock | 2/30 | 3.52e-01 | RACE |

| Test | Pass Rate | Status |
|------|-----------|--------|
| With .contiguous() (PyTorch pattern) | 28/30 | RACE |
| Clone instead of contiguous | 17/30 | ? |

| Run | Pass/Total | Failure Rate |
|-----|------------|--------------|
| 1 | 8/30 | 73% |

- Summary pass rate: 17/30
`),
    [],
  );
  // A count named rounds is rounds, whatever iterations the file mentions.
  assert.equal(batches('Config: 8 threads x 30 iterations\n\n- Pass rate: 30/30 rounds\n').length, 1);
});

test('a count quoted in inline code is not stated; MAP.md-like documents yield nothing', () => {
  assert.deepEqual(batches('Real pass fractions come as `Pass Rate: 17/20 (85.0%)` and `10/10 PASS`.\n'), []);
  const map = parseReport('# Corpus map\n\nPass Rate: 17/20 (85.0%)\n', '../shared/corpus/MAP.md');
  assert.equal(map.report.category, 'not_evidence');
  assert.deepEqual([map.rounds, map.batches], [[], []]);
});

test("a row naming another worker's session restates it (cumulative); the file's own row stays primary", () => {
  const b = parseReport(
    `# Verification Rounds 1660-1679

**Worker**: N=2938

## Comparison with Recent Batches

| Batch | Rounds | Pass Rate | Efficiency |
|-------|--------|-----------|------------|
| N=2936 | 1620-1639 | 70.0% | 14.2% |
| N=2937 | 1640-1659 | 85.0% | 14.7% |
| N=2938 | 1660-1679 | 85.0% | 14.6% |
`,
    'archive/x/verification_round_1660-1679_2025-12-23-09-58.md',
  ).batches;
  assert.deepEqual(
    b.map((x) => [x.round_first, x.kind]),
    [
      [1620, 'cumulative'],
      [1640, 'cumulative'],
      [1660, 'primary'],
    ],
  );
});

test("a summary batch counting the file's own listed rounds gets their range (or goes, without round numbers)", () => {
  const r = parseReport(
    `# Verification Cycles 197-199 Report

**Worker**: N=2935
**Test Suite**: complete_story_test_suite.py

## Results Summary

| Cycle | Round | Status | Notes |
|-------|-------|--------|-------|
| 197 | 1610 | PASS | Clean |
| 197 | 1611 | **FAIL** | SIGSEGV after 3 retries |
| 198 | 1612 | PASS | 1 retry |

**Pass Rate**: 2/3 (67%)
`,
    'archive/x/verification_cycle_197-199_2025-12-23-09-30.md',
  );
  assert.deepEqual(
    r.batches.map((x) => [x.passed, x.rounds, x.round_first, x.round_last]),
    [[2, 3, 1610, 1612]],
  );
  const single = parseReport(
    `${head}## Test Results

| Test | Status | Notes |
|------|--------|-------|
| complete_story (3x) | 3/3 PASS | - |

**Result**: 3/3 runs PASS
`,
    'archive/x/verification_N2992_2025-12-23.md',
  );
  assert.equal(single.rounds.length, 3);
  assert.deepEqual(single.batches, [], 'the same three runs, stated again');
});

test('a project document states claims: its batches are cumulative, its rows no rounds', () => {
  const r = parseReport(
    `# Thread Safety Proof

| Configuration | Pass Rate | Notes |
|---------------|-----------|-------|
| **v2.5 + GRAPH_PATH + _mps_lock** | **100%** | **50/50 rounds passed** |

| Test | Result |
|------|--------|
| complete_story_test_suite.py | PASS |
`,
    'THREAD_SAFETY_PROOF.md',
  );
  assert.equal(r.report.category, 'design');
  assert.deepEqual(
    r.batches.map((x) => [x.passed, x.rounds, x.kind]),
    [[50, 50, 'cumulative']],
  );
  assert.deepEqual(r.rounds, []);
});
