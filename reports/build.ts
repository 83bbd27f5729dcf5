/**
 * Builds the report site: parses every page, runs every query, checks every
 * chart, value and loop, and only when nothing is wrong renders the pages in
 * each format asked for (through the renderer table) in memory and writes the
 * site, switched whole (writeSite.ts) with a manifest naming the database
 * state it was built from (siteManifest.ts).
 */
import type { Db } from '../store/db.ts';
import { packageFile } from '../store/packageFile.ts';
import { isLinkBase } from './citedSource.ts';
import { compilePage } from './compilePage.ts';
import { defaultIndexPage } from './defaultIndexPage.ts';
import { demoDataBanner } from './demoData.ts';
import { PageBuildError, type PageError } from './errors.ts';
import { loadPages, type Override } from './loadPages.ts';
import { pageTitle } from './page/pageTitle.ts';
import type { Page } from './page/parsePage.ts';
import type { CompiledPage, NavItem, PageResults, SiteContext } from './pageTypes.ts';
import { RENDERERS, REPORT_FORMATS, type ReportFormat } from './renderers.ts';
import { type QueryCache, runQueries } from './runQueries.ts';
import type { SiteFs } from './siteFs.ts';
import { databaseFingerprint } from './siteManifest.ts';
import { ingestedRoots } from './sourceRoots.ts';
import { expandTemplatedPages, listsNamedBy, rowResult } from './templatedPages.ts';
import { type BuiltFile, writeSite } from './writeSite.ts';

export type { BuiltFile } from './writeSite.ts';

/** Folder of the built-in pages shipped with roundbook. */
export const BUILTIN_PAGES_DIR = `${packageFile('reports', 'pages')}/`;

/** What to build: pages from `pagesDirs` over `db`, to `outDir`, in `formats`. */
export interface BuildOptions {
  db: Db;
  /** Page folders in rising priority; a later page replaces an earlier one of the same file name. */
  pagesDirs: readonly string[];
  outDir: string;
  /** Default both. */
  formats?: readonly ReportFormat[];
  /** The filesystem the site is written through (tests inject failures); default the real one. */
  fs?: SiteFs;
  /**
   * A base URL (`https://github.com/org/repo/blob/COMMIT`): every cited
   * `path:line` links to `URL/<path>#L<line>`. Must be http(s). Default: no links.
   */
  linkBase?: string;
  /** Folders cited paths are shown relative to; default the ingested roots (`sourceRoots.ts`). */
  sourceRoots?: readonly string[];
  /**
   * The banner at the top of every page; default the demo-data banner when
   * the database holds roundbook's shipped demo data (`demoData.ts`), null for none.
   */
  banner?: string | null;
}

/** What a build wrote and which pages it built. */
export interface BuildResult {
  files: BuiltFile[];
  /**
   * Output base names of the pages, in navigation order (the default index is
   * not one of them); a templated page's pages stand where it stands.
   */
  pages: string[];
  /** Pages that replaced a built-in (or earlier) page of the same name. */
  overrides: Override[];
  /** The page to open first, relative to `outDir`: `index.html` (or `index.md` when only Markdown is built). */
  entry: string;
  /** How the site was written: switched whole, or (into a folder of the user's) file by file. */
  mode: 'switch' | 'in place';
  /** Why the site was written in place and how to get the switch; absent otherwise. */
  note?: string;
}

/**
 * Builds every page. Throws {@link PageBuildError} listing every error (page
 * file and line) when any page, query or chart is wrong; nothing is written
 * then. Otherwise writes the site to `outDir`: each page in each format
 * (`<page>.html`; `<page>.md` with `<page>-<chart>.svg`), plus the default
 * index page listing the pages when no page is called `index`, and the
 * manifest. The site is switched whole; with nothing changed nothing is
 * written. Throws `SiteWriteError` (naming the file) when the disk is full or
 * a write is refused: the previous site stays. Page queries lock the database
 * down first (`runQueries`).
 */
