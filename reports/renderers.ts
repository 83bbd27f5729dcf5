/**
 * The site's output formats and their renderers, in one exhaustive table: a
 * new format does not compile until it has a renderer.
 */
import { htmlRenderer } from './html/htmlRenderer.ts';
import { markdownRenderer } from './md/markdownRenderer.ts';
import type { Renderer } from './renderer.ts';

/** An output format of the site (`roundbook report --format html,md`). */
export type ReportFormat = 'html' | 'md';

/**
 * The renderer of each format. The table's order is the order the formats are
 * rendered and written in, whatever order they are asked for.
 *
 * @example RENDERERS.md.entry // 'index.md'
 */
export const RENDERERS: Record<ReportFormat, Renderer> = {
  html: htmlRenderer,
  md: markdownRenderer,
};

/** Every format, in table order: `['html', 'md']`. */
export const REPORT_FORMATS = Object.keys(RENDERERS) as readonly ReportFormat[];
