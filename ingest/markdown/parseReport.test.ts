import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { categorize } from './category.ts';
import { fixVariantOf } from './fixVariant.ts';
import { roundRangeIn, wrapperIn } from './headingContext.ts';
import { parseReportDate, workerFromPath } from './metadata.ts';
import { parseReport } from './parseReport.ts';
import { passFractions } from './passFractions.ts';
import { parseRetries, parseRoundStatus } from './rounds.ts';
import { threadsIn } from './threadsIn.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const seed0 = resolve(repo, '../shared/seeds/000_8cc71363f5458171.txt');
const seed2 = resolve(repo, '../shared/seeds/002_3bd18bb1d3b0e275.txt');
const noShared = existsSync(seed0) ? false : '../shared is absent: seed tests skipped';

test('seed 000: the 20 v2.3 rounds, the batches and the claims', { skip: noShared }, () => {
  const r = parseReport(readFileSync(seed0, 'utf8'), '../shared/seeds/000_8cc71363f5458171.txt');
  assert.equal(r.report.worker_n, 2941);
  const eff = [
    19.3, 17.8, 23.8, 16.1, 21.9, 18.7, 19.5, 18.0, 22.2, 19.2, 17.6, 20.3, 18.0, 17.1, 22.1, 21.1, 20.3,
    21.3, 19.9, 22.1,
  ];
  assert.deepEqual(
    r.rounds.map((x) => [x.round_no, x.status, x.efficiency_pct, x.fix_variant]),
    eff.map((e, i) => [1740 + i, 'pass', e, 'v2.3']),
  );
  const b = (label: string) => r.batches.filter((x) => x.label.startsWith(label));
  const pick = (x: (typeof r.batches)[number]) => [
    x.passed,
    x.rounds,
    x.efficiency_avg,
    x.kind,
    x.fix_variant,
    x.wrapper,
  ];
  assert.deepEqual(pick(b('With v2.3 Dylib')[0]), [20, 20, 19.8, 'primary', 'v2.3', 'retry']);
  assert.deepEqual(
    [b('With v2.3 Dylib')[0].efficiency_min, b('With v2.3 Dylib')[0].efficiency_max],
    [16.1, 23.8],
  );
  assert.deepEqual(pick(b('With v2 Dylib')[0]), [5, 5, 20.7, 'primary', 'v2', 'retry']);
  assert.deepEqual(pick(b('Native PyTorch')[0]), [3, 5, 21.3, 'primary', 'native', 'retry']);
  assert.deepEqual(pick(b('Rounds 1760-1779')[0]), [12, 20, 17.2, 'primary', null, 'none']);
  assert.deepEqual(pick(b('Rounds 1780-1799')[0]), [18, 20, 15.3, 'primary', null, 'retry']);
  assert.deepEqual(pick(b('Rounds 1800-1809')[0]), [10, 10, 14.8, 'primary', null, 'retry']);
  assert.deepEqual(pick(b('With wrapper retry')[0]), [48, 50, null, 'cumulative', null, 'retry']);
  assert.deepEqual(pick(b('Without retry')[0]), [12, 20, null, 'cumulative', null, 'none']);
  assert.deepEqual(pick(b('Total verification rounds')[0]), [null, 1760, null, 'cumulative', null, 'retry']);
  assert.equal(b('Cumulative N=2941 Session Results').length, 4);
  assert.ok(b('Cumulative N=2941').every((x) => x.kind === 'cumulative'));
  const claims = r.claims.map((c) => `${c.subject}:${c.stance}`);
  assert.ok(claims.includes('native:unsafe'));
  assert.ok(claims.includes('v2.3:necessary'));
  assert.ok(claims.includes('v2.3:stable'));
});

