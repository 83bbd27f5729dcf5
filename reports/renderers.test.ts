import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePage } from './compilePage.ts';
import { parsePage } from './page/parsePage.ts';
import type { PageResults } from './pageTypes.ts';
import { RENDERERS, REPORT_FORMATS } from './renderers.ts';
import { renderPageCharts } from './renderPageCharts.ts';

const PAGE = [
  '---',
  'title: Demo',
  '---',
  'Top: {{ r.x }}',
  '```chart dots',
  'data: r',
  'title: Dots',
  'color: {legend: true, type: linear}',
  'marks:',
  '  - {type: dot, x: x, y: y, fill: y}',
  '```',
].join('\n');
const results: PageResults = new Map([
  [
    'r',
    {
      columns: ['x', 'y'],
      rows: [
        { x: 1, y: 2 },
        { x: 2, y: 3 },
      ],
    },
  ],
]);

function compiled() {
  const { page, errors } = parsePage(PAGE, 'pages/demo.md');
  assert.deepEqual(errors, []);
  const c = compilePage(page, results);
  assert.deepEqual(c.errors, []);
  return c.compiled;
}

describe('RENDERERS', () => {
  test('each format renders <slug>.<format>, names index.<format> its entry, and draws the chart', () => {
    assert.deepEqual(REPORT_FORMATS, ['html', 'md']);
    const nav = [{ slug: 'demo', title: 'Demo' }];
    for (const format of REPORT_FORMATS) {
      const r = RENDERERS[format];
      assert.equal(r.entry, `index.${format}`);
      const out = r.render(compiled(), nav);
      assert.deepEqual(out.errors, []);
      assert.equal(out.page.name, `demo.${format}`);
      // HTML isolates each value in <bdi>; Markdown leaves a left-to-right value as it is.
      assert.match(out.page.text, format === 'html' ? /Top: <bdi>1<\/bdi>/ : /Top: 1/);
      const svgs = [out.page.text, ...out.charts.map((f) => f.text)].join('');
      assert.match(svgs, /<svg class="rb-plot".*>Dots<\/text>/s, `${format}: the chart is drawn`);
    }
  });

  test('HTML puts charts inline; Markdown writes them beside the page and shows them as images', () => {
    const html = RENDERERS.html.render(compiled(), []);
    assert.deepEqual(html.charts, []);
    assert.match(html.page.text, /<figure class="chart" id="chart-dots"><svg [^>]*>/);
    assert.doesNotMatch(html.page.text, /xmlns=/, 'inline SVG');
    const ids = [...html.page.text.matchAll(/\sid="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((id) => id !== 'chart-dots');
    assert.ok(
      ids.length > 0 && ids.every((id) => id.startsWith('demo-dots-')),
      `ids prefixed with page and chart: ${ids}`,
    );
    const md = RENDERERS.md.render(compiled(), []);
    assert.deepEqual(
      md.charts.map((f) => f.name),
      ['demo-dots.svg'],
    );
    assert.match(md.charts[0].text, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg".*<\/svg>\n$/s);
    assert.match(md.page.text, /!\[Dots\]\(demo-dots\.svg\)/);
  });
});

describe('renderPageCharts', () => {
  test('a chart that fails to draw is an error at its fence line; the others are drawn', () => {
    const page = `${PAGE}\n\`\`\`chart bad\ndata: r\nmarks:\n  - {type: dot, x: x, y: y}\n\`\`\`\n`;
    const { page: p } = parsePage(page, 'pages/demo.md');
    const c = compilePage(p, results).compiled;
    const out = renderPageCharts(c, (b) => {
      if (b.name === 'bad') throw new Error('Plot said no');
      return `<svg>${b.name}</svg>`;
    });
    assert.deepEqual([...out.charts], [['dots', '<svg>dots</svg>']]);
    assert.deepEqual(out.errors, [{ file: 'pages/demo.md', line: 12, message: 'chart `bad`: Plot said no' }]);
  });
});
