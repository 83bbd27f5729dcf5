/**
 * The report site kept in memory for the live preview, rebuilt page by page:
 * the same steps as `buildReports` (`loadPages` → `runQueries` →
 * `compilePage` → the HTML renderer), but only for the pages a change touches
 * (`pagesTouched`), every page's HTML rendered again only when the navigation
 * changed, and nothing written anywhere. A page with errors is served as the
 * list of them (`file:line: message`); every other page then carries them in
 * a banner, so a mistake is seen wherever the reader is.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../store/db.ts';
import { compileOver, siteNav } from '../build.ts';
import { defaultIndexPage } from '../defaultIndexPage.ts';
import { demoDataBanner } from '../demoData.ts';
import { formatPageError, type PageError } from '../errors.ts';
import { choosePageFiles, sortPages } from '../loadPages.ts';
import { type Page, parsePage } from '../page/parsePage.ts';
import type { CompiledPage, NavItem, PageResults, SiteContext } from '../pageTypes.ts';
import type { ChartCache } from '../renderer.ts';
import { RENDERERS } from '../renderers.ts';
import type { QueryCache } from '../runQueries.ts';
import { ingestedRoots } from '../sourceRoots.ts';
import { expandTemplatedPages, listsNamedBy, pagesListName, rowResult } from '../templatedPages.ts';
import { type PreviewChange, pagesTouched } from './pagesTouched.ts';

/** Where the pages come from and how to reach the database. */
export interface PreviewSiteOptions {
  /** Page folders in rising priority, as for `buildReports` (page files are named by absolute path). */
  pagesDirs: readonly string[];
  /** Opens the database for one rebuild (read-only); the site closes it when the rebuild is done. */
  openDb: () => Promise<Db>;
  /** How errors name the database (its path). */
  dbLabel: string;
}

/** What one update did. */
export interface PreviewUpdate {
  /** Slugs of the pages compiled again (their queries run, or taken from the page's cache when their SQL ran before on the same database). */
  queried: string[];
  /** Slugs of the pages rendered again. */
  rendered: string[];
  /** Slugs whose served page changed (a browser showing one reloads). */
  changed: string[];
  /** Every error the site has now, `file:line: message` (or `database: message`). */
  errors: string[];
  /** The database could not be opened: the pages it would have rebuilt wait for the next update. */
  databaseFailed: boolean;
  /** The database was opened (some query was not in a page's cache). */
  databaseOpened: boolean;
  /** Wall-clock time of the update, in milliseconds. */
  ms: number;
}

/** One page as the preview holds it. */
interface PageState {
  page: Page;
  /** Errors of parsing the page file. */
  parseErrors: PageError[];
  /** Errors of its queries and of checking it (values, loops, charts' specs). */
  compileErrors?: PageError[];
  /** Errors of drawing its charts. */
  renderErrors?: PageError[];
  compiled?: CompiledPage;
  /** Results the builder gives the page (the default index's `pages`). */
  given: PageResults;
  html?: string;
  /** Its query results by SQL, valid while the database has not changed. */
  queryCache: QueryCache;
  /** Its charts as last drawn. */
  chartCache: ChartCache;
}

/** The name the default index page goes by (no page file has it: it is not `*.md`). */
const DEFAULT_INDEX = '(default index)';

/** The names the pages a template makes go by (no page file has them: they are not `*.md`). */
const GENERATED = '(generated) ';

/** True for a templated page (`each:` in its front matter): not served itself, it makes pages. */
const isTemplate = (state: PageState) => state.page.front.each !== undefined;

/**
 * The site in memory. Call {@link update} with what changed (the first call
 * builds every page), then {@link page} for what to serve.
 *
 * @example
 *   const site = new PreviewSite({ pagesDirs, openDb: () => Db.open(path, { readOnly: true }), dbLabel: path });
 *   await site.update({ files: [], database: true });
 *   site.page('index')?.html;
 */
