/**
 * The types a page carries from its queries to its renderers: query results,
 * the checked page's blocks, and the navigation. The renderers (`html/`, `md/`)
 * and the page engine import them from here, not from each other or from the
 * builder. Types only: nothing here runs.
 */
import type { ChartSpec } from './chart/chartSpec.ts';
import type { Page } from './page/parsePage.ts';
import type { TemplateNode } from './page/template.ts';

/**
 * A named query result: its columns (known even with no rows) and rows.
 *
 * @example {columns: ['config', 'rate'], rows: [{config: 'native', rate: 0.9}]}
 */
export interface ResultData {
  columns: string[];
  rows: Record<string, unknown>[];
  /** The query returned more rows than were kept (reports/runQueries.ts MAX_RESULT_ROWS). */
  truncated?: boolean;
}

/** A page's results by name: its SQL cells' results, plus any the builder gives the page (the index's `pages`). */
export type PageResults = Map<string, ResultData>;

/**
 * One piece of a checked page, in page order: Markdown with template nodes, a
 * result shown as a table, or a chart (`line` is its fence line, for errors
 * found while rendering it).
 */
export type Block =
  | { kind: 'markdown'; nodes: TemplateNode[] }
  | { kind: 'table'; name: string; result: ResultData }
  | { kind: 'chart'; name: string; spec: ChartSpec; line: number };

/** A checked page: its blocks in order and the results they read. Made by `compilePage`, read by the renderers. */
export interface CompiledPage {
  page: Page;
  results: PageResults;
  blocks: Block[];
}

/** A page in the navigation, in navigation order. */
export interface NavItem {
  title: string;
  /** Output base name (`<slug>.html`, `<slug>.md`). */
  slug: string;
}

/** A chart block of a compiled page. */
export type ChartBlock = Extract<Block, { kind: 'chart' }>;

/** What every page of one site shares besides the navigation; made by the builder. */
export interface SiteContext {
  /** Every page built (output base names), in the navigation or not: a link `other.md` to one becomes `other.html`. */
  pages: readonly string[];
  /** Folders a cited path is shown relative to: the first that holds it (`reports/citedSource.ts`). */
  sourceRoots: readonly string[];
  /** A base URL (`https://github.com/org/repo/blob/COMMIT`): each cited `path:line` links to `URL/<path>#L<line>`. */
  linkBase?: string;
  /** Shown at the top of every page when the site is built from roundbook's shipped demo data. */
  banner?: string;
}
