/**
 * The Markdown format of the site: one GFM `<page>.md` per page, each chart a
 * standalone SVG file beside it (`<page>-<chart>.svg`) that the page shows as
 * an image.
 */
import { renderChart } from '../chart/renderChart.ts';
import { pageTitle } from '../page/pageTitle.ts';
import type { Renderer } from '../renderer.ts';
import { renderPageCharts } from '../renderPageCharts.ts';
import { chartFileName, renderMarkdown } from './renderMarkdown.ts';

/**
 * Renders a page to `<slug>.md` and its charts to `<slug>-<chart>.svg`; entry `index.md`.
 *
 * @example markdownRenderer.render(compiled, nav).charts.map((f) => f.name) // ['scaling-throughput.svg']
 */
export const markdownRenderer: Renderer = {
  entry: 'index.md',
  render(compiled, nav, site) {
    const slug = compiled.page.slug;
    const { charts, errors } = renderPageCharts(
      compiled,
      (block) => `${renderChart(block.spec, compiled.results, { idPrefix: block.name, standalone: true })}\n`,
    );
    const files = [...charts].map(([chart, text]) => ({ chart, name: chartFileName(slug, chart), text }));
    const text = renderMarkdown(compiled, {
      nav,
      site,
      chartFiles: new Map(files.map((f) => [f.chart, f.name])),
      title: pageTitle(compiled.page),
      description: compiled.page.front.description,
    });
    return {
      page: { name: `${slug}.md`, text },
      charts: files.map(({ name, text }) => ({ name, text })),
      errors,
    };
  },
};
