import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  checkEachPage,
  countChartMarks,
  hasChromium,
  launchBrowser,
  type TestBrowser,
} from '../test/browser.ts';
import { buildReports } from './build.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';

const SHOTS = process.env.ROUNDBOOK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'rb-shots-'));
let site: string;
let browser: TestBrowser | undefined;

before(async () => {
  if (!hasChromium()) return;
  // Inside a folder of its own: the site is a symlink with its versions beside it.
  site = join(mkdtempSync(join(tmpdir(), 'rb-site-')), 'site');
  const db = await fixtureDb();
  try {
    await buildReports({ db, pagesDirs: [join(import.meta.dirname, 'testdata', 'pages')], outDir: site });
  } finally {
    db.close();
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (site) rmSync(dirname(site), { recursive: true, force: true });
});

const PAGES = ['index', 'evidence', 'scaling'];

for (const scheme of ['light', 'dark'] as const) {
  test(`demo pages in Chromium (${scheme}): no console error, no request out, marks drawn, data inert`, (t) =>
    checkEachPage(t, browser, { site, pages: PAGES, scheme, shots: SHOTS }, async (visit, name) => {
      if (name !== 'index')
        assert.ok((await countChartMarks(visit.page, 'figure.chart svg')) > 0, `${name}: marks`);
      if (name !== 'evidence') return;
      const text = await visit.page.textContent('article');
      assert.match(text ?? '', /<script>alert\(1\)<\/script> and \[x\]\(javascript:alert\(1\)\)/);
      const jsLinks = await visit.page.$$eval(
        'a',
        (as) => as.filter((a) => a.getAttribute('href')?.toLowerCase().startsWith('javascript')).length,
      );
      assert.equal(jsLinks, 0);
      assert.equal(await visit.page.$$eval('figure.chart svg circle', (c) => c.length), 4);
      // Charts follow the page colours, which follow the colour scheme.
      const color = await visit.page.$eval('svg.rb-plot', (s) => getComputedStyle(s).color);
      assert.equal(color, scheme === 'dark' ? 'rgb(230, 237, 243)' : 'rgb(31, 35, 40)');
    }));
}
