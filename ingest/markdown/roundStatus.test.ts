import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReport } from './parseReport.ts';

const table = `| Round | Result | Retries | Efficiency (8T) |
|-------|--------|---------|-----------------|
| 2023 | PASS | 0 | 14.1% |
| 2024 | **FAIL** | 3 (exhausted) | - |
| 2025 | PASS | 3 | 13.9% |
`;

test('an exhausted round under a stated maximum of R retries made R + 1 attempts, all crashed', () => {
  const r = parseReport(
    `# Verification Rounds 2010-2029\n\n**Worker**: N=2948\n\n## Configuration\n- Command: \`MPS_USE_AGX_FIX=1 MPS_TEST_MAX_RETRIES=3 ./scripts/run_mps_test.sh tests/complete_story_test_suite.py\`\n\n${table}`,
    'archive/x/verification_round_2010-2029_N2948_2025-12-23.md',
  );
  assert.deepEqual(
    r.rounds.map((x) => [x.round_no, x.status, x.attempts, x.crashed_attempts]),
    [
      [2023, 'pass', 1, 0],
      [2024, 'fail', 4, 4],
      [2025, 'pass', 4, 3],
    ],
  );
  assert.deepEqual(r.problems, []);
});

test('with no maximum stated the retry count is kept and the ambiguity is a problem', () => {
  const r = parseReport(
    `# Verification Rounds 2010-2029\n\n**Worker**: N=2948\n\n${table}`,
    'archive/x/verification_round_2010-2029_N2948_2025-12-23.md',
  );
  assert.deepEqual(r.rounds[1].crashed_attempts, 3);
  assert.deepEqual(r.rounds[1].attempts, 3);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0].message, /round 2024\) failed after retries, and the file states no maximum/);
  assert.equal(r.problems[0].line, 8);
});
