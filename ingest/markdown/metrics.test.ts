import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BlockContext, TableBlock, TextBlock } from './blocks.ts';
import { crashCounts } from './crashCounts.ts';
import { extractMetrics } from './metrics.ts';
import { UNKNOWN_PROVENANCE } from './rowEnvironment.ts';
import { runMetrics } from './runMetrics.ts';

const ctx = (headingPath: string[]): BlockContext => ({
  headingPath,
  cumulative: false,
  fix_variant: null,
  torch_version: null,
  threads: null,
  wrapper: null,
  workload: null,
  serialised: null,
  from: { ...UNKNOWN_PROVENANCE },
});
function table(headingPath: string[], header: string[], rows: string[][]): TableBlock {
  return {
    kind: 'table',
    line: 10,
    header,
    rows: rows.map((cells, i) => ({
      line: 12 + i,
      cells: cells.map((c) => ({ text: c.replace(/\*\*/g, ''), bold: false })),
    })),
    context: ctx(headingPath),
    caption: headingPath[headingPath.length - 1] ?? null,
  };
}
const text = (headingPath: string[], t: string): TextBlock => ({
  kind: 'text',
  line: 40,
  text: t,
  role: 'item',
  context: ctx(headingPath),
});
const kv = (rows: ReturnType<typeof extractMetrics>) => rows.map((r) => [r.metric, r.value, r.context]);
const cc = (s: string, h = false) =>
  Object.fromEntries(crashCounts(s, h).map((f) => [f.metric.replace('crash_logs_', ''), f.value]));

test('seed 002: soak and multi-model Metric|Result tables', () => {
  const soak = table(
    ['Test Results', 'Simple Matmul Soak Test (20s, 8 threads)'],
    ['Metric', 'Result'],
    [
      ['Total ops', '127,818'],
      ['Duration', '20.5s'],
      ['Throughput', '6,232 ops/s'],
      ['Errors', '0'],
      ['Result', '**PASS (100%)**'],
    ],
  );
  assert.deepEqual(kv(extractMetrics(soak)), [
    ['ops', 127818, 'soak'],
    ['duration_s', 20.5, 'soak'],
    ['ops_per_s', 6232, 'soak'],
    ['errors', 0, 'soak'],
  ]);
  const mm = table(
    ['Test Results', 'Multi-Model Test (8 models, 8 threads)'],
    ['Metric', 'Result'],
    [
      ['Completed', '160/160'],
      ['Time', '0.22s'],
      ['Throughput', '727.5 ops/s'],
      ['Result', '**PASS**'],
    ],
  );
  assert.deepEqual(
    kv(extractMetrics(mm)).filter((r) => r[0] === 'ops_per_s'),
    [['ops_per_s', 727.5, 'multi_model']],
  );
  // Findings restate the soak: no second op count.
  assert.deepEqual(
    extractMetrics(
      text(
        ['Findings'],
        '1. Simple operations stable: Matmul at 8 threads shows 100% stability (127K ops, 0 errors)',
      ),
    ),
    [],
  );
});

test('crash-log counts in their wordings', () => {
  assert.deepEqual(cc('- Crashes before: 260'), { before: 260 });
  assert.deepEqual(cc('- Crashes after tests: 261'), { after: 261 });
  assert.deepEqual(cc('- **Before tests**: 274', true), { before: 274 });
  assert.deepEqual(cc('**Crash logs**: 252 before → 253 after (1 new crash without dylib)'), {
    before: 252,
    after: 253,
    new: 1,
  });
  assert.deepEqual(cc('**Crash Logs**: 248 → 249 (+1 new crash)'), { before: 248, after: 249, new: 1 });
  // Unchanged: the count before the session was the same.
  assert.deepEqual(cc('**Crash Count**: 260 (unchanged)'), { after: 260, before: 260, new: 0 });
  assert.deepEqual(cc('- Total crashes: 274 (unchanged)'), { after: 274, before: 274, new: 0 });
  assert.deepEqual(cc('**Crash Count**: 256 (unchanged from N=2993)'), { after: 256, before: 256, new: 0 });
  assert.deepEqual(cc('**Total crash logs**: 247 (unchanged from N=2984)'), {
    after: 247,
    before: 247,
    new: 0,
  });
  assert.deepEqual(cc('**Crash Count**: 256 (was 254 at session start, +2 during testing)'), {
    after: 256,
    before: 254,
    new: 2,
  });
  assert.deepEqual(cc('- Total crash logs: 248 (was 247, +1 from this test)'), {
    after: 248,
    before: 247,
    new: 1,
  });
  assert.deepEqual(cc('- New crashes: **0**'), { new: 0 });
  assert.deepEqual(cc('- Crashes: 0 new'), { new: 0 });
  assert.deepEqual(cc('All verification tests pass with 0 new crashes. System remains stable.'), { new: 0 });
  assert.deepEqual(cc('System remains stable. All PN-PN items complete. No new crashes detected.'), {
    new: 0,
  });
  assert.deepEqual(cc('System remains stable. All tests pass. Crash count unchanged at 274.'), {
    before: 274,
    after: 274,
    new: 0,
  });
  assert.deepEqual(cc('- **New crashes this iteration**: 0'), { new: 0 });
});

