import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isChapterList,
  scriptWorkload,
  suiteChapter,
  WORKLOADS,
  workloadIn,
  workloadName,
  workloadsIn,
  workloadWords,
} from './workload.ts';

/** Spellings from the corpus, each with the one name both readers give it. */
const SPELLINGS: [string, string][] = [
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
  ['test_stress_extended.py', 'stress_extended'],
  ['test_stress_extended', 'stress_extended'],
  ['1. test_stress_extended.py', 'stress_extended'],
  ['stress_extended', 'stress_extended'],
  ['extended_stress', 'stress_extended'],
  ['Stress Extended', 'stress_extended'],
  ['Extended stress (16T)', 'stress_extended'],
  ['Extended Stress Test', 'stress_extended'],
  ['Stress Extended Tests', 'stress_extended'],
  ['soak_test_quick', 'soak'],
  ['Soak Test (60s)', 'soak'],
  ['Quick Soak Test (60s, 8 threads)', 'soak'],
  ['Simple Matmul Soak Test', 'soak'],
  ['tests/test_thread_churn.py', 'thread_churn'],
  ['test_real_models_parallel', 'real_models'],
  ['test_memory_leak.py', 'memory_leak'],
  ['test_platform_specific', 'platform'],
  ['test_graph_compilation_stress', 'graph_compilation'],
  ['test_graph_compilation_stress.py', 'graph_compilation'],
  ['test_semaphore_recommended.py', 'semaphore_recommended'],
  ['test_semaphore_recommended', 'semaphore_recommended'],
  ['comprehensive_test_suite.py', 'comprehensive'],
  ['benchmark_parallel_mps.py', 'benchmark_parallel_mps'],
  ['TransformerEncoderLayer (10 isolated rounds)', 'transformer_encoder_isolated'],
  ['TransformerEncoderLayer', 'transformer_encoder_isolated'],
  ['LayerNorm stress (3 runs)', 'layernorm_stress'],
  ['Linear Operations', 'op_shape'],
  ['tests/test_cross_stream_tensor.py', 'cross_stream_tensor'],
  ['tests/test_max_streams_stress.py', 'max_streams_stress'],
];

test('one name per test: each corpus spelling names the same workload to both readers', () => {
  for (const [label, want] of SPELLINGS) {
    assert.equal(workloadName(label), want, `workloadName(${label})`);
    assert.equal(workloadIn(label), want, `workloadIn(${label})`);
  }
});

test('workloadName: labels that are only a name to one reader still give the vocabulary name', () => {
  const cases: [string, string | null][] = [
    ['Thread Churn (80 threads)', 'thread_churn'],
    ['Memory Leak', 'memory_leak'],
    ['Platform Checks', 'platform'],
    ['Graph Compilation', 'graph_compilation'],
    ['metal_diagnostics', 'metal_diagnostics'],
    ['Complete Story Details', 'complete_story'],
    ['comprehensive_test_suite.py (No Python-level lock)', 'comprehensive'],
    ['verify_layernorm_fix.py', 'verify_layernorm_fix'],
    ['record_stream_test', 'record_stream'], // a bare stem without test_ is a script only as a whole label
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
    'Stress Test', // a stress test named no further: `stress` inside a text, no test's name by itself
    '',
  ])
    assert.equal(workloadName(label), null, label);
});

test('workloadIn: the vocabulary inside headings, row labels and commands', () => {
  assert.equal(workloadIn('### Complete Story Test Suite (10 runs)'), 'complete_story');
  assert.equal(workloadIn('./scripts/run_mps_test.sh tests/complete_story_test_suite.py'), 'complete_story');
  assert.equal(workloadIn('**Test Suite**: complete_story_test_suite.py'), 'complete_story');
  assert.equal(workloadIn('# Verification Rounds 1640-1659 (Complete Story Suite)'), 'complete_story');
  assert.equal(workloadIn('### Round 1544: Linear Operations'), 'op_shape');
  assert.equal(workloadIn('nn.Conv2d'), 'op_shape');
  assert.equal(workloadIn('### comprehensive_test_suite.py (Individual Categories)'), 'comprehensive');
  assert.equal(workloadIn('comprehensive (54 tests)'), 'comprehensive');
  assert.equal(workloadIn('Medium stress (LayerNorm)'), 'layernorm_stress');
  assert.equal(workloadIn('### test_stress_extended.py - PASS'), 'stress_extended');
  assert.equal(workloadIn('### Extended Stress Tests'), 'stress_extended'); // not also `stress`
  assert.equal(workloadIn('### Stress Tests'), 'stress');
  assert.equal(workloadIn('### Graph Compilation Stress Test'), 'graph_compilation');
  assert.equal(workloadIn('### Simple Matmul Soak Test (30 seconds, 8 threads)'), 'soak');
  assert.equal(workloadIn('python3 tests/minimal_mps_contiguous_race.py'), 'minimal_mps_contiguous_race');
  assert.equal(scriptWorkload('Benchmark_Parallel_MPS'), 'benchmark_parallel_mps');
});

