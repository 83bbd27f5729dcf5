import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { ResultData } from '../pageTypes.ts';
import { type ChartSpec, parseChartSpec } from './chartSpec.ts';
import { renderChart, renumberIds } from './renderChart.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE === '1';

const scaling: ResultData = {
  columns: ['config', 'threads', 'throughput', 'lo', 'hi'],
  rows: [1, 2, 4, 8].flatMap((t) => [
    { config: 'native', threads: t, throughput: 100 * t ** 0.7, lo: 90 * t ** 0.7, hi: 110 * t ** 0.7 },
    { config: 'v2.3', threads: t, throughput: 95 * t ** 0.6, lo: 88 * t ** 0.6, hi: 104 * t ** 0.6 },
  ]),
};
const sessions: ResultData = {
  columns: ['session', 'rate', 'lower', 'upper', 'label'],
  rows: [
    { session: '2025-01-10', rate: 0.9, lower: 0.7, upper: 0.97, label: 'A' },
    { session: '2025-02-14', rate: 0.94, lower: 0.84, upper: 0.98, label: 'B' },
    { session: '2025-03-20', rate: 0.99, lower: 0.95, upper: 1.0, label: '<script>alert(1)</script>' },
  ],
};
const crashes: ResultData = {
  columns: ['cluster', 'count', 'week', 'config'],
  rows: [
    { cluster: 'prepareForEnqueue', count: 40, week: 1, config: 'native' },
    { cluster: 'objc_msgSend | setBuffer', count: 12, week: 2, config: 'native' },
    { cluster: 'prepareForEnqueue', count: 3, week: 2, config: 'v2.3' },
  ],
};
const results = new Map([
  ['scaling', scaling],
  ['sessions', sessions],
  ['crashes', crashes],
]);

const CASES: Record<string, string> = {
  'dot-line-legend': `
data: scaling
title: Throughput by threads
subtitle: two configurations
x: {label: Threads, type: log, base: 2}
y: {label: Ops/s, grid: true, zero: true}
color: {legend: true}
marks:
  - {type: line, x: threads, y: throughput, stroke: config}
  - {type: dot, x: threads, y: throughput, fill: config}
  - {type: ruleY, y: 0}
`,
  'area-band': `
data: scaling
caption: Band from lo to hi.
marks:
  - {type: areaY, x: threads, y1: lo, y2: hi, fill: config, fillOpacity: 0.2}
  - {type: line, x: threads, y: throughput, stroke: config, curve: monotone-x}
`,
  'errorbars-dates': `
data: sessions
y: {percent: true, domain: [60, 100], label: Pass rate (%)}
marks:
  - {type: ruleX, x: session, y1: lower, y2: upper, strokeWidth: 2}
  - {type: dot, x: session, y: rate, r: 4, fill: currentColor}
  - {type: text, x: session, y: upper, text: label, dy: -8}
  - {type: ruleY, y: {value: 95}, stroke: firebrick, strokeDasharray: "4,3"}
`,
  'bars-ticks': `
data: crashes
marginLeft: 160
x: {label: Crashes, grid: true}
y: {label: null}
marks:
  - {type: barX, x: count, y: cluster, fill: config, sort: null}
  - {type: tickX, x: count, y: cluster}
  - {type: frame}
`,
  'cell-ramp-legend': `
data: crashes
color: {legend: true, type: linear}
marks:
  - {type: cell, x: week, y: config, fill: count}
  - {type: text, x: week, y: config, text: count, fill: white}
`,
  'rect-link-tickY': `
data: scaling
marks:
  - {type: rect, x1: threads, x2: {value: 9}, y1: lo, y2: hi, fillOpacity: 0.1}
  - {type: link, x1: threads, y1: lo, x2: threads, y2: hi, stroke: config}
  - {type: tickY, x: threads, y: throughput}
  - {type: barY, data: crashes, x: {value: 4}, y: count, fillOpacity: 0.3}
`,
};

function spec(name: string): ChartSpec {
  const parsed = parseChartSpec(CASES[name].trimStart(), 1, 'test', name);
  assert.deepEqual(parsed.errors, [], name);
  return parsed.spec!;
}

/** Rounds every number to 1 decimal and renumbers ids, so small float changes in Plot do not break goldens. */
export function normalizeSvg(svg: string): string {
  return renumberIds(svg, 'id').replace(/-?\d+\.\d+/g, (n) => {
    const r = Math.round(Number(n) * 10) / 10;
    return String(Object.is(r, -0) ? 0 : r);
  });
}