test('seed 002: metadata, 9/10, the multi-model 160/160 and the counterproductive claim', {
  skip: noShared,
}, () => {
  const r = parseReport(readFileSync(seed2, 'utf8'), '../shared/seeds/002_3bd18bb1d3b0e275.txt');
  assert.equal(r.report.worker_n, 1973);
  assert.equal(r.report.torch_version, '2.9.1a0+git8cfbcc8');
  assert.equal(r.report.hardware, 'Apple M4 Max (40 cores)');
  assert.equal(r.report.report_date, '2025-12-22');
  assert.deepEqual(
    r.batches.map((x) => [x.passed, x.rounds]),
    [[9, 10]],
  );
  // 160/160 are operations of the multi-model test (8 models × 20 iterations), not rounds.
  const multi = r.metrics.filter((m) => m.context === 'multi_model').map((m) => [m.metric, m.value]);
  assert.deepEqual(multi, [
    ['ops', 160],
    ['errors', 0],
    ['duration_s', 0.22],
    ['ops_per_s', 727.5],
  ]);
  const c = r.claims.find((x) => x.text.startsWith('DO NOT use v2.3 dylib - counterproductive'));
  assert.equal(c?.subject, 'v2.3');
  assert.equal(c?.stance, 'counterproductive');
});

test('pass fractions: pass statements in, look-alikes out', () => {
  const ks = (s: string, h = '') => passFractions(s, h).map((f) => `${f.passed}/${f.rounds}`);
  assert.deepEqual(ks('Pass Rate: 17/20 (85.0%)'), ['17/20']);
  assert.deepEqual(ks('Pass: 12/20 (60.0%)', 'Rounds 1760-1779'), ['12/20']);
  assert.deepEqual(ks('9/10 rounds pass when isolated'), ['9/10']);
  assert.deepEqual(ks('With wrapper retry: 48/50 (96% pass rate)'), ['48/50']);
  assert.deepEqual(ks('Result: 17/20 PASS (85.0%)', 'Verification Rounds 1660-1679'), ['17/20']);
  assert.deepEqual(ks('Pass Rate: 100% (25/25)'), ['25/25']);
  for (const s of [
    '6/20 runs needed retry',
    'CRASH (3/3)',
    '0/384 failed',
    '3620/3620 balanced',
    'N=1419/1420',
    'Cycle 85 (1/3)',
    '12/13 gaps closed',
    'PASSED: 160/160 operations completed',
    'range 27-28/30 rounds',
    'Result: 24/24 PASS',
  ])
    assert.deepEqual(ks(s), [], s);
  // What the label counts: specs, benchmarks, checks, tests and test binaries are not runs (survey §3.1 rule 3).
  for (const s of [
    '- **Specs:** 10/10 PASS',
    '- **Correctness Benchmark:** 38/40 PASS (95%)',
    '- `tests/record_stream_test`: 6/6 PASS',
    '- record_stream_test: 6/6 PASS (rebuilt + re-run)',
    '**Last recorded full run**: N=951 (tests/run_all_tests.sh: 24/24 PASS).',
    '- Structural checks: 57/61 PASS',
  ])
    assert.deepEqual(ks(s, 'Verification Results (This Session)'), [], s);
  // …unless a rounds/runs noun or a pass-rate label says what it counts.
  assert.deepEqual(ks('Stress test pass rate: 17/20'), ['17/20']);
  assert.deepEqual(ks('complete_story_test_suite: 3/3 runs PASS'), ['3/3']);
  assert.equal(passFractions('9/10 rounds pass')[0].named, true);
  assert.equal(passFractions('Pass Rate: 9/10')[0].named, false);
});

