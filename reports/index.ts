/**
 * reports/: notebook pages (Markdown + front matter + SQL and chart cells)
 * rendered to static HTML and GitHub Markdown. See README.md for the page format.
 */
export {
  BUILTIN_PAGES_DIR,
  type BuildOptions,
  type BuildResult,
  type BuiltFile,
  buildReports,
  REPORT_FORMATS,
  type ReportFormat,
} from './build.ts';
export { type ChartSpec, MARK_TYPES, parseChartSpec } from './chart/chartSpec.ts';
export { buildPlotOptions, type ResultData } from './chart/plotOptions.ts';
export { CHART_CLASS, renderChart } from './chart/renderChart.ts';
export { type Block, type CompiledPage, compilePage } from './compilePage.ts';
export { formatPageError, PageBuildError, type PageError } from './errors.ts';
export { renderHtml } from './html/renderHtml.ts';
export { loadPages } from './loadPages.ts';
export { renderMarkdown } from './md/renderMarkdown.ts';
export { FORMATTERS } from './page/formatters.ts';
export { type Page, parsePage } from './page/parsePage.ts';
export { type PageResults, runQueries } from './runQueries.ts';
export { writeIfChanged } from './writeIfChanged.ts';
