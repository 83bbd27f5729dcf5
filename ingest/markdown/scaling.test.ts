import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { BlockContext, TableBlock, TextBlock } from './blocks.ts';
import { dedupeScaling } from './dedupeScaling.ts';
import { UNKNOWN_PROVENANCE } from './rowEnvironment.ts';
import { extractScaling } from './scaling.ts';
import { scalingStatements } from './scalingStatements.ts';

const ctx = (headingPath: string[], fix: string | null = null): BlockContext => ({
  headingPath,
  cumulative: false,
  fix_variant: fix,
  torch_version: null,
  threads: null,
  wrapper: null,
  workload: null,
  serialised: null,
  from: { ...UNKNOWN_PROVENANCE },
});
function table(
  headingPath: string[],
  header: string[],
  rows: string[][],
  caption: string | null = null,
): TableBlock {
  return {
    kind: 'table',
    line: 10,
    header,
    rows: rows.map((cells, i) => ({
      line: 12 + i,
      cells: cells.map((c) => ({ text: c.replace(/\*\*/g, ''), bold: /^\*\*/.test(c) })),
    })),
    context: ctx(headingPath),
    caption: caption ?? headingPath[headingPath.length - 1] ?? null,
  };
}
const text = (headingPath: string[], t: string): TextBlock => ({
  kind: 'text',
  line: 40,
  text: t,
  role: 'paragraph',
  context: ctx(headingPath),
});
const pts = (rows: ReturnType<typeof extractScaling>) =>
  rows.map((r) => [r.series, r.threads, r.throughput, r.speedup, r.efficiency_pct]);

// Seed 002 (verbatim table and statement).
const seedTable = table(
  ['Verification Report N=1973', 'Test Results', 'Efficiency Ceiling Test'],
  ['Threads', 'Throughput', 'Speedup', 'Efficiency'],
  [
    ['1', '618.3', '1.00x', '100.0%'],
    ['2', '1025.7', '1.66x', '83.0%'],
    ['4', '959.9', '1.55x', '38.8%'],
    ['8', '726.1', '1.17x', '**14.7%**'],
  ],
);

test('seed 002: row per thread, with statement deduplicated', () => {
  const rows = extractScaling(seedTable);
  assert.deepEqual(pts(rows), [
    ['Efficiency Ceiling Test', 1, 618.3, 1, 100],
    ['Efficiency Ceiling Test', 2, 1025.7, 1.66, 83],
    ['Efficiency Ceiling Test', 4, 959.9, 1.55, 38.8],
    ['Efficiency Ceiling Test', 8, 726.1, 1.17, 14.7],
  ]);
  assert.equal(rows[0].config, '? torch=? ?t ? workload=? serialised=?');
  const st = extractScaling(
    text(
      ['Verification Report N=1973', 'Test Results', 'Efficiency Ceiling Test'],
      'Efficiency at 8 threads: 14.7% (matches documented ~13% ceiling)',
    ),
  );
  assert.deepEqual(pts(st), [['Efficiency Ceiling Test', 8, null, null, 14.7]]);
  const findings = extractScaling(
    text(['Findings'], '3. Efficiency ceiling confirmed: 14.7% at 8 threads matches documented ~13% ceiling'),
  );
  assert.equal(findings.length, 1);
  assert.equal(dedupeScaling([...rows, ...st, ...findings]).length, 4);
});

test('seed 000: batch averages are not scaling points', () => {
  for (const t of [
    'Avg Efficiency: 19.8%',
    'Range: 16.1% - 23.8%',
    'Average 8-thread efficiency increased from ~14% (N=2940) to ~20% (N=2941). This may be due to system conditions rather than code changes.',
    'Efficiency is stable at 14-15% as documented.',
  ])
    assert.deepEqual(extractScaling(text(['Results'], t)), [], t);
});

