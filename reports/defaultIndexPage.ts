/**
 * The index page a site gets when none of its pages is named `index`:
 * `defaultPages/index.md`, an ordinary page that loops over the result
 * `pages`, which the builder gives it (every page in the navigation). The
 * built-in pages have their own `index.md` (the overview), and any page named
 * `index.md` replaces this one.
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../store/packageFile.ts';
import type { PageError } from './errors.ts';
import { pageTitle } from './page/pageTitle.ts';
import { type Page, parsePage } from './page/parsePage.ts';
import type { PageResults, ResultData } from './pageTypes.ts';

/** The default index page's file. */
export const DEFAULT_INDEX_FILE = packageFile('reports', 'defaultPages', 'index.md');

/** The default index page, parsed, with the results it reads besides its own SQL cells. */
export interface DefaultIndexPage {
  page: Page;
  /** `pages`: slug, title, description of every page in the navigation, in order. */
  results: PageResults;
  errors: PageError[];
}

/**
 * The default index page for a site of `pages` (in navigation order), or
 * undefined when one of them is named `index`.
 *
 * @example defaultIndexPage(loadPages(['my-pages']).pages)?.results.get('pages')?.rows
 *   // [{slug: 'evidence', title: 'Evidence demo', description: 'Pass rates with intervals'}, …]
 */
export function defaultIndexPage(pages: readonly Page[]): DefaultIndexPage | undefined {
  if (pages.some((p) => p.slug === 'index')) return undefined;
  const { page, errors } = parsePage(readFileSync(DEFAULT_INDEX_FILE, 'utf8'), DEFAULT_INDEX_FILE);
  return { page, results: new Map([['pages', pageList(pages)]]), errors };
}

/** Every page in the navigation as a result: `slug`, `title`, `description` (null when it has none). */
function pageList(pages: readonly Page[]): ResultData {
  const rows = pages
    .filter((p) => p.front.nav !== false)
    .map((p) => ({ slug: p.slug, title: pageTitle(p), description: p.front.description ?? null }));
  return { columns: ['slug', 'title', 'description'], rows };
}