test('workloadIn: chapters, tools, adjectives and comparisons name no single workload', () => {
  assert.equal(workloadIn('### Thread Safety'), null); // a chapter of the suite
  assert.equal(workloadIn('## Comprehensive Verification Report'), null); // an adjective
  assert.equal(workloadIn('agx_patch/deploy_patch.sh and tests/verify_patch.py'), null); // tools
  assert.equal(workloadIn('python setup.py develop'), null);
  assert.equal(workloadIn('complete_story vs comprehensive_test_suite.py'), null);
  assert.equal(workloadIn('Stress scenarios reviewed'), null); // not a stress test
  assert.equal(workloadIn('Rounds 1640-1659'), null);
  assert.deepEqual(workloadsIn('complete_story_test_suite.py then test_stress_extended.py'), [
    'complete_story',
    'stress_extended',
  ]);
});

test('workloadWords: the vocabulary words, or a script name split', () => {
  assert.deepEqual([...workloadWords('real_models')], ['real', 'models', 'parallel']);
  assert.deepEqual([...workloadWords('record_stream')], ['record', 'stream']);
  for (const w of WORKLOADS) assert.ok(workloadWords(w.name).size > 0, w.name);
});

test('suiteChapter: the four chapters of the suite in their spellings', () => {
  assert.equal(suiteChapter('thread_safety'), 'thread_safety');
  assert.equal(suiteChapter('Thread safety (8T x 20)'), 'thread_safety');
  assert.equal(suiteChapter('Efficiency Ceiling'), 'efficiency_ceiling');
  assert.equal(suiteChapter('Batching vs Threading'), 'batching_advantage');
  assert.equal(suiteChapter('correctness'), 'correctness');
  assert.equal(suiteChapter('Throughput'), null);
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

test('property: both readers never throw and return a lower-case name or null', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      for (const w of [workloadIn(s), workloadName(s)])
        assert.ok(w === null || (w === w.toLowerCase() && w.length > 0));
    }),
  );
});

const corpus = new URL('../../../shared/corpus/reports/', import.meta.url).pathname;

/** Every table row's first cell and every heading of the corpus' Markdown files. */
function corpusLabels(): Set<string> {
  const labels = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md'))
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          const h = /^#{1,6}\s+(.+)$/.exec(line);
          const cell = /^\|\s*([^|]+?)\s*\|/.exec(line);
          const label = h?.[1] ?? cell?.[1];
          if (label && !/^[-: ]+$/.test(label)) labels.add(label.trim());
        }
    }
  };
  walk(corpus);
  return labels;
}

test('on the corpus: every heading and row label both readers name gets one name', {
  skip: existsSync(corpus) ? false : 'needs ../shared/corpus',
}, () => {
  const labels = corpusLabels();
  assert.ok(labels.size > 1000);
  const disagree: string[] = [];
  const byName = new Map<string, Set<string>>();
  for (const label of labels) {
    const whole = workloadName(label);
    const inText = workloadIn(label);
    if (whole && inText && whole !== inText) disagree.push(`${label}: ${whole} / ${inText}`);
    for (const w of [whole, inText]) if (w) byName.set(w, (byName.get(w) ?? new Set()).add(label));
  }
  assert.deepEqual(disagree, []);
  // The test scripts the corpus names by file are each one workload, under one name.
  for (const stem of ['test_stress_extended', 'test_thread_churn', 'test_semaphore_recommended'])
    assert.equal(byName.get(stem), undefined, `${stem} is a spelling, not a name`);
  for (const name of ['complete_story', 'stress_extended', 'soak', 'transformer_encoder_isolated'])
    assert.ok(byName.has(name), `${name} is named in the corpus`);
});
