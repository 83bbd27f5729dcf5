/**
 * Renders every chart of a compiled page with a renderer's own drawing
 * function, collecting failures as page errors at the chart's fence line
 * instead of stopping at the first.
 */
import type { PageError } from './errors.ts';
import type { ChartBlock, CompiledPage } from './pageTypes.ts';
import type { ChartCache } from './renderer.ts';

/** The charts that rendered, by chart name in page order, and an error for each one that did not. */
export interface RenderedCharts {
  charts: Map<string, string>;
  errors: PageError[];
}

/**
 * Calls `draw` on each chart block of `compiled`. A chart whose `draw` throws
 * (Plot refusing an option the checks let through) has no entry in `charts`
 * and becomes an error `chart \`name\`: message` at its line. With `cache`
 * (a page's charts as last drawn), a chart whose spec and page results are
 * those of a chart in it is not drawn again; `cache` is left holding this
 * render's charts.
 *
 * @example renderPageCharts(compiled, (b) => renderChart(b.spec, compiled.results, {idPrefix: b.name}))
 */
export function renderPageCharts(
  compiled: CompiledPage,
  draw: (block: ChartBlock) => string,
  cache?: ChartCache,
): RenderedCharts {
  const charts = new Map<string, string>();
  const errors: PageError[] = [];
  const results = cache ? resultsKey(compiled) : undefined;
  const drawn = new Map<string, string>();
  for (const block of compiled.blocks) {
    if (block.kind !== 'chart') continue;
    try {
      const key =
        results === undefined ? undefined : `${block.name}\0${JSON.stringify(block.spec)}\0${results}`;
      const svg = (key && cache?.get(key)) || draw(block);
      if (key) drawn.set(key, svg);
      charts.set(block.name, svg);
    } catch (err) {
      errors.push({
        file: compiled.page.file,
        line: block.line,
        message: `chart \`${block.name}\`: ${(err as Error).message}`,
      });
    }
  }
  if (cache) {
    cache.clear();
    for (const [key, svg] of drawn) cache.set(key, svg);
  }
  return { charts, errors };
}

/** The page's results as text, the part of a chart's cache key that its data is; undefined when they do not serialise. */
function resultsKey(compiled: CompiledPage): string | undefined {
  try {
    return JSON.stringify([compiled.page.slug, [...compiled.results]]);
  } catch {
    return undefined;
  }
}
