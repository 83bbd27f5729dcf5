/**
 * Checks a parsed page against its query results and turns it into blocks
 * ready to render: Markdown templates, result tables and charts. Every error
 * (template syntax, unknown result or column, bad chart spec, bad formatter)
 * is returned with its file line; a page with errors must not be rendered.
 */
import { parseChartSpec } from './chart/chartSpec.ts';
import { buildPlotOptions } from './chart/plotOptions.ts';
import type { PageError } from './errors.ts';
import { checkTemplate } from './page/checkTemplate.ts';
import type { Page } from './page/parsePage.ts';
import { parseTemplate, type TemplateNode } from './page/template.ts';
import type { Block, CompiledPage, PageResults } from './pageTypes.ts';

/**
 * Compiles `page` over `results` (from {@link runQueries}, plus any the
 * builder gives the page, such as the default index's `pages`). SQL cells that
 * failed have no result; references to them are not reported again.
 */
export function compilePage(
  page: Page,
  results: PageResults,
): { compiled: CompiledPage; errors: PageError[] } {
  const errors: PageError[] = [];
  const failed = new Set(
    page.segments.flatMap((s) => (s.kind === 'sql' && s.name && !results.has(s.name) ? [s.name] : [])),
  );
  const usedByChart = new Set<string>();
  const usedByLoop = new Set<string>();
  const draft: (Block | { kind: 'sql'; name: string; hidden: boolean; table: boolean })[] = [];
  for (const seg of page.segments) {
    if (seg.kind === 'markdown') {
      const t = parseTemplate(seg.text, seg.line, page.file);
      errors.push(...t.errors);
      errors.push(...checkTemplate(t.nodes, results, page.file, failed));
      collectLoops(t.nodes, usedByLoop);
      draft.push({ kind: 'markdown', nodes: t.nodes });
    } else if (seg.kind === 'sql') {
      draft.push({ kind: 'sql', name: seg.name, hidden: seg.hidden, table: seg.table });
    } else {
      const parsed = parseChartSpec(seg.source, seg.bodyLine, page.file, seg.name);
      errors.push(...parsed.errors);
      if (!parsed.spec) continue;
      const spec = parsed.spec;
      for (const name of [spec.data, ...spec.marks.map((m) => m.data)]) if (name) usedByChart.add(name);
      const names = [spec.data, ...spec.marks.map((m) => m.data)].filter((n): n is string => !!n);
      if (names.some((n) => failed.has(n))) continue;
      const { problems } = buildPlotOptions(spec, results);
      for (const p of problems) {
        const line = p.mark === undefined ? (parsed.dataLine ?? seg.bodyLine) : parsed.markLines[p.mark];
        const where = p.mark === undefined ? '' : `mark ${p.mark + 1} (${spec.marks[p.mark].type}): `;
        errors.push({ file: page.file, line, message: `chart \`${seg.name}\`: ${where}${p.message}` });
      }
      draft.push({ kind: 'chart', name: seg.name, spec, line: seg.line });
    }
  }
  const blocks: Block[] = [];
  for (const b of draft) {
    if (b.kind !== 'sql') blocks.push(b);
    else {
      const result = results.get(b.name);
      const show = !b.hidden && (b.table || !(usedByChart.has(b.name) || usedByLoop.has(b.name)));
      if (result && show) blocks.push({ kind: 'table', name: b.name, result });
    }
  }
  return { compiled: { page, results, blocks }, errors };
}

function collectLoops(nodes: readonly TemplateNode[], out: Set<string>): void {
  for (const n of nodes) {
    if (n.type === 'each') {
      out.add(n.result);
      collectLoops(n.body, out);
      collectLoops(n.empty, out);
    } else if (n.type === 'if') {
      collectLoops(n.body, out);
      collectLoops(n.otherwise, out);
    }
  }
}