/** `name.svg` → `name-changed.svg`: where a mismatching chart is written for review. */
const changedFile = (golden: string) => golden.replace(/\.svg$/, '-changed.svg');

/**
 * Compares `svg` with the golden file after {@link normalizeSvg}. On a mismatch
 * the actual SVG is written beside the golden as `*-changed.svg` (git-ignored)
 * so a reviewer can diff or open both; a match removes a stale one. `UPDATE=1`
 * rewrites the golden instead; a missing golden is written and fails the test.
 */
function checkGolden(file: string, svg: string): void {
  if (UPDATE || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, svg);
    if (!UPDATE) assert.fail(`wrote missing golden ${file}; check it and rerun`);
  }
  const changed = changedFile(file);
  if (normalizeSvg(svg) === normalizeSvg(readFileSync(file, 'utf8'))) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, svg);
  assert.fail(
    `${file} differs from the chart drawn now, written to ${changed}: diff them, then rerun with UPDATE=1 to accept`,
  );
}

describe('checkGolden', () => {
  test('a mismatch writes the actual SVG beside the golden and fails; a match removes it', () => {
    if (UPDATE) return;
    const dir = mkdtempSync(join(tmpdir(), 'rb-golden-'));
    try {
      const file = join(dir, 'c.svg');
      writeFileSync(file, '<svg><text x="1.04">a</text></svg>\n');
      assert.throws(() => checkGolden(file, '<svg><text x="1">b</text></svg>\n'), /c-changed\.svg/);
      assert.equal(readFileSync(join(dir, 'c-changed.svg'), 'utf8'), '<svg><text x="1">b</text></svg>\n');
      assert.equal(readFileSync(file, 'utf8'), '<svg><text x="1.04">a</text></svg>\n', 'golden untouched');
      checkGolden(file, '<svg><text x="1.01">a</text></svg>\n');
      assert.equal(existsSync(join(dir, 'c-changed.svg')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('renderChart: golden SVGs', () => {
  for (const name of Object.keys(CASES)) {
    test(name, () => {
      // `sort: null` is not an allowed option: the bars case checks that the spec is refused.
      if (name === 'bars-ticks') {
        const bad = parseChartSpec(CASES[name].trimStart(), 1, 'test', name);
        assert.match(bad.errors[0]?.message ?? '', /Unrecognized key: "sort"/);
        CASES[name] = CASES[name].replace(', sort: null', '');
      }
      const svg = renderChart(spec(name), results, { idPrefix: name, standalone: true });
      checkGolden(join(GOLDEN, `${name}.svg`), `${svg}\n`);
      const marks = (svg.match(/<(circle|path|rect|line|text)\b/g) ?? []).length;
      assert.ok(marks > 5, 'has marks');
    });
  }
});

describe('renderChart', () => {
  test('is deterministic and prefixes every id', () => {
    const a = renderChart(spec('area-band'), results, { idPrefix: 'p-a' });
    const b = renderChart(spec('area-band'), results, { idPrefix: 'p-a' });
    assert.equal(a, b);
    const ids = [...a.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(
      ids.every((id) => id.startsWith('p-a-')),
      ids.join(),
    );
  });

  test('text from data is escaped; inline SVG has no namespace or own colours', () => {
    const svg = renderChart(spec('errorbars-dates'), results);
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(svg, /<script/);
    assert.doesNotMatch(svg, /xmlns=|prefers-color-scheme/);
    assert.match(svg, /stroke="currentColor"/);
  });

  test('a chart with no rows has the same header as one with rows', () => {
    const s = spec('dot-line-legend');
    const texts = (svg: string) => (svg.match(/<text [^>]*>[^<]*<\/text>/g) ?? []).slice(0, 2);
    const drawn = texts(renderChart(s, results));
    const empty = renderChart(s, new Map([['scaling', { columns: scaling.columns, rows: [] }]]));
    assert.match(empty, /No data to draw yet\./);
    assert.deepEqual(drawn, texts(empty));
    assert.match(drawn[0], />Throughput by threads</);
    assert.match(drawn[1], />two configurations</);
  });

  test('refuses unknown results and columns', () => {
    const s = spec('area-band');
    assert.throws(() => renderChart(s, new Map()), /unknown result `scaling`/);
    assert.throws(
      () => renderChart(s, new Map([['scaling', { columns: ['threads'], rows: [] }]])),
      /unknown column `lo`/,
    );
  });
});