test('fix variants, thread counts, wrappers, ranges', () => {
  assert.equal(fixVariantOf('## Individual Round Results (v2.3 dylib)'), 'v2.3');
  assert.equal(fixVariantOf('agx_fix/build/libagx_fix_v2_3.dylib'), 'v2.3');
  assert.equal(fixVariantOf('AGX Fix: v2.9'), 'v2.9');
  assert.equal(fixVariantOf('AGX fix v2.3'), 'v2.3');
  assert.equal(fixVariantOf('v2.4 NR (Never-Release)'), 'v2.4_nr');
  assert.equal(fixVariantOf('libagx_fix_v2_4_nr.dylib'), 'v2.4_nr');
  assert.equal(fixVariantOf('DYLD_INSERT_LIBRARIES=libagx_fix.dylib'), 'unversioned');
  assert.equal(fixVariantOf('### Native PyTorch (5 rounds)'), 'native');
  assert.equal(fixVariantOf('Test mode: No dylib injection'), 'native');
  assert.equal(fixVariantOf('### With v2 Dylib (5 rounds)'), 'v2');
  assert.equal(fixVariantOf('PyTorch v2.9.1'), null);
  assert.equal(fixVariantOf('All dylibs built (v2.2-v2.9)'), null);
  assert.equal(fixVariantOf('native PyTorch 2.9.1 vs v2.3 dylib'), null);
  assert.equal(fixVariantOf('WITHOUT MPSEncodingLock'), null);
  assert.equal(threadsIn('Round | Efficiency (8T)'), 8);
  assert.equal(threadsIn('8-Thread Efficiency'), 8);
  assert.equal(threadsIn('Simple Matmul Soak Test (20s, 8 threads)'), 8);
  assert.equal(threadsIn('3 rounds: 80T+56T+70T'), null);
  assert.equal(threadsIn('Scaling 1-16 threads'), null);
  assert.equal(threadsIn('1024 threads'), 1024, 'the bound is 1024');
  assert.equal(threadsIn('1025 threads'), null);
  assert.equal(threadsIn('Single-threaded baseline'), null, 'a configuration label');
  assert.equal(threadsIn('Single-threaded baseline', { singleThreaded: true }), 1, 'a scaling row');
  assert.equal(threadsIn('single-thread vs 8 threads', { singleThreaded: true }), null);
  assert.equal(wrapperIn('Rounds 1760-1779 (no wrapper retry)'), 'none');
  assert.equal(wrapperIn('Without retry'), 'none');
  assert.equal(wrapperIn('Rounds 1780-1799 (with wrapper retry)'), 'retry');
  assert.deepEqual(roundRangeIn('### Rounds 1760-1779 (no wrapper retry)'), { first: 1760, last: 1779 });
  assert.equal(roundRangeIn('Verification Rounds N=2641-2643'), null);
});

test('round cells: status and retries', () => {
  assert.equal(parseRoundStatus('PASS (retry)'), 'pass');
  assert.equal(parseRoundStatus('FAIL'), 'fail');
  assert.equal(parseRoundStatus('CRASH'), 'fail');
  assert.equal(parseRoundStatus('Clean'), null);
  assert.equal(parseRetries('3 (exhausted)'), 3);
  assert.equal(parseRetries('-'), null);
  assert.equal(parseRetries('After 2 retries', true), 2);
  assert.equal(parseRetries('Clean', true), 0);
});

test('metadata: dates and worker N', () => {
  assert.equal(parseReportDate('2025-12-23 09:53-10:01 PST'), '2025-12-23');
  assert.equal(parseReportDate('2025-12-20 17:42:41.7696 -0800'), '2025-12-20');
  assert.equal(parseReportDate('2025-12-22T05:23:53Z'), '2025-12-22');
  assert.equal(parseReportDate('December 23, 2025'), '2025-12-23');
  assert.equal(parseReportDate('December 2025'), null);
  assert.equal(parseReportDate('2025-13-45'), null);
  assert.equal(workerFromPath('a/verification_round_1000_N2860_2025-12-23.md'), 2860);
  assert.equal(workerFromPath('a/verification_n3170_20251224_045135.md'), 3170);
  assert.equal(workerFromPath('a/verification_round_1000_2025-12-23.md'), null);
  const r = parseReport(
    '# Report\n\n**Date**: 2025-12-22 **Result**: ALL PASS\n**Worker**: AI\n**Iteration**: 77\n',
    'x.md',
  );
  assert.equal(r.report.report_date, '2025-12-22');
  assert.equal(r.report.worker_n, 77);
});