export class PreviewSite {
  private chosen = new Map<string, string>();
  private readonly states = new Map<string, PageState>();
  private nav: NavItem[] = [];
  private navKey = '';
  private databaseError: string | undefined;
  /** Names still to build (their rebuild waited for the database). */
  private readonly pending = new Set<string>();
  private served = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private generation = 0;
  /** What every page shares (banner, cited paths' roots, every page's name), read again when the database changes. */
  private site: SiteContext = { pages: [], sourceRoots: [] };
  /** The lists of the templates' pages (`pages_<template>`). */
  private lists: PageResults = new Map();
  /** The names of the page files that are templates (`each:`), as last expanded. */
  private readonly templates = new Set<string>();

  constructor(private readonly opts: PreviewSiteOptions) {}

  /** Rebuilds what `change` touches, in memory. Never throws for a page's or the database's error: they are served. */
  async update(change: PreviewChange): Promise<PreviewUpdate> {
    const start = performance.now();
    const after = choosePageFiles(this.opts.pagesDirs.map((d) => resolve(d))).chosen;
    const touched = pagesTouched(this.chosen, after, change);
    this.chosen = after;
    for (const name of touched.names) this.pending.add(name);
    if (touched.all || change.database) for (const name of this.states.keys()) this.pending.add(name);

    // Read the touched page files (no database needed).
    for (const name of [...this.pending]) {
      if (name === DEFAULT_INDEX || name.startsWith(GENERATED)) continue;
      const file = after.get(name);
      if (!file) {
        this.states.delete(name);
        this.pending.delete(name);
        continue;
      }
      const parsed = parsePage(readFileSync(file, 'utf8'), file);
      const old = this.states.get(name);
      this.states.set(name, {
        queryCache: new Map(),
        chartCache: new Map(),
        ...old,
        page: parsed.page,
        parseErrors: parsed.errors,
        given: listsNamedBy(parsed.page, this.lists),
      });
    }
    if (change.database) for (const state of this.states.values()) state.queryCache.clear();
    const queried: string[] = [];
    let db: Db | undefined;
    let openFailure: unknown;
    let navChanged = false;
    const openDb = async (): Promise<Db> => {
      try {
        db ??= await this.opts.openDb();
        return db;
      } catch (err) {
        openFailure = err;
        throw err;
      }
    };
    try {
      // Templates make their pages from the database: every template again when the data changed, else the
      // templates edited, added or removed (a removed one takes its pages with it).
      const first = this.generation === 0;
      const edited = new Set(
        [...this.pending].filter((n) => {
          const state = this.states.get(n);
          return state ? isTemplate(state) : this.templates.has(n);
        }),
      );
      for (const n of this.templates) if (!this.states.has(n)) edited.add(n);
      if (change.database || first || edited.size)
        await this.expandTemplates(await openDb(), change.database || first ? 'all' : edited);
      if (change.database || this.generation === 0) await this.readSite(await openDb());
      this.updateDefaultIndex();
      navChanged = this.updateNav();
      if (navChanged && this.states.has(DEFAULT_INDEX)) this.pending.add(DEFAULT_INDEX);

      // Compile the touched pages: their queries run over the database opened for this update only,
      // a query whose SQL ran before on the same database taken from the page's cache.
      for (const name of [...this.pending]) {
        const state = this.states.get(name);
        if (state && isTemplate(state)) {
          this.pending.delete(name);
          continue;
        }
        if (state) {
          const c = await compileOver(openDb, state.page, state.given, state.queryCache);
          state.compiled = c.compiled;
          state.compileErrors = c.errors;
          queried.push(state.page.slug);
        }
        this.pending.delete(name);
      }
      this.databaseError = undefined;
    } catch (err) {
      if (openFailure === undefined) throw err;
      this.databaseError = `${this.opts.dbLabel}: ${(err as Error).message.replace(/\s+/g, ' ').trim()}`;
    } finally {
      db?.close();
    }

    // Render: the pages just compiled, or every page when the navigation changed.
    const rendered: string[] = [];
    const renderer = RENDERERS.html;
    const site: SiteContext = { ...this.site, pages: this.ordered().map((s) => s.page.slug) };
    for (const state of this.states.values()) {
      if (!state.compiled || (!navChanged && !queried.includes(state.page.slug))) continue;
      const r = renderer.render(state.compiled, this.nav, site, { chartCache: state.chartCache });
      state.renderErrors = r.errors;
      state.html = r.errors.length ? undefined : r.page.text;
      rendered.push(state.page.slug);
    }
    const changed = this.updateServed();
    return {
      queried,
      rendered,
      changed,
      errors: this.errors(),
      databaseFailed: this.databaseError !== undefined,
      databaseOpened: db !== undefined,
      ms: performance.now() - start,
    };
  }

