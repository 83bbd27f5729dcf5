import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  assertInert,
  countChartMarks,
  hasChromium,
  launchBrowser,
  openPage,
  type TestBrowser,
} from '../test/browser.ts';
import { buildReports } from './build.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';

const SHOTS = process.env.ROUNDBOOK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'rb-shots-'));
let site: string;
let browser: TestBrowser | undefined;

before(async () => {
  if (!hasChromium()) return;
  site = mkdtempSync(join(tmpdir(), 'rb-site-'));
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
});

const PAGES = ['index', 'evidence', 'scaling'];

for (const scheme of ['light', 'dark'] as const) {
  test(`demo pages in Chromium (${scheme}): no console error, no request out, marks drawn, data inert`, async (t) => {
    if (!browser) {
      t.skip('/usr/bin/chromium is not installed (apt-get install chromium)');
      return;
    }
    const visit = await openPage(browser, join(site, 'index.html'), { colorScheme: scheme });
    try {
      for (const name of PAGES) {
        if (name !== 'index') await visit.goto(join(site, `${name}.html`));
        await assertInert(visit, name);
        if (name !== 'index')
          assert.ok((await countChartMarks(visit.page, 'figure.chart svg')) > 0, `${name}: marks`);
        if (name !== 'evidence') continue;
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
        await visit.page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
      }
    } finally {
      await visit.close();
    }
    t.diagnostic(`screenshots in ${SHOTS}`);
  });
}