test('categories', () => {
  assert.equal(
    categorize('archive/verification_rounds_remaining/verification_round_1128_N2873_2025-12-23.md', false),
    'code_review',
  );
  assert.equal(
    categorize('archive/formal_verification_milestones/FORMAL_VERIFICATION_3300_N2333.md', false),
    'formal_verification',
  );
  assert.equal(
    categorize('archive/formal_verification_milestones/FORMAL_VERIFICATION_1000X_THRESHOLD_N2314.md', false),
    'milestone',
  );
  // Documents that are not reports, by name anywhere in the tree.
  assert.equal(categorize('AGX_RESEARCH_ROADMAP.md', true), 'not_evidence');
  assert.equal(categorize('../shared/corpus/MAP.md', true), 'not_evidence');
  assert.equal(categorize('../shared/corpus/START_HERE.txt', false), 'not_evidence');
  assert.equal(categorize('archive/verification_N3800_N3904/README.md', false), 'not_evidence');
  assert.equal(categorize('MPS_PARALLEL_INFERENCE_PLAN.md', true), 'not_evidence');
  assert.equal(categorize('PR_DESCRIPTION_TEMPLATE.md', false), 'not_evidence');
  assert.equal(categorize('WORKER_VERIFICATION_PARAGON_CHECKLIST.md', true), 'not_evidence');
  assert.equal(
    categorize('archive/old_reports_2025_12_pre25/phase8_final_submission_guide_N11_2025-12-12.md', true, 11),
    'not_evidence',
  );
  assert.equal(
    categorize('archive/old_reports_2025_12_pre25/explanation_N1300.md', true, 1300),
    'measurement',
  );
  // A project document outside archive/ that names no worker states results with no session.
  assert.equal(categorize('FINAL_COMPLETION_REPORT.md', true, null), 'design');
  assert.equal(categorize('THREAD_SAFETY_PROOF.md', true, null), 'design');
  // A report outside archive/ with a worker is a report (the seeds).
  assert.equal(categorize('../shared/seeds/000_8cc71363f5458171.txt', true, 2941), 'measurement');
  assert.equal(
    categorize('apple_feedback/crash_reports/CRASH_ANALYSIS_2025-12-20_174241.md', false),
    'crash_analysis',
  );
  assert.equal(
    categorize('archive/old_reports_2025_12_pre25/agx_fix_performance_N1466_2025-12-21.md', true),
    'investigation',
  );
  assert.equal(
    categorize('archive/stability_verification/stability_verification_N3631.md', true),
    'measurement',
  );
});

test('problems instead of throws: empty, no title, bad rows, fenced code skipped', () => {
  assert.equal(parseReport('', 'x.md').problems[0].message, 'empty file');
  const r = parseReport(
    'text \uFFFD here\n\n| a | b |\n|---|---|\n| 1 |\n\n```\nPass Rate: 9/10\n```\n',
    'x.md',
  );
  const msgs = r.problems.map((p) => `${p.line}: ${p.message}`);
  // Invalid UTF-8 is the decoder's to name (ingest/decodeText.ts): a U+FFFD in text may be genuine.
  assert.ok(!msgs.some((m) => m.includes('UTF-8')));
  assert.ok(msgs.some((m) => m.includes('no title')));
  assert.ok(msgs.some((m) => m.startsWith('5: table row has 1 cell')));
  assert.equal(r.batches.length, 0);
});

test('a document that is not a report yields no evidence; a numerical race is no rounds', () => {
  const index = `# Corpus map

Reports state pass rates in several forms, e.g. \`Pass Rate: 17/20 (85.0%)\`.

## Crash logs

- Crashes before: 252
- Crashes after: 253

| Round | Status | Efficiency |
|-------|--------|------------|
| 1 | PASS | 14.2% |
`;
  const map = parseReport(index, '../shared/corpus/MAP.md');
  assert.equal(map.report.category, 'not_evidence');
  assert.deepEqual([map.rounds, map.batches, map.metrics, map.scaling], [[], [], [], []]);
  // The same text in a report keeps its rows, but never the quoted fraction.
  const report = parseReport(
    index.replace('# Corpus map', '# Verification Report N=3500\n\n**Worker**: N=3500'),
    'archive/x/verification_N3500_2025-12-25.md',
  );
  assert.equal(report.rounds.length, 1);
  assert.ok(report.metrics.some((m) => m.metric === 'crash_logs_after' && m.value === 253));
  assert.deepEqual(report.batches, [], 'inline code quotes a format');
  const race = parseReport(
    `# MPS race investigation N=1270

**Date**: 2025-12-19

Test parameters: 8 threads, 30 iterations, 1e-3 tolerance

| Operation | Pass Rate | Max Diff | Status |
|-----------|-----------|----------|--------|
| LayerNorm | 30/30 | 0.00e+00 | OK |
| Full TransformerBlock | 2/30 | 3.52e-01 | RACE |
`,
    'archive/old/apple_mps_bug_investigation_N1270.md',
  );
  assert.deepEqual([race.rounds, race.batches], [[], []]);
});