  /** The page to serve for `slug` (without the live-reload script) and its version, or undefined when there is none. */
  page(slug: string): { html: string; version: number } | undefined {
    const html = this.served.get(slug);
    return html === undefined ? undefined : { html, version: this.versions.get(slug) ?? 0 };
  }

  /** Every served page's version: it changes whenever what is served for the page changes. */
  pageVersions(): Record<string, number> {
    return Object.fromEntries(this.versions);
  }

  /** Slugs of the site's pages, in navigation order (pages with `nav: false` too). */
  slugs(): string[] {
    return this.ordered().map((s) => s.page.slug);
  }

  /** Every error the site has now, sorted by file and line, the database's first. */
  errors(): string[] {
    const pageErrors = [...this.states.values()]
      .flatMap(ownErrors)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line)
      .map(formatPageError);
    return [...(this.databaseError ? [this.databaseError] : []), ...pageErrors];
  }

  /**
   * Replaces the pages of `which` templates (their file names, or all) by those they make now
   * (`expandTemplatedPages`, as the build does), and gives every page the lists of them it names. A
   * template's errors are its own; its pages keep their caches (keyed by SQL and values).
   */
  private async expandTemplates(db: Db, which: 'all' | ReadonlySet<string>): Promise<void> {
    const files = [...this.states.entries()].filter(([n]) => n !== DEFAULT_INDEX && !n.startsWith(GENERATED));
    const chosen = files.filter(([n, s]) => isTemplate(s) && (which === 'all' || which.has(n)));
    const redo = new Set(which === 'all' ? [...this.templates, ...chosen.map(([n]) => n)] : which);
    const old = new Map<string, PageState>();
    for (const [name, state] of [...this.states])
      if (name.startsWith(GENERATED) && redo.has(name.slice(GENERATED.length).split('\u0000')[0])) {
        old.set(name, state);
        this.states.delete(name);
      }
    for (const name of redo) {
      const state = this.states.get(name);
      if (!state || !isTemplate(state)) {
        this.templates.delete(name);
        this.lists.delete(pagesListName(name.replace(/\.md$/i, '')));
      }
    }
    const others = files.filter(([, s]) => !isTemplate(s)).map(([, s]) => s.page);
    const ex = await expandTemplatedPages(db, sortPages([...others, ...chosen.map(([, s]) => s.page)]));
    for (const [name, state] of chosen) {
      this.templates.add(name);
      state.compileErrors = ex.errors.filter((e) => e.file === state.page.file);
      const made = ex.pages.filter((p) => p.params && p.file === state.page.file);
      for (const page of made) {
        const key = `${GENERATED}${name}\u0000${page.slug}`;
        const before = old.get(key);
        this.states.set(key, {
          page,
          parseErrors: [],
          given: rowResult(page),
          queryCache: before?.queryCache ?? new Map(),
          chartCache: before?.chartCache ?? new Map(),
        });
        this.pending.add(key);
      }
    }
    for (const [list, result] of ex.lists) this.lists.set(list, result);
    for (const [name, state] of files) {
      if (isTemplate(state)) continue;
      const named = listsNamedBy(state.page, this.lists);
      const before = JSON.stringify([...state.given]);
      state.given = named;
      if (JSON.stringify([...named]) !== before) this.pending.add(name);
    }
  }

  /** Reads what every page shares from the database: the demo-data banner and the roots cited paths are shown from. */
  private async readSite(db: Db): Promise<void> {
    const banner = await demoDataBanner(db);
    this.site = { pages: [], sourceRoots: await ingestedRoots(db), ...(banner ? { banner } : {}) };
  }

  private ordered(): PageState[] {
    const pages = sortPages(
      [...this.states.entries()]
        .filter(([n, s]) => n !== DEFAULT_INDEX && !isTemplate(s))
        .map(([, s]) => s.page),
    );
    const byPage = new Map([...this.states.values()].map((s) => [s.page, s]));
    const index = this.states.get(DEFAULT_INDEX);
    return [...pages.map((p) => byPage.get(p) as PageState), ...(index ? [index] : [])];
  }

  /** Adds, updates or drops the default index page (there is one when no page is named `index`). */
  private updateDefaultIndex(): void {
    const pages = this.ordered()
      .filter((s) => s !== this.states.get(DEFAULT_INDEX))
      .map((s) => s.page);
    const index = defaultIndexPage(pages);
    if (!index) {
      this.states.delete(DEFAULT_INDEX);
      return;
    }
    const old = this.states.get(DEFAULT_INDEX);
    const listed = JSON.stringify(index.results.get('pages'));
    if (old && JSON.stringify(old.given.get('pages')) === listed) return;
    this.states.set(DEFAULT_INDEX, {
      queryCache: new Map(),
      chartCache: new Map(),
      ...old,
      page: index.page,
      parseErrors: index.errors,
      given: index.results,
    });
    this.pending.add(DEFAULT_INDEX);
  }

  /** Recomputes the navigation; true when it changed (every page's HTML shows it). */
  private updateNav(): boolean {
    this.nav = siteNav(this.ordered().map((s) => s.page));
    const key = JSON.stringify(this.nav);
    if (key === this.navKey) return false;
    this.navKey = key;
    return true;
  }

  /** What each slug serves now; bumps the version of every slug whose page changed, and returns them. */
  private updateServed(): string[] {
    const errors = this.errors();
    const next = new Map<string, string>();
    for (const state of this.ordered()) {
      const html =
        ownErrors(state).length || !state.html
          ? errorPage(state.page.slug, errors.length ? errors : ['(not built yet)'])
          : withBanner(state.html, errors);
      next.set(state.page.slug, html);
    }
    const changed: string[] = [];
    for (const [slug, html] of next)
      if (this.served.get(slug) !== html) {
        changed.push(slug);
        this.versions.set(slug, ++this.generation);
      }
    for (const slug of this.served.keys())
      if (!next.has(slug)) {
        changed.push(slug);
        this.versions.delete(slug);
      }
    this.served = next;
    return changed;
  }
}

