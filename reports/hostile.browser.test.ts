/**
 * Hostile values in real Chromium (Debian's `/usr/bin/chromium` through
 * playwright-core): a database whose labels, titles and crash fields hold a
 * 10,000-character word, bidi overrides (U+202E, U+202D) and right-to-left
 * text (reports/testdata/hostileDb.ts). Every built-in page, and a page that
 * puts those values inline in every kind of Markdown, must fit a 1280 px
 * viewport (no horizontal overflow; chart labels stay on the page), and the
 * page's own text after a value must read left to right (the value is
 * isolated, its overrides cannot reach past it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkEachPage, hasChromium, launchBrowser, type TestBrowser } from '../test/browser.ts';
import { BUILTIN_PAGES_DIR, buildReports } from './build.ts';
import { hostileDb, LONG_WORD, LRO, RLO } from './testdata/hostileDb.ts';

const SHOTS = process.env.ROUNDBOOK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'rb-hostile-shots-'));
const VIEWPORT_WIDTH = 1280;

/** A page that puts hostile values inline everywhere Markdown can hold one, each followed by the page's own words. */
const VALUES_PAGE = [
  '---',
  'title: Hostile values',
  'description: Every place a value can stand.',
  '---',
  '```sql v hidden',
  "SELECT process, subtype FROM crashes WHERE process LIKE '%' || chr(8238) || '%' ORDER BY captured_at LIMIT 1",
  '```',
  '```sql labels hidden',
  'SELECT DISTINCT config FROM pass_rates ORDER BY config',
  '```',
  'Process {{ v.process }} then paragraph words. Subtype {{ v.subtype }} then more words.',
  '',
  '**{{ v.process }}** then words after strong, and `{{ v.process }}` then words after code.',
  '',
  '## Heading {{ v.process }} then heading words',
  '',
  '- item {{ v.subtype }} then item words',
  '- item {{ v.process }}: then item words',
  '',
  '| label | note |',
  '|---|---|',
  '{{#each labels}}',
  '| {{ config }} then cell words | plain |',
  '{{/each}}',
  '',
  '[{{ v.process }} then link words](safe.md) then words after the link.',
  '',
  '```sql all_labels',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: page SQL, not a JS template
  'SELECT config, process FROM (SELECT DISTINCT config FROM pass_rates) , (SELECT process FROM ${v})',
  '```',
];

const PAGES = ['index', 'safe', 'dylib', 'sessions', 'scaling', 'crashes', 'quality', 'values'];

let root: string;
let site: string;
let browser: TestBrowser | undefined;

before(async () => {
  if (!hasChromium()) return;
  root = mkdtempSync(join(tmpdir(), 'rb-hostile-'));
  site = join(root, 'site');
  const pages = join(root, 'pages');
  mkdirSync(pages);
  writeFileSync(join(pages, 'values.md'), VALUES_PAGE.join('\n'));
  const db = await hostileDb(root);
  try {
    await buildReports({ db, pagesDirs: [BUILTIN_PAGES_DIR, pages], outDir: site });
  } finally {
    db.close();
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the hostile values reach the pages (so the checks below are not vacuous)', (t) => {
  if (!hasChromium()) return t.skip('no Chromium: the site is not built');
  const html = (p: string) => readFileSync(join(site, `${p}.html`), 'utf8');
  for (const p of ['index', 'safe', 'sessions', 'crashes', 'values'])
    assert.ok(html(p).includes(LONG_WORD.slice(0, 2000)), `${p}: the long word`);
  for (const p of ['index', 'safe', 'sessions', 'crashes', 'values'])
    assert.ok(html(p).includes(RLO), `${p}: U+202E`);
  for (const p of ['index', 'safe', 'sessions']) assert.ok(html(p).includes(LRO), `${p}: U+202D`);
  assert.match(html('crashes').replace(/<[^>]+>/g, ''), /captured 2025-12-22 17:00\./);
});

/**
 * Runs of 3+ ASCII letters that the page itself wrote (outside data values — `<bdi>` — charts
 * and result-table cells, each its own bidi paragraph) must be laid out left to right: each
 * letter right of the one before it on its line. Returns the runs that are not, with context.
 */
async function reorderedPageText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const root = document.querySelector('main');
    if (!root) return ['no <main>'];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      if (n.parentElement?.closest('svg, bdi, .table-wrap td')) continue;
      for (const m of n.data.matchAll(/[A-Za-z]{3,}/g)) {
        let prev: DOMRect | undefined;
        for (let i = m.index; i < m.index + m[0].length; i++) {
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const r = range.getBoundingClientRect();
          if (prev && Math.abs(r.top - prev.top) < 2 && r.left < prev.left - 0.5) {
            bad.push(`"${m[0]}" in "${n.data.slice(Math.max(0, m.index - 30), m.index + 40)}"`);
            break;
          }
          prev = r;
        }
      }
    }
    return bad.slice(0, 10);
  });
}

test('every page fits 1280 px, charts keep their labels on the page, the page text after a value is not reordered', (t) =>
  checkEachPage(t, browser, { site, pages: PAGES, scheme: 'light', shots: SHOTS }, async (visit, name) => {
    const { page } = visit;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= VIEWPORT_WIDTH, `${name}: ${width} px wide at a ${VIEWPORT_WIDTH} px viewport`);
    const offPage = await page.$$eval(
      'figure.chart svg text',
      (texts, vw) =>
        texts
          .map((t) => ({ r: t.getBoundingClientRect(), s: (t.textContent ?? '').slice(0, 40) }))
          .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > (vw as number) + 1))
          .map(({ r, s }) => `${Math.round(r.left)}..${Math.round(r.right)} ${s}`),
      VIEWPORT_WIDTH,
    );
    assert.deepEqual(offPage, [], `${name}: chart labels drawn off the page`);
    assert.deepEqual(await reorderedPageText(page), [], `${name}: page text reordered by a value`);
    if (name === 'crashes') {
      // The example crash's process holds U+202E; the sentence goes on in the page's own words.
      const sentence = await page.$$eval('article p', (ps) =>
        ps.map((p) => p.textContent ?? '').find((s) => s.includes('captured 2025-12-22')),
      );
      assert.ok(sentence?.includes(RLO), 'the example is the hostile crash');
    }
  }));
