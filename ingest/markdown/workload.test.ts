import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isChapterList, scriptWorkload, workloadIn, workloadsIn } from './workload.ts';

test('workloadIn: the vocabulary, as headings, row labels and commands write it', () => {
  assert.equal(workloadIn('### complete_story_test_suite.py - ALL PASS'), 'complete_story');
  assert.equal(workloadIn('### Complete Story Test Suite (10 runs)'), 'complete_story');
  assert.equal(workloadIn('complete_story (8x)'), 'complete_story');
  assert.equal(workloadIn('./scripts/run_mps_test.sh tests/complete_story_test_suite.py'), 'complete_story');
  assert.equal(
    workloadIn('### TransformerEncoderLayer (10 isolated rounds)'),
    'transformer_encoder_isolated',
  );
  assert.equal(workloadIn('### Round 1544: Linear Operations'), 'op_shape');
  assert.equal(workloadIn('nn.Conv2d'), 'op_shape');
  assert.equal(workloadIn('### comprehensive_test_suite.py (Individual Categories)'), 'comprehensive');
  assert.equal(workloadIn('comprehensive (54 tests)'), 'comprehensive');
  assert.equal(workloadIn('LayerNorm stress (3 runs)'), 'layernorm_stress');
  assert.equal(workloadIn('### test_stress_extended.py - PASS'), 'stress');
  assert.equal(workloadIn('### Simple Matmul Soak Test (30 seconds, 8 threads)'), 'soak');
  assert.equal(workloadIn('soak_test_quick'), 'soak');
});

test('workloadIn: other tests keep their script name', () => {
  assert.equal(workloadIn('tests/test_thread_churn.py'), 'test_thread_churn');
  assert.equal(workloadIn('| test_semaphore_recommended | PASS |'), 'test_semaphore_recommended');
  assert.equal(workloadIn('python3 tests/minimal_mps_contiguous_race.py'), 'minimal_mps_contiguous_race');
  assert.equal(scriptWorkload('complete_story_test_suite'), 'complete_story');
  assert.equal(scriptWorkload('Benchmark_Parallel_MPS'), 'benchmark_parallel_mps');
});

test('workloadIn: chapters, tools, adjectives and comparisons name no single workload', () => {
  assert.equal(workloadIn('### Thread Safety'), null); // a chapter of the suite
  assert.equal(workloadIn('## Comprehensive Verification Report'), null); // an adjective
  assert.equal(workloadIn('agx_patch/deploy_patch.sh and tests/verify_patch.py'), null); // tools
  assert.equal(workloadIn('python setup.py develop'), null);
  assert.equal(workloadIn('complete_story vs comprehensive_test_suite.py'), null);
  assert.equal(workloadIn('Stress scenarios reviewed'), null); // not a stress test
  assert.deepEqual(workloadsIn('complete_story_test_suite.py then test_stress_extended.py'), [
    'complete_story',
    'stress',
  ]);
});

test('isChapterList: the four chapters together, in any spelling', () => {
  assert.ok(
    isChapterList([
      'thread_safety: PASS',
      'efficiency_ceiling: PASS',
      'batching_advantage: PASS',
      'correctness: PASS',
    ]),
  );
  assert.ok(
    isChapterList([
      'Thread Safety (8x20)',
      'Efficiency at 8 threads',
      'Batching vs Threading',
      'Correctness',
    ]),
  );
  assert.ok(!isChapterList(['Thread Safety', 'Efficiency', 'Correctness'])); // batching missing
});

test('property: workloadIn never throws and returns a lower-case name or null', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const w = workloadIn(s);
      assert.ok(w === null || (w === w.toLowerCase() && w.length > 0));
    }),
  );
});