/** A page's own errors: of parsing, compiling and drawing it. */
function ownErrors(state: PageState): PageError[] {
  return [...state.parseErrors, ...(state.compileErrors ?? []), ...(state.renderErrors ?? [])];
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const ERROR_STYLE =
  'font:14px/1.5 ui-monospace,monospace;margin:0;padding:1em 1.5em;background:#fff0f0;color:#82071e;border-bottom:2px solid #cf222e;white-space:pre-wrap;overflow-wrap:anywhere';

/** The error list as HTML: one `file:line: message` per line, escaped. */
function errorList(errors: readonly string[]): string {
  const heading = `${errors.length} error${errors.length === 1 ? '' : 's'} in the report pages (the preview keeps running; save a fix to rebuild)`;
  return `<pre class="roundbook-preview-errors" role="alert" style="${ERROR_STYLE}"><strong>${escapeHtml(heading)}</strong>\n${errors.map(escapeHtml).join('\n')}</pre>`;
}

/** The page served for a page that cannot be built: its errors and the site's. */
function errorPage(slug: string, errors: readonly string[]): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>${escapeHtml(slug)} · errors · roundbook preview</title></head><body style="margin:0">${errorList(errors)}</body></html>\n`;
}

/** A built page with the site's errors in a banner at the top of its body (the page as built when there are none). */
function withBanner(html: string, errors: readonly string[]): string {
  if (!errors.length) return html;
  const m = /<body[^>]*>/.exec(html);
  const at = m ? m.index + m[0].length : 0;
  return html.slice(0, at) + errorList(errors) + html.slice(at);
}
