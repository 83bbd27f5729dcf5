/**
 * The built-in pages in real Chromium (Debian's `/usr/bin/chromium` through
 * playwright-core), built from the project's example data: every page loads
 * with no console error and no request leaving the file, its charts have their
 * marks, and the malicious example report — plus a claim carrying a script and a
 * `javascript:` link put in on purpose — renders as inert text. Screenshots of
 * every page in light and dark are saved to $ROUNDBOOK_SCREENSHOTS or a temp folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { checkEachPage, hasChromium, launchBrowser, type TestBrowser } from '../test/browser.ts';
import { BUILTIN_PAGES_DIR, buildReports } from './build.ts';

const SHOTS = process.env.ROUNDBOOK_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'rb-page-shots-'));
const EXAMPLES = join(import.meta.dirname, '..', 'data', 'examples');
const HOSTILE = `<script>alert('claim')</script> v2.9 is safe, see [here](javascript:alert(2)) <img src=x onerror=alert(3)>`;

/** Charts each page draws and a mark each must hold on the example data (Plot labels mark groups by type). */
const CHARTS: Record<string, { chart: string; mark: string }[]> = {
  index: [],
  safe: [{ chart: 'crash-rates', mark: 'g[aria-label="dot"] circle' }],
  dylib: [{ chart: 'risk-difference', mark: 'g[aria-label="dot"] circle' }],
  sessions: [],
  scaling: [
    { chart: 'efficiency', mark: 'g[aria-label="dot"] circle' },
    { chart: 'fits', mark: 'g[aria-label="line"] path' },
  ],
  crashes: [{ chart: 'over-time', mark: 'g[aria-label="rect"] rect' }],
  // No drift in the example data: the chart shows the longest series, which held steady.
  quality: [{ chart: 'drift', mark: 'g[aria-label="dot"] circle' }],
};
const PAGES = Object.keys(CHARTS);

let site: string;
let browser: TestBrowser | undefined;

before(async () => {
  if (!hasChromium()) return;
  // Inside a folder of its own: the site is a symlink with its versions beside it.
  site = join(mkdtempSync(join(tmpdir(), 'rb-pages-site-')), 'site');
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [EXAMPLES], { workers: 0, now: () => new Date('2026-02-01T00:00:00Z') });
    // A conclusion with markup, tied to the malicious example report, reaches the claims audit on dylib.html.
    await db.run(
      `INSERT INTO claims (source_id, line, text, subject, stance)
       SELECT source_id, 40, ?, 'v2.9', 'stable' FROM sources WHERE path LIKE '%malicious_N5050%'`,
      [HOSTILE],
    );
    await analyze(db);
    await buildReports({ db, pagesDirs: [BUILTIN_PAGES_DIR], outDir: site });
  } finally {
    db.close();
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (site) rmSync(dirname(site), { recursive: true, force: true });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`built-in pages in Chromium (${scheme}): no console error, no request out, marks drawn, data inert`, (t) =>
    checkEachPage(t, browser, { site, pages: PAGES, scheme, shots: SHOTS }, async (visit, name) => {
      const unsafe = await visit.page.$$eval(
        'a[href], img[src]',
        (els) =>
          els.filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? ''))
            .length,
      );
      assert.equal(unsafe, 0, `${name}: a javascript: link`);
      assert.equal(await visit.page.$$eval('[onerror], [onclick], [onload]', (e) => e.length), 0);
      for (const { chart, mark } of CHARTS[name]) {
        const marks = await visit.page.$$eval(`figure#chart-${chart} svg :is(${mark})`, (m) => m.length);
        assert.ok(marks > 0, `${name}: chart ${chart} has no ${mark}`);
      }
      // Every page answers first: a bold sentence before anything else.
      assert.ok(await visit.page.$('article > p:first-child strong'), `${name}: no answer sentence first`);
      const text = (await visit.page.textContent('article')) ?? '';
      assert.doesNotMatch(text, /\bNaN\b|\bundefined\b|\{\{/, `${name}: a raw value`);
      if (name === 'sessions')
        // The malicious report's title is shown, as text.
        assert.match(text, /Verification Report N=5050 alert\(1\)/);
      if (name === 'dylib') {
        assert.ok(text.includes(HOSTILE), 'the hostile claim is shown verbatim, as text');
        assert.equal(await visit.page.$$eval('article img', (i) => i.length), 0);
      }
    }));
}
