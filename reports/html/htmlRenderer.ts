/**
 * The HTML format of the site: one self-contained `<page>.html` per page with
 * every chart inline (ids prefixed with the page's name, so they are unique in
 * the page).
 */
import { renderChart } from '../chart/renderChart.ts';
import { pageTitle } from '../page/pageTitle.ts';
import type { Renderer } from '../renderer.ts';
import { renderPageCharts } from '../renderPageCharts.ts';
import { renderHtml } from './renderHtml.ts';

/**
 * Renders a page to `<slug>.html`; entry `index.html`.
 *
 * @example htmlRenderer.render(compiled, nav).page.name // 'safe.html'
 */
export const htmlRenderer: Renderer = {
  entry: 'index.html',
  render(compiled, nav, site, options) {
    const slug = compiled.page.slug;
    const { charts, errors } = renderPageCharts(
      compiled,
      (block) => renderChart(block.spec, compiled.results, { idPrefix: `${slug}-${block.name}` }),
      options?.chartCache,
    );
    const text = renderHtml(compiled, {
      nav,
      site,
      charts,
      title: pageTitle(compiled.page),
      description: compiled.page.front.description,
    });
    return { page: { name: `${slug}.html`, text }, charts: [], errors };
  },
};