test('statements in their wordings', () => {
  assert.deepEqual(scalingStatements('CONFIRMED: 14.7% efficiency at 8 threads'), [
    { threads: 8, efficiency_pct: 14.7 },
  ]);
  assert.deepEqual(scalingStatements('160/160 ops, 14.8% efficiency @ 8t'), [
    { threads: 8, efficiency_pct: 14.8 },
  ]);
  assert.deepEqual(scalingStatements('8-thread efficiency: 13.2%'), [{ threads: 8, efficiency_pct: 13.2 }]);
  assert.deepEqual(scalingStatements('2T efficiency: 61.0%'), [{ threads: 2, efficiency_pct: 61 }]);
  assert.deepEqual(scalingStatements('**Efficiency (8t)**: 14.1%'), [{ threads: 8, efficiency_pct: 14.1 }]);
  assert.deepEqual(scalingStatements('Efficiency: 13.0% - 15.7% at 8 threads'), []);
  assert.deepEqual(scalingStatements('~14-16% efficiency at 8 threads'), []);
});

test('column per thread: one series per row, Max Scaling ignored', () => {
  const t = table(
    ['2. Multi-Queue Parallel Test'],
    ['Config', '1T', '4T', '8T', '16T', 'Max Scaling'],
    [
      ['Shared queue', '825', '4,133', '4,977', '4,956', '6.01x'],
      ['Per-thread queue', '2,977', '4,957', '4,988', '4,987', '1.67x'],
    ],
  );
  const rows = extractScaling(t);
  assert.equal(rows.length, 8);
  assert.deepEqual(pts(rows).slice(0, 4), [
    ['Shared queue', 1, 825, null, null],
    ['Shared queue', 4, 4133, null, null],
    ['Shared queue', 8, 4977, null, null],
    ['Shared queue', 16, 4956, null, null],
  ]);
  const m = table(
    ['Throughput Measurements'],
    ['Model', '1 thread', '8 threads', 'Scaling'],
    [['small_mlp', '3294 ops/s', '6156 ops/s', '1.87x']],
  );
  assert.deepEqual(pts(extractScaling(m)), [
    ['small_mlp', 1, 3294, null, null],
    ['small_mlp', 8, 6156, 1.87, null],
  ]);
  const named = table(['Results'], ['Model', '8 Threads ops/s', 'Efficiency'], [['Linear', '5026', '27.2%']]);
  assert.deepEqual(pts(extractScaling(named)), [['Linear', 8, 5026, null, 27.2]]);
});

test('long form: names repeated at several thread counts; stress subtests rejected', () => {
  const t = table(
    ['Results'],
    ['Model', 'Threads', 'ops/s', 'Efficiency', 'Status'],
    [
      ['Linear', '1', '2311', '100.0%', 'PASS'],
      ['Linear', '8', '5026', '27.2%', 'PASS'],
      ['MLP', '8', '3512', '28.6%', 'PASS'],
    ],
  );
  assert.deepEqual(pts(extractScaling(t)), [
    ['Linear', 1, 2311, null, 100],
    ['Linear', 8, 5026, null, 27.2],
  ]);
  const stress = table(
    ['Stress Tests'],
    ['Test', 'Threads', 'Operations', 'Throughput', 'Status'],
    [
      ['extended_stress', '8', '800', '4,952 ops/s', 'PASS'],
      ['max_threads', '16', '800', '5,011 ops/s', 'PASS'],
      ['large_tensor', '4', '80', '2,404 ops/s', 'PASS'],
    ],
  );
  assert.deepEqual(extractScaling(stress), []);
  const mode = table(
    ['Multi-Queue'],
    ['Mode', 'Threads', 'Ops/s', 'Scaling'],
    [
      ['Shared queue', '1', '822', '1.00x'],
      ['Shared queue', '16', '4,987', '6.07x'],
    ],
  );
  assert.deepEqual(pts(extractScaling(mode)), [
    ['Shared queue', 1, 822, 1, null],
    ['Shared queue', 16, 4987, 6.07, null],
  ]);
});

