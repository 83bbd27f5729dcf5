/**
 * Builds the report site: parses every page, runs every query, checks every
 * chart, value and loop, and only when nothing is wrong renders the pages to
 * HTML and/or Markdown in memory and writes the files that changed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../store/db.ts';
import { renderChart } from './chart/renderChart.ts';
import { compilePage } from './compilePage.ts';
import { PageBuildError, type PageError } from './errors.ts';
import { renderHtml } from './html/renderHtml.ts';
import { loadPages, type Override } from './loadPages.ts';
import { chartFileName, renderMarkdown } from './md/renderMarkdown.ts';
import type { CompiledPage, NavItem } from './pageTypes.ts';
import { runQueries } from './runQueries.ts';
import { type WriteStatus, writeIfChanged } from './writeIfChanged.ts';

export type ReportFormat = 'html' | 'md';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md'];

/** Folder of the built-in pages shipped with roundbook. */
export const BUILTIN_PAGES_DIR = fileURLToPath(new URL('./pages/', import.meta.url));

export interface BuildOptions {
  db: Db;
  /** Page folders in rising priority; a later page replaces an earlier one of the same file name. */
  pagesDirs: readonly string[];
  outDir: string;
  /** Default both. */
  formats?: readonly ReportFormat[];
}

export interface BuiltFile {
  path: string;
  status: WriteStatus;
}

export interface BuildResult {
  files: BuiltFile[];
  /** Output base names of the pages, in navigation order. */
  pages: string[];
  /** Pages that replaced a built-in (or earlier) page of the same name. */
  overrides: Override[];
  /** The page to open first, relative to `outDir`: `index.html` (or `index.md` when only Markdown is built). */
  entry: string;
}

/**
 * Builds every page. Throws {@link PageBuildError} listing every error (page
 * file and line) when any page, query or chart is wrong; nothing is written
 * then. Otherwise writes `<page>.html`, `<page>.md` and `<page>-<chart>.svg` to
 * `outDir` (plus `index.html` / `index.md` listing the pages when no page is
 * called `index`), leaving files whose bytes would not change untouched.
 */
export async function buildReports(opts: BuildOptions): Promise<BuildResult> {
  const formats = opts.formats ?? REPORT_FORMATS;
  const loaded = loadPages(opts.pagesDirs);
  if (!loaded.pages.length && !loaded.errors.length)
    throw new PageBuildError([
      { file: opts.pagesDirs.join(', ') || '(none)', line: 1, message: 'no pages (*.md) found' },
    ]);
  const errors: PageError[] = [...loaded.errors];
  const compiled: CompiledPage[] = [];
  for (const page of loaded.pages) {
    const q = await runQueries(opts.db, page);
    errors.push(...q.errors);
    const c = compilePage(page, q.results);
    errors.push(...c.errors);
    compiled.push(c.compiled);
  }
  if (errors.length) throw new PageBuildError(errors);

  const nav: NavItem[] = compiled
    .filter((c) => c.page.front.nav !== false)
    .map((c) => ({ slug: c.page.slug, title: titleOf(c) }));
  const outputs = new Map<string, string>();
  for (const c of compiled) {
    const slug = c.page.slug;
    const inline = new Map<string, string>();
    const files = new Map<string, string>();
    for (const block of c.blocks) {
      if (block.kind !== 'chart') continue;
      try {
        if (formats.includes('html'))
          inline.set(block.name, renderChart(block.spec, c.results, { idPrefix: `${slug}-${block.name}` }));
        if (formats.includes('md')) {
          const file = chartFileName(slug, block.name);
          files.set(block.name, file);
          outputs.set(
            file,
            `${renderChart(block.spec, c.results, { idPrefix: block.name, standalone: true })}\n`,
          );
        }
      } catch (err) {
        errors.push({
          file: c.page.file,
          line: block.line,
          message: `chart \`${block.name}\`: ${(err as Error).message}`,
        });
      }
    }
    const title = titleOf(c);
    const description = c.page.front.description;
    if (formats.includes('html'))
      outputs.set(`${slug}.html`, renderHtml(c, { nav, charts: inline, title, description }));
    if (formats.includes('md'))
      outputs.set(`${slug}.md`, renderMarkdown(c, { nav, chartFiles: files, title, description }));
  }
  if (errors.length) throw new PageBuildError(errors);
  if (!compiled.some((c) => c.page.slug === 'index')) {
    for (const [name, text] of indexPages(compiled, formats)) outputs.set(name, text);
  }
  const files: BuiltFile[] = [...outputs].map(([name, text]) => {
    const path = join(opts.outDir, name);
    return { path, status: writeIfChanged(path, text) };
  });
  return {
    files,
    pages: compiled.map((c) => c.page.slug),
    overrides: loaded.overrides,
    entry: formats.includes('html') ? 'index.html' : 'index.md',
  };
}

function titleOf(c: CompiledPage): string {
  return c.page.front.title ?? c.page.slug;
}

/** A generated index listing every page, written only when no page is named `index`. */
function indexPages(compiled: CompiledPage[], formats: readonly ReportFormat[]): [string, string][] {
  const listed = compiled.filter((c) => c.page.front.nav !== false);
  const out: [string, string][] = [];
  const nav: NavItem[] = listed.map((c) => ({ slug: c.page.slug, title: titleOf(c) }));
  const lines = listed.map((c) => ({
    slug: c.page.slug,
    title: titleOf(c),
    description: c.page.front.description ?? null,
  }));
  const page: CompiledPage = {
    page: { file: 'index.md', slug: 'index', front: { title: 'Reports' }, segments: [] },
    results: new Map([['pages', { columns: ['slug', 'title', 'description'], rows: lines }]]),
    blocks: [],
  };
  if (formats.includes('html')) {
    out.push(['index.html', renderIndex(page, nav, 'html')]);
  }
  if (formats.includes('md')) out.push(['index.md', renderIndex(page, nav, 'md')]);
  return out;
}

function renderIndex(page: CompiledPage, nav: NavItem[], format: ReportFormat): string {
  // The index is an ordinary page: a loop over the pages, links built from values.
  const ext = format === 'html' ? 'html' : 'md';
  const nodes = [
    {
      type: 'each' as const,
      result: 'pages',
      line: 1,
      empty: [],
      body: [
        { type: 'text' as const, value: '- [' },
        { type: 'value' as const, ref: { bare: 'title' }, formats: [], line: 1, source: 'title' },
        { type: 'text' as const, value: '](' },
        { type: 'value' as const, ref: { bare: 'slug' }, formats: [], line: 1, source: 'slug' },
        { type: 'text' as const, value: `.${ext})` },
        {
          type: 'if' as const,
          ref: { bare: 'description' },
          line: 1,
          body: [
            { type: 'text' as const, value: ': ' },
            {
              type: 'value' as const,
              ref: { bare: 'description' },
              formats: [],
              line: 1,
              source: 'description',
            },
          ],
          otherwise: [],
        },
        { type: 'text' as const, value: '\n' },
      ],
    },
  ];
  const compiled: CompiledPage = { ...page, blocks: [{ kind: 'markdown', nodes }] };
  const ctx = { nav, title: 'Reports', description: 'Every page of this report.' };
  return format === 'html'
    ? renderHtml(compiled, { ...ctx, charts: new Map() })
    : renderMarkdown(compiled, { ...ctx, chartFiles: new Map() });
}
