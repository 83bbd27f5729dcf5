/**
 * Renders every chart of a compiled page with a renderer's own drawing
 * function, collecting failures as page errors at the chart's fence line
 * instead of stopping at the first.
 */
import type { PageError } from './errors.ts';
import type { ChartBlock, CompiledPage } from './pageTypes.ts';

/** The charts that rendered, by chart name in page order, and an error for each one that did not. */
export interface RenderedCharts {
  charts: Map<string, string>;
  errors: PageError[];
}

/**
 * Calls `draw` on each chart block of `compiled`. A chart whose `draw` throws
 * (Plot refusing an option the checks let through) has no entry in `charts`
 * and becomes an error `chart \`name\`: message` at its line.
 *
 * @example renderPageCharts(compiled, (b) => renderChart(b.spec, compiled.results, {idPrefix: b.name}))
 */
export function renderPageCharts(
  compiled: CompiledPage,
  draw: (block: ChartBlock) => string,
): RenderedCharts {
  const charts = new Map<string, string>();
  const errors: PageError[] = [];
  for (const block of compiled.blocks) {
    if (block.kind !== 'chart') continue;
    try {
      charts.set(block.name, draw(block));
    } catch (err) {
      errors.push({
        file: compiled.page.file,
        line: block.line,
        message: `chart \`${block.name}\`: ${(err as Error).message}`,
      });
    }
  }
  return { charts, errors };
}
