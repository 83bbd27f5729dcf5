import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResultData } from '../pageTypes.ts';
import { parseChartSpec } from './chartSpec.ts';
import { fitLabel, MAX_LABEL_CHARS } from './fitLabel.ts';
import { renderChart } from './renderChart.ts';

test('fitLabel cuts long labels by code points with an ellipsis, never inside a surrogate pair', () => {
  assert.equal(fitLabel('short'), 'short');
  assert.equal(fitLabel('a'.repeat(MAX_LABEL_CHARS)), 'a'.repeat(MAX_LABEL_CHARS));
  assert.equal(fitLabel('abcdef', 4), 'abc…');
  assert.equal(fitLabel('😀😀😀😀😀', 3), '😀😀…');
});

test('a chart cuts a 10,000-character label from the data in ticks, text marks and the legend, whole in a tooltip', () => {
  const long = `W${'o'.repeat(9_998)}d`;
  const data: ResultData = {
    columns: ['config', 'rate'],
    rows: [
      { config: long, rate: 0.5 },
      { config: 'native', rate: 0.2 },
    ],
  };
  const { spec, errors } = parseChartSpec(
    [
      'data: r',
      'title: Rates',
      'color: {legend: true}',
      'marks:',
      '  - {type: barX, y: config, x: rate, fill: config}',
      '  - {type: text, y: config, x: rate, text: config}',
    ].join('\n'),
    1,
    'p.md',
    'rates',
  );
  assert.deepEqual(errors, []);
  const svg = renderChart(spec!, new Map([['r', data]]));
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)/g)].map((m) => m[1]);
  assert.ok(texts.length > 3);
  assert.ok(
    texts.every((t) => Array.from(t).length <= MAX_LABEL_CHARS),
    'every drawn label fits',
  );
  const cut = `${long.slice(0, MAX_LABEL_CHARS - 1)}…`;
  // The y tick, the text mark and the legend entry each show the cut label.
  assert.ok(texts.filter((t) => t === cut).length >= 3, texts.join('\n').slice(0, 500));
  assert.ok(svg.includes(`<title>${long}</title>`), 'the whole label is the tooltip');
  assert.ok(texts.includes('native'), 'short labels are untouched');
});