test('thread count in caption, heading or row label', () => {
  const cap = table(
    ['Results'],
    ['Model', 'ops/s', 'Status'],
    [
      ['Linear', '6110', 'PASS'],
      ['Transformer', '0', 'FAIL (exit -11)'],
    ],
    '8 threads x 100 iterations:',
  );
  assert.deepEqual(pts(extractScaling(cap)), [
    ['8 threads x 100 iterations: Linear', 8, 6110, null, null],
    ['8 threads x 100 iterations: Transformer', 8, 0, null, null],
  ]);
  const head = table(
    ['Scaling Efficiency (8 Threads)'],
    ['Model', 'Efficiency'],
    [
      ['Linear', '29.0%'],
      ['MLP', '28.0%'],
    ],
  );
  assert.deepEqual(
    extractScaling(head).map((r) => [r.threads, r.efficiency_pct]),
    [
      [8, 29],
      [8, 28],
    ],
  );
  const label = table(
    ['Results'],
    ['Metric', 'Value'],
    [
      ['Single-op (sync at end)', '10,589 ops/s'],
      ['Sync overhead', '63%'],
      ['Threading 8 threads (sync end)', '3,913 ops/s'],
    ],
  );
  assert.deepEqual(pts(extractScaling(label)), [['Results: Threading (sync end)', 8, 3913, null, null]]);
});

test('look-alikes give nothing', () => {
  const cases: TableBlock[] = [
    table(
      ['Multi-Threaded (8 threads)'],
      ['Depth', 'Ops/s', 'Speedup'],
      [
        ['1 (sync)', '69,999', 'baseline'],
        ['2', '85,523', '1.22x'],
      ],
    ),
    table(
      ['Batching'],
      ['Batch', 'Samples/s', 'Speedup', 'Efficiency'],
      [
        ['1', '1,115', '1.0x', '100%'],
        ['8', '8,000', '7.2x', '90%'],
      ],
    ),
    table(
      ['Throttle'],
      ['Throttle', 'Completed', 'Ops/s', 'Speedup', 'Status'],
      [
        ['Lock', '800', '3,900', '1.00x', 'PASS'],
        ['Semaphore(2)', '800', '4,800', '1.23x', 'PASS'],
      ],
    ),
    table(
      ['Sync Modes (8 threads)'],
      ['Mode', 'Ops/s', 'Speedup'],
      [
        ['device', '4,607', '1.0x'],
        ['event', '7,065', '1.53x'],
      ],
    ),
    table(
      ['Mutex (8 threads)'],
      ['Metric', 'With Mutex', 'Without Mutex', 'Change'],
      [['Throughput', '3,900', '4,800', '1.23x faster']],
    ),
    table(
      ['Efficiency (8 threads)'],
      ['Metric', 'Value'],
      [
        ['Mean', '14.8%'],
        ['Range', '13.5% - 15.9%'],
      ],
    ),
    table(['Results'], ['Round', 'Status', '8-Thread Efficiency'], [['1541', 'PASS', '14.2%']]),
  ];
  for (const c of cases) assert.deepEqual(extractScaling(c), [], c.header.join('|'));
});

test('dash and N/A cells are null; config from context with threads null', () => {
  const t = table(
    ['Scaling'],
    ['Threads', 'Ops/s', 'Speedup', 'Efficiency'],
    [
      ['1', '3,393', '-', 'N/A'],
      ['8', '6,502', '1.92x', '24.0%'],
    ],
  );
  t.context = { ...t.context, fix_variant: 'v2.3', threads: 8, torch_version: '2.9.1' };
  const rows = extractScaling(t);
  assert.deepEqual(pts(rows)[0], ['Scaling', 1, 3393, null, null]);
  assert.equal(rows[0].config, 'v2.3 torch=2.9.1 ?t ? workload=? serialised=?');
  assert.equal(rows[0].fix_variant, 'v2.3');
});

test('property: never throws on arbitrary cells and text', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string(), { minLength: 1, maxLength: 5 }),
      fc.array(fc.array(fc.string(), { maxLength: 5 }), { maxLength: 5 }),
      fc.string(),
      (header, rows, t) => {
        extractScaling(table([t], header, rows, t));
        extractScaling(
          table(
            [t],
            ['Threads', ...header],
            rows.map((r) => ['8', ...r]),
          ),
        );
        extractScaling(text([t], t));
      },
    ),
    { numRuns: 500 },
  );
});
