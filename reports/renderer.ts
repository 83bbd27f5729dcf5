/**
 * What a renderer is: one output format of the site. Each format has one in
 * the table `RENDERERS` (`renderers.ts`); the builder loops over the formats
 * asked for and knows nothing about any of them.
 */
import type { PageError } from './errors.ts';
import type { CompiledPage, NavItem, SiteContext } from './pageTypes.ts';

/** A file of the site: its name in the output folder and its text. */
export interface OutputFile {
  name: string;
  text: string;
}

/** One page rendered in one format: the page's file, the chart files it refers to, and the charts that failed. */
export interface RenderedPage {
  page: OutputFile;
  /** Chart files written beside the page (none when the format puts charts inline). */
  charts: OutputFile[];
  /** A chart that could not be drawn; the page must not be written then. */
  errors: PageError[];
}

/** Renders checked pages to one format. */
export interface Renderer {
  /** The index page's file in this format: the page to open first (`index.html`). */
  readonly entry: string;
  /**
   * Renders `compiled` and its charts, with `nav` listing the site's pages in
   * order, `site` what every page shares (every page's name, how cited paths
   * are shown and linked, the demo-data banner) and `options` what may be
   * saved between renders. Deterministic.
   */
  render(
    compiled: CompiledPage,
    nav: readonly NavItem[],
    site?: SiteContext,
    options?: RenderOptions,
  ): RenderedPage;
}

/** How a renderer may save work between renders of the same page (the live preview). */
export interface RenderOptions {
  /** The page's charts as last drawn, by what they were drawn from (see `renderPageCharts`). */
  chartCache?: ChartCache;
}

/** Drawn charts by a key of the chart's spec and the page's results. */
export type ChartCache = Map<string, string>;