test('bare Before/After: only under a crash heading, never file counts', () => {
  assert.deepEqual(kv(extractMetrics(text(['Crash Status'], '- Before: 274'))), [
    ['crash_logs_before', 274, 'session'],
  ]);
  assert.deepEqual(extractMetrics(text(['Cleanup Actions'], '- Before: 312 files in reports/main/')), []);
  assert.deepEqual(extractMetrics(text(['Crash Check'], '- Before: 312 files in reports/main/')), []);
});

test('"Crashes | 0" in a run summary is crash_logs_new; before/after in parentheses', () => {
  const t = table(
    ['Summary'],
    ['Metric', 'Value'],
    [
      ['Crashes', '0'],
      ['Crashes', '**0** (274 before/after)'],
    ],
  );
  const rows = extractMetrics(t);
  assert.deepEqual(
    rows.map((r) => [r.line, r.metric, r.value]),
    [
      [12, 'crash_logs_new', 0],
      [13, 'crash_logs_new', 0],
      [13, 'crash_logs_before', 274],
      [13, 'crash_logs_after', 274],
    ],
  );
});

test('soak and stress details cells', () => {
  const t = table(
    ['Test Results Summary'],
    ['Test Category', 'Status', 'Details'],
    [
      ['Stress Extended', 'PASS', '8t: 4922.7 ops/s, 16t: 5068.8 ops/s, large tensor: 2481.1 ops/s'],
      ['Soak Test (60s)', 'PASS', '489,836 ops @ 8162.9 ops/s, 0 errors'],
      ['soak_test_quick.py', 'PASS', '60s, 489,706 ops, 8161.3 ops/s'],
      [
        'Complete Story Suite',
        'PASS',
        '4/4 chapters (thread_safety, efficiency_ceiling, batching_advantage, correctness)',
      ],
    ],
  );
  const rows = extractMetrics(t);
  const stress = rows.filter((r) => r.context === 'stress').map((r) => [r.metric, r.value, r.threads]);
  assert.deepEqual(stress, [
    ['ops_per_s', 4922.7, 8],
    ['ops_per_s', 5068.8, 16],
    ['ops_per_s', 2481.1, null],
  ]);
  assert.equal(rows.find((r) => r.threads === 8)?.config, '? torch=? 8t ? workload=? serialised=?');
  const soak = rows
    .filter((r) => r.context === 'soak')
    .map((r) => [r.line, r.metric, r.value])
    .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
  assert.deepEqual(soak, [
    [13, 'duration_s', 60],
    [13, 'errors', 0],
    [13, 'ops', 489836],
    [13, 'ops_per_s', 8162.9],
    [14, 'duration_s', 60],
    [14, 'ops', 489706],
    [14, 'ops_per_s', 8161.3],
  ]);
});

test('inline forms: k suffix, Ops/Errors, samples/s, latency, efficiency', () => {
  const f = (s: string) => runMetrics(s).map((x) => [x.metric, x.value]);
  assert.deepEqual(f('Soak: 482k ops @ 8,031 ops/s'), [
    ['ops_per_s', 8031],
    ['ops', 482000],
  ]);
  assert.deepEqual(f('Ops: 4000, Errors: 0'), [
    ['ops', 4000],
    ['errors', 0],
  ]);
  assert.deepEqual(f('Batched inference: 1.4M samples/s'), [['samples_per_s', 1400000]]);
  assert.deepEqual(f('avg latency 850µs'), [['latency_ms', 0.85]]);
  assert.deepEqual(f('160/160 ops, 8 threads'), []);
  assert.deepEqual(f('~700-800 ops/s at 8 threads'), []);
  assert.deepEqual(f('4/4 chapters, 14.8% efficiency'), [['efficiency_pct', 14.8]]);
  assert.deepEqual(f('14.8% efficiency @ 8t'), []);
  const stress = extractMetrics(text(['Stress'], '- 3 rounds: 80T+56T+70T, 4,560 ops, 0 errors'));
  assert.deepEqual(kv(stress), [
    ['ops', 4560, 'stress'],
    ['errors', 0, 'stress'],
  ]);
});

test('columnar tables: Test|Threads|Operations|Throughput|Status', () => {
  const t = table(
    ['Stress Tests'],
    ['Test', 'Threads', 'Operations', 'Throughput', 'Status'],
    [
      ['extended_stress', '8', '800', '4,952 ops/s', 'PASS'],
      ['large_tensor', '4', '80', '2,404 ops/s', 'PASS'],
    ],
  );
  assert.deepEqual(
    extractMetrics(t).map((r) => [r.metric, r.value, r.threads, r.context]),
    [
      ['ops', 800, 8, 'stress'],
      ['ops_per_s', 4952, 8, 'stress'],
      ['ops', 80, 4, 'stress'],
      ['ops_per_s', 2404, 4, 'stress'],
    ],
  );
});

test('scaling tables give no metrics', () => {
  const t = table(
    ['Efficiency'],
    ['Threads', 'Throughput', 'Speedup', 'Efficiency'],
    [['1', '618.3', '1.00x', '100.0%']],
  );
  assert.deepEqual(extractMetrics(t), []);
});

test('property: never throws on arbitrary cells and text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
      fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 4 }),
      fc.string(),
      (h, rows, t) => {
        extractMetrics(table([t], h, rows));
        extractMetrics(text([t, 'Crash Status'], t));
        crashCounts(t, true);
        runMetrics(t, t);
      },
    ),
    { numRuns: 500 },
  );
});