export async function buildReports(opts: BuildOptions): Promise<BuildResult> {
  if (opts.linkBase !== undefined && !isLinkBase(opts.linkBase))
    throw new PageBuildError([
      { file: '--link-base', line: 1, message: `${JSON.stringify(opts.linkBase)} is not an http(s) URL` },
    ]);
  const asked = opts.formats ?? REPORT_FORMATS;
  const formats = REPORT_FORMATS.filter((f) => asked.includes(f));
  const loaded = loadPages(opts.pagesDirs);
  if (!loaded.pages.length && !loaded.errors.length)
    throw new PageBuildError([
      { file: opts.pagesDirs.join(', ') || '(none)', line: 1, message: 'no pages (*.md) found' },
    ]);
  const errors: PageError[] = [...loaded.errors];
  const expanded = await expandTemplatedPages(opts.db, loaded.pages);
  errors.push(...expanded.errors);
  const sitePages: { page: Page; given: PageResults }[] = expanded.pages.map((page) => ({
    page,
    given: new Map([...listsNamedBy(page, expanded.lists), ...rowResult(page)]),
  }));
  const index = defaultIndexPage(expanded.pages);
  if (index) {
    errors.push(...index.errors);
    sitePages.push({ page: index.page, given: index.results });
  }
  const compiled: CompiledPage[] = [];
  for (const { page, given } of sitePages) {
    const c = await compileOver(opts.db, page, given);
    errors.push(...c.errors);
    compiled.push(c.compiled);
  }
  if (errors.length) throw new PageBuildError(uniqueErrors(errors));

  const banner = opts.banner === undefined ? await demoDataBanner(opts.db) : (opts.banner ?? undefined);
  const site: SiteContext = {
    pages: expanded.pages.map((p) => p.slug),
    sourceRoots: opts.sourceRoots ?? (await ingestedRoots(opts.db)),
    ...(opts.linkBase ? { linkBase: opts.linkBase } : {}),
    ...(banner ? { banner } : {}),
  };
  const outputs = renderSite(compiled, formats, site);
  const database = await databaseFingerprint(opts.db);
  const written = writeSite(opts.outDir, outputs, { database, fs: opts.fs });
  const files: BuiltFile[] = written.files;
  return {
    files,
    mode: written.mode,
    ...(written.note ? { note: written.note } : {}),
    pages: expanded.pages.map((p) => p.slug),
    overrides: loaded.overrides,
    // With no format nothing is written; the entry then names the Markdown index.
    entry: RENDERERS[formats[0] ?? 'md'].entry,
  };
}

/**
 * Runs the page's queries and compiles it over their results plus the `given`
 * ones. `db` and `cache` as for `runQueries`.
 */
export async function compileOver(
  db: Db | (() => Promise<Db>),
  page: Page,
  given: PageResults,
  cache?: QueryCache,
): Promise<{ compiled: CompiledPage; errors: PageError[] }> {
  const q = await runQueries(db, page, { cache });
  const c = compilePage(page, new Map([...given, ...q.results]));
  return { compiled: c.compiled, errors: [...q.errors, ...c.errors] };
}

/** The navigation of a site of `pages` (in navigation order): every page but those with `nav: false`. */
export function siteNav(pages: readonly Page[]): NavItem[] {
  return pages.filter((p) => p.front.nav !== false).map((p) => ({ slug: p.slug, title: pageTitle(p) }));
}

/** Each error once: the pages of one template share their file, so they would repeat its errors. */
function uniqueErrors(errors: readonly PageError[]): PageError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}\0${e.line}\0${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Renders every page in every format: for each page its chart files, then its
 * page files, by file name. A page whose charts fail in one format is not
 * rendered in the next; throws {@link PageBuildError} with every failed chart.
 */
function renderSite(
  compiled: readonly CompiledPage[],
  formats: readonly ReportFormat[],
  site: SiteContext,
): Map<string, string> {
  const nav = siteNav(compiled.map((c) => c.page));
  const outputs = new Map<string, string>();
  const errors: PageError[] = [];
  for (const c of compiled) {
    const pageFiles = [];
    for (const format of formats) {
      const rendered = RENDERERS[format].render(c, nav, site);
      if (rendered.errors.length) {
        errors.push(...rendered.errors);
        break;
      }
      for (const chart of rendered.charts) outputs.set(chart.name, chart.text);
      pageFiles.push(rendered.page);
    }
    for (const file of pageFiles) outputs.set(file.name, file.text);
  }
  if (errors.length) throw new PageBuildError(errors);
  return outputs;
}
