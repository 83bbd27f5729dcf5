/**
 * Real-Chromium checks for built pages, through `playwright-core` and Debian's
 * `chromium` (`/usr/bin/chromium`): open a page from `file://`, collect console
 * errors, page errors, dialogs and every request, take screenshots.
 *
 * @example
 *   const browser = await launchBrowser();          // undefined when Chromium is absent
 *   const visit = await openPage(browser, '/abs/site/index.html', { colorScheme: 'dark' });
 *   assert.deepEqual(visit.consoleErrors, []);
 *   assert.deepEqual(visit.externalRequests(), []);
 *   await visit.page.screenshot({ path: '/tmp/x.png', fullPage: true });
 *   await visit.close(); await browser.close();
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Debian's package installs Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the Chromium binary is installed. Tests skip visibly when it is not. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A launched browser. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium; undefined when it is not installed. Playwright's
 * `launch` gives every browser a fresh, temporary user-data-dir of its own
 * (it refuses `--user-data-dir`), removed when the browser closes.
 */
export async function launchBrowser(): Promise<TestBrowser | undefined> {
  if (!hasChromium()) return undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
  return { browser, close: () => browser.close() };
}

/** One page visit with everything it logged and requested. */
export interface Visit {
  page: Page;
  context: BrowserContext;
  url: string;
  /** Console messages of type error, and uncaught page errors. */
  consoleErrors: string[];
  /** Every request the page made, in order (the page's own URL included). */
  requests: string[];
  /** Messages of every dialog (alert, confirm, prompt) that opened; each was dismissed. */
  dialogs: string[];
  /** Requests other than the page's own file and `data:` URLs. */
  externalRequests(): string[];
  /** Loads another local file in the same tab (cheaper than a new visit); clears what was collected. */
  goto(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** Opens a local HTML file (absolute path) and waits until it has loaded. */
export async function openPage(tb: TestBrowser, file: string, opts: OpenOptions = {}): Promise<Visit> {
  const context = await tb.browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: true,
  });
  const page = await context.newPage();
  const visit: Visit = {
    page,
    context,
    url: '',
    consoleErrors: [],
    requests: [],
    dialogs: [],
    externalRequests: () => visit.requests.filter((r) => r !== visit.url && !r.startsWith('data:')),
    async goto(next: string) {
      visit.url = pathToFileURL(next).href;
      visit.consoleErrors.length = 0;
      visit.requests.length = 0;
      visit.dialogs.length = 0;
      await page.goto(visit.url, { waitUntil: 'load' });
    },
    close: () => context.close(),
  };
  page.on('console', (m) => {
    if (m.type() === 'error') visit.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => visit.consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => visit.requests.push(r.url()));
  page.on('dialog', (d) => {
    visit.dialogs.push(d.message());
    void d.dismiss();
  });
  await visit.goto(file);
  return visit;
}

/** Counts SVG mark elements (circles, paths, rects, lines) inside the page's charts. */
export async function countChartMarks(page: Page, selector = 'svg'): Promise<number> {
  return page.$$eval(`${selector} :is(circle, path, rect, line)`, (els) => els.length);
}

/** Asserts a visited page stayed inert: no console error, no request out of the file, no dialog, no script element. */
export async function assertInert(visit: Visit, name: string): Promise<void> {
  assert.deepEqual(visit.consoleErrors, [], `${name}: console errors`);
  assert.deepEqual(visit.externalRequests(), [], `${name}: requests leaving the file`);
  assert.deepEqual(visit.dialogs, [], `${name}: a dialog opened`);
  assert.equal(await visit.page.$$eval('script', (s) => s.length), 0, `${name}: a script element`);
}

/**
 * Visits `pages` of a built site (the first opened, the rest in the same tab)
 * in a colour scheme: each must stay inert ({@link assertInert}) and pass
 * `check`, and is screenshotted into `shots`. Skips the test, saying why,
 * when Chromium is not installed.
 */
export async function checkEachPage(
  t: TestContext,
  browser: TestBrowser | undefined,
  opts: { site: string; pages: readonly string[]; scheme: 'light' | 'dark'; shots: string },
  check: (visit: Visit, name: string) => Promise<void>,
): Promise<void> {
  if (!browser) {
    t.skip(`${CHROMIUM_PATH} is not installed (apt-get install chromium)`);
    return;
  }
  const [first, ...rest] = opts.pages;
  const visit = await openPage(browser, join(opts.site, `${first}.html`), { colorScheme: opts.scheme });
  try {
    for (const name of [first, ...rest]) {
      if (name !== first) await visit.goto(join(opts.site, `${name}.html`));
      await assertInert(visit, name);
      await check(visit, name);
      await screenshot(visit, join(opts.shots, `${name}-${opts.scheme}.png`));
    }
  } finally {
    await visit.close();
  }
  t.diagnostic(`screenshots in ${opts.shots}`);
}

/**
 * A full-page screenshot for a person to look at (nothing is asserted on it). Chromium sometimes refuses to
 * capture a very tall page on a loaded machine ("Unable to capture screenshot"); the viewport is taken then,
 * so a lost picture never fails the checks the page passed.
 */
async function screenshot(visit: Visit, path: string): Promise<void> {
  try {
    await visit.page.screenshot({ path, fullPage: true });
  } catch (err) {
    if (!/Unable to capture screenshot/.test(String(err))) throw err;
    await visit.page.screenshot({ path });
  }
}
