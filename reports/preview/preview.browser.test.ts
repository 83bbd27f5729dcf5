/**
 * `roundbook preview` in real Chromium (Debian's `/usr/bin/chromium` through
 * playwright-core): the command started on a free port over the demo database
 * and a folder with one page of ours; editing the page file changes the open
 * page with no reload from the test (the page's own event stream reloads it);
 * a SQL error shows in the page as `file:line`, and saving the fix recovers;
 * a write to the database (while the preview runs) shows in the page.
 * Ctrl-C stops the command with status 0; nothing is written beside it.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { hasChromium, launchBrowser, type TestBrowser } from '../../test/browser.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(ROOT, 'data', 'examples');
const noChromium = hasChromium() ? false : 'needs Chromium at /usr/bin/chromium';

const LIVE = (text: string, extra = '') =>
  `---\ntitle: Live page\n---\n\n${text}\n\n\`\`\`sql n hidden\nSELECT count(*) AS n FROM rounds\n\`\`\`\n\nRounds: {{ n.n }}\n\n\`\`\`sql t hidden\nSELECT count(*) AS n FROM duckdb_tables()\n\`\`\`\n\nTables: {{ t.n }}\n${extra}`;
const BAD_CELL = '\n```sql bad\nSELECT no_such_column FROM rounds\n```\n';

let tmp: string;
let dbPath: string;
let pageFile: string;
let child: ChildProcess | undefined;
let output = '';
let browser: TestBrowser | undefined;

before(async () => {
  if (noChromium) return;
  tmp = mkdtempSync(join(tmpdir(), 'rb-preview-'));
  dbPath = join(tmp, 'demo.duckdb');
  const db = await Db.open(dbPath);
  try {
    await ingestPaths(db, [EXAMPLES], { workers: 0, now: () => new Date('2026-02-01T00:00:00Z') });
    await analyze(db);
  } finally {
    db.close();
  }
  const pages = join(tmp, 'pages');
  mkdirSync(pages);
  pageFile = join(pages, 'live.md');
  writeFileSync(pageFile, LIVE('Hello, first version.'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Resolves with the first match of `re` in the command's output, waiting up to `ms`. */
function waitForOutput(re: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    const check = () => {
      const m = re.exec(output);
      if (m) {
        clearInterval(timer);
        clearTimeout(limit);
        ok(m);
      }
    };
    const timer = setInterval(check, 50);
    const limit = setTimeout(() => {
      clearInterval(timer);
      fail(new Error(`no ${re} in the preview's output:\n${output}`));
    }, ms);
    check();
  });
}

test('preview in Chromium: an edit shows without reloading, a SQL error shows as file:line, a fix recovers', {
  skip: noChromium,
  timeout: 120_000,
}, async () => {
  child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'roundbook.js'),
      'preview',
      '--port',
      '0',
      '--db',
      dbPath,
      '--pages',
      join(tmp, 'pages'),
    ],
    { cwd: tmp, env: { ...process.env, ROUNDBOOK_FROM_SOURCE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const [, url] = await waitForOutput(/preview: (http:\/\/127\.0\.0\.1:\d+\/)/, 60_000);

  const context = await (browser as TestBrowser).browser.newContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`${url}live.html`);
  assert.match((await page.textContent('article')) ?? '', /Hello, first version\.[\s\S]*Rounds: \d+/);
  await page.waitForSelector('html[data-roundbook-preview="live"]', { timeout: 10_000 });
  assert.equal(loads, 1);

  // The edit: the page reloads itself, the test only waits.
  writeFileSync(pageFile, LIVE('Hello, second version.'));
  await page.getByText('Hello, second version.').waitFor({ timeout: 15_000 });
  assert.ok(loads >= 2, 'the page reloaded itself');

  // A SQL error: its file:line in the page.
  writeFileSync(pageFile, LIVE('Hello, second version.', BAD_CELL));
  const errors = page.locator('pre.roundbook-preview-errors');
  await errors.waitFor({ timeout: 15_000 });
  const text = (await errors.textContent()) ?? '';
  assert.ok(text.includes(`${pageFile}:20: SQL error in \`bad\``), text);
  assert.match(text, /no_such_column/);

  // The fix: the page comes back, the error list goes.
  writeFileSync(pageFile, LIVE('Hello, fixed version.'));
  await page.getByText('Hello, fixed version.').waitFor({ timeout: 15_000 });
  assert.equal(await errors.count(), 0);
  // The database changed (as by an ingest, which finds the file free): the page follows.
  const tables = Number(/Tables: (\d+)/.exec((await page.textContent('article')) ?? '')?.[1]);
  const writer = await Db.open(dbPath);
  try {
    await writer.run('CREATE TABLE preview_probe (x INTEGER)');
  } finally {
    writer.close();
  }
  await page.getByText(`Tables: ${tables + 1}`).waitFor({ timeout: 20_000 });
  const dbAfter = statSync(dbPath).mtimeMs;

  // Another page of the site, built in the same preview, carries no error either.
  await page.goto(`${url}index.html`);
  assert.equal(await page.locator('pre.roundbook-preview-errors').count(), 0);
  assert.deepEqual(consoleErrors, [], 'no console error (the reload script is allowed by the page policy)');
  await context.close();

  const exited = new Promise<number | null>((ok) => child?.once('exit', (code) => ok(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0, output);
  assert.match(output, /rebuilt live in \d+ ms/);
  assert.match(output, /preview stopped/);
  assert.deepEqual(
    readdirSync(tmp).sort(),
    ['demo.duckdb', 'pages'],
    'no site/ written, no database created',
  );
  assert.equal(statSync(dbPath).mtimeMs, dbAfter, 'the preview only reads the database');
});
