import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteChapter, workloadIn, workloadName } from './workloadName.ts';

test('workloadName: the spellings of each known test, with qualifiers, outcomes and section words', () => {
  const cases: [string, string | null][] = [
    ['complete_story_test_suite.py', 'complete_story'],
    ['**complete_story_test_suite**', 'complete_story'],
    ['tests/complete_story_test_suite.py', 'complete_story'],
    ['Complete Story Suite', 'complete_story'],
    ['Complete Story Test', 'complete_story'],
    ['complete_story (8x)', 'complete_story'],
    ['complete_story (repeat)', 'complete_story'],
    ['complete_story_test_suite.py - ALL PASS', 'complete_story'],
    ['Complete Story Test Suite (4/4 PASS)', 'complete_story'],
    ['3. Complete Story Suite: 4/4 PASS', 'complete_story'],
    ['Complete Story Results', 'complete_story'],
    ['Complete Story Details', 'complete_story'],
    ['test_stress_extended.py', 'stress_extended'],
    ['1. test_stress_extended.py', 'stress_extended'],
    ['Extended stress (16T)', 'stress_extended'],
    ['Stress Extended Tests', 'stress_extended'],
    ['soak_test_quick', 'soak'],
    ['Soak Test (60s)', 'soak'],
    ['Quick Soak Test (60s, 8 threads)', 'soak'],
    ['Thread Churn (80 threads)', 'thread_churn'],
    ['test_real_models_parallel', 'real_models'],
    ['Memory Leak', 'memory_leak'],
    ['test_platform_specific', 'platform'],
    ['Platform Checks', 'platform'],
    ['Graph Compilation', 'graph_compilation'],
    ['metal_diagnostics', 'metal_diagnostics'],
    ['test_semaphore_recommended.py', 'semaphore_recommended'],
    ['comprehensive_test_suite.py (No Python-level lock)', 'comprehensive'],
    ['benchmark_parallel_mps.py', 'benchmark_parallel_mps'],
    ['TransformerEncoderLayer (10 isolated rounds)', 'transformer_encoder_layer'],
    ['LayerNorm stress (3 runs)', 'layernorm_stress'],
    ['Linear Operations', 'op_shape'],
    // Any other test script: its name without test_ / _test; any other Python script: its stem.
    ['record_stream_test', 'record_stream'],
    ['tests/test_cross_stream_tensor.py', 'cross_stream_tensor'],
    ['verify_layernorm_fix.py', 'verify_layernorm_fix'],
  ];
  for (const [label, want] of cases) assert.equal(workloadName(label), want, label);
});

test('workloadName: chapters, sub-tests, checks, gaps, tools and section titles are no workload', () => {
  for (const label of [
    'thread_safety',
    'Thread Safety (8x20)',
    'Gap 2: Memory Leak',
    'Round 1544: Linear Operations',
    'Efficiency Metrics (from complete_story_test_suite)',
    'complete_story_test_suite Efficiency Table',
    'Test Results',
    'TLA+ (AGXDylibFix)',
    'deploy_patch.sh',
    'max_threads',
    'Lock',
    'Semaphore(2)',
    '3. Full Test Suite',
    '',
  ])
    assert.equal(workloadName(label), null, label);
});

test('workloadIn: one known test named anywhere, or null', () => {
  assert.equal(workloadIn('**Test Suite**: complete_story_test_suite.py'), 'complete_story');
  assert.equal(
    workloadIn('MPS_USE_AGX_FIX=1 ./scripts/run_mps_test.sh tests/complete_story_test_suite.py'),
    'complete_story',
  );
  assert.equal(workloadIn('# Verification Rounds 1640-1659 (Complete Story Suite)'), 'complete_story');
  assert.equal(workloadIn('Rounds 1640-1659'), null);
  assert.equal(workloadIn('complete_story_test_suite.py and test_stress_extended.py'), null);
});

test('suiteChapter: the four chapters of the suite in their spellings', () => {
  assert.equal(suiteChapter('thread_safety'), 'thread_safety');
  assert.equal(suiteChapter('Thread safety (8T x 20)'), 'thread_safety');
  assert.equal(suiteChapter('Efficiency Ceiling'), 'efficiency_ceiling');
  assert.equal(suiteChapter('Batching vs Threading'), 'batching_advantage');
  assert.equal(suiteChapter('correctness'), 'correctness');
  assert.equal(suiteChapter('Throughput'), null);
});
