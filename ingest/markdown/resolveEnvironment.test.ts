/**
 * Environment resolution in the Markdown parser, end to end on small reports:
 * each label of a row with where it came from (`stated:LINE`, `file:LINE`,
 * `unknown`), statements over inference, conflicts as problems, per-test
 * serialisation, and the environment facts that reach beyond the file. The reports are named as dated verification reports: an undated, unnamed file is not a session, and its rows are no rounds (documentRows.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport } from './parseReport.ts';

const md = (lines: string[]) => `${lines.join('\n')}\n`;
const ROUNDS = [
  '| Round | Status | Efficiency |',
  '|-------|--------|------------|',
  '| 101 | PASS | 20.1% |',
  '| 102 | PASS | 19.8% |',
];

function envOf(row: {
  fix_variant: string | null;
  fix_variant_from: string;
  threads: number | null;
  threads_from: string;
  wrapper: string | null;
  wrapper_from: string;
  workload: string | null;
  workload_from: string;
  serialised: string | null;
  serialised_from: string;
}) {
  return {
    fix: [row.fix_variant, row.fix_variant_from],
    threads: [row.threads, row.threads_from],
    wrapper: [row.wrapper, row.wrapper_from],
    workload: [row.workload, row.workload_from],
    serialised: [row.serialised, row.serialised_from],
  };
}

test('a label under a sibling heading of the same parent describes the rows beside it (file:LINE)', () => {
  const r = parseReport(
    md([
      '# Verification Rounds 101-102', // 1
      '', // 2
      '**Dylib**: v2.4 NR (never-release)', // 3
      '', // 4
      '## Results', // 5
      '', // 6
      '### Thread Safety', // 7
      '', // 8
      '- Threads: 8', // 9
      '', // 10
      '### Efficiency', // 11
      '', // 12
      ...ROUNDS, // 13-16
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.equal(r.rounds.length, 2);
  const e = envOf(r.rounds[0]);
  assert.deepEqual(e.fix, ['v2.4_nr', 'file:3']);
  assert.deepEqual(e.threads, [8, 'file:9']);
  assert.deepEqual(e.wrapper, [null, 'unknown']);
  assert.deepEqual(
    r.problems.filter((p) => /conflict/.test(p.message)),
    [],
  );
});

test('a heading states over the file; the row states over its heading', () => {
  const r = parseReport(
    md([
      '# Report', // 1
      '', // 2
      '**AGX Fix**: v2.3', // 3
      '', // 4
      '## Native PyTorch (no dylib)', // 5
      '', // 6
      ...ROUNDS, // 7-10
      '', // 11
      '## Rounds', // 12
      '', // 13
      '| Round | Status | Threads |', // 14
      '|-------|--------|---------|', // 15
      '| 201 | PASS | 4 |', // 16
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  const byRound = new Map(r.rounds.map((x) => [x.round_no, x]));
  assert.deepEqual(envOf(byRound.get(101) as never).fix, ['native', 'stated:5']);
  const row = byRound.get(201) as (typeof r.rounds)[number];
  assert.deepEqual(envOf(row).fix, ['v2.3', 'file:3']);
  assert.deepEqual(envOf(row).threads, [4, 'stated']);
});

test('two different statements for the same rows are a problem with both lines, and the label stays unknown', () => {
  const r = parseReport(
    md([
      '# Report', // 1
      '', // 2
      '**Dylib**: v2.3', // 3
      '', // 4
      '## Results', // 5
      '', // 6
      ...ROUNDS, // 7-10
      '', // 11
      '## Configuration', // 12
      '', // 13
      '- **Dylib**: `libagx_fix_v2_5.dylib`', // 14
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(envOf(r.rounds[0]).fix, [null, 'unknown']);
  const p = r.problems.filter((x) => /conflicting fix variant/.test(x.message));
  assert.equal(p.length, 1);
  assert.equal(p[0].line, 3);
  assert.match(p[0].message, /v2\.3 \(line 3\).*v2\.5 \(line 14\)/);
});

test('inference never overrides a statement: a stated thread count beats an "8-thread efficiency"', () => {
  const r = parseReport(
    md([
      '# Report', // 1
      '', // 2
      '**Threads**: 4', // 3
      '', // 4
      '## Results', // 5
      '', // 6
      'Mean 8-thread efficiency was 20%.', // 7
      '', // 8
      ...ROUNDS, // 9-12
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(envOf(r.rounds[0]).threads, [4, 'file:3']);
  const alone = parseReport(
    md(['# Report', '', '## Results', '', 'Mean 8-thread efficiency was 20%.', '', ...ROUNDS]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(envOf(alone.rounds[0]).threads, [8, 'file:5']);
});

test('a command line states fix, wrapper, workload, threads; the torch version keeps its build', () => {
  const r = parseReport(
    md([
      '# Report', // 1
      '', // 2
      '**Command**: `DYLD_INSERT_LIBRARIES=agx_fix/build/libagx_fix_v2_4_nr.dylib python3 tests/complete_story_test_suite.py --threads 8`', // 3
      '', // 4
      '## Results', // 5
      '', // 6
      ...ROUNDS, // 7-10
      '', // 11
      '## Environment', // 12
      '', // 13
      '- **PyTorch**: 2.9.1 (git 8cfbcc8)', // 14
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  const row = r.rounds[0];
  assert.deepEqual(envOf(row).fix, ['v2.4_nr', 'file:3']);
  assert.deepEqual(envOf(row).wrapper, ['none', 'file:3']);
  assert.deepEqual(envOf(row).workload, ['complete_story', 'file:3']);
  assert.deepEqual(envOf(row).threads, [8, 'file:3']);
  assert.deepEqual([row.torch_base, row.torch_build, row.torch_from], ['2.9.1', 'git8cfbcc8', 'file:14']);
  assert.equal(row.config, 'v2.4_nr torch=2.9.1 8t none workload=complete_story serialised=?');
});

test('a serialisation stated for one test reaches only that test; each is also an environment fact', () => {
  const r = parseReport(
    md([
      '# Verification N=9001', // 1
      '', // 2
      '**Date**: 2025-12-23', // 3
      '', // 4
      '### complete_story_test_suite.py (Uses Python-level `_mps_lock`)', // 5
      '', // 6
      '| Run | Result | Efficiency |', // 7
      '|-----|--------|------------|', // 8
      '| 1 | PASS | 20% |', // 9
      '', // 10
      '### comprehensive_test_suite.py (No Python-level lock)', // 11
      '', // 12
      '| Run | Result | Efficiency |', // 13
      '|-----|--------|------------|', // 14
      '| 1 | PASS | 20% |', // 15
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  const facts = r.environment_facts.map((f) => [f.line, f.workload, f.attribute, f.value, f.stated_on]);
  assert.deepEqual(facts, [
    [5, 'complete_story', 'serialised', 'python_lock', '2025-12-23'],
    [11, 'comprehensive', 'serialised', 'none', '2025-12-23'],
  ]);
  const rows = [...r.rounds, ...r.batches].map((x) => [x.line, x.workload, x.serialised, x.serialised_from]);
  assert.deepEqual(rows, [
    [9, 'complete_story', 'python_lock', 'stated:5'],
    [15, 'comprehensive', 'none', 'stated:11'],
  ]);
});

test("environment facts: a test's own semaphore in its code, not when undone or only recommended", () => {
  const code = [
    '```python', // +0
    '# In tests/complete_story_test_suite.py', // +1
    '_mps_throttle = threading.Semaphore(1)', // +2
    '```',
  ];
  const r = parseReport(
    md(['# Proof', '', '**Date**: 2025-12-25', '', '## The Fix', '', ...code]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(
    r.environment_facts.map((f) => [f.line, f.workload, f.value, f.stated_on]),
    [[9, 'complete_story', 'semaphore(1)', '2025-12-25']],
  );
  const undone = parseReport(
    md(['# Proof', '', '## The Fix', '', 'I restored the original test afterwards.', '', ...code]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(undone.environment_facts, []);
  const advice = parseReport(
    md(['# Proof', '', '## Recommendations', '', ...code]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(advice.environment_facts, []);
  const comparison = parseReport(
    md(['# Report', '', '## Results', '', '- test_semaphore_recommended.py: Semaphore(2) +13% vs Lock']),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(comparison.environment_facts, []);
});

test('a bullet listing several thread counts states none; a lock beside a Semaphore(2) is a conflict', () => {
  const r = parseReport(
    md([
      '# Report', // 1
      '', // 2
      '- Two configurations, 8 and 16 worker threads', // 3
      '- Throughput measured at 1, 2, 4 and 8 threads', // 4
      '', // 5
      '## Configuration', // 6
      '', // 7
      '- Serialization: Python-level `_mps_lock`', // 8
      '- Throttle: Semaphore(2)', // 9
      '', // 10
      '## Results', // 11
      '', // 12
      ...ROUNDS, // 13-16
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  const e = envOf(r.rounds[0]);
  assert.deepEqual(e.threads, [null, 'unknown']);
  assert.deepEqual(e.serialised, [null, 'unknown']);
  assert.deepEqual(
    r.problems.filter((p) => /conflict/.test(p.message)).map((p) => p.line),
    [8],
  );
});

test("environment facts: a line quoting another report's heading states nothing", () => {
  const r = parseReport(
    md([
      '# Corpus map',
      '',
      '- Section headings split reports: `### complete_story_test_suite.py (Uses Python-level _mps_lock)`',
    ]),
    'archive/verification_N9999_2025-12-23.md',
  );
  assert.deepEqual(r.environment_facts, []);
});
