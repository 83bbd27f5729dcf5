/**
 * The one module that owns the jsdom document: renders a chart spec to SVG
 * text with Observable Plot, on the server, deterministically (same input →
 * byte-identical SVG: ids renumbered from a caller-given prefix, long
 * coordinates rounded). Text and lines use `currentColor`, so the chart follows
 * the page's light or dark colours; a standalone SVG carries its own colours
 * for both schemes.
 */
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import type { ResultData } from '../pageTypes.ts';
import { chartHeader } from './chartHeader.ts';
import type { ChartSpec } from './chartSpec.ts';
import { fitLabels } from './fitLabel.ts';
import { buildPlotOptions, wantsLegend } from './plotOptions.ts';
import { renderLegend } from './renderLegend.ts';
import { svgText } from './svgText.ts';

/** Class of every chart's root `<svg>` (the page CSS styles it). */
export const CHART_CLASS = 'rb-plot';

export interface RenderChartOptions {
  /** Prefix of every id in the SVG; must be unique within an HTML page. Default `chart`. */
  idPrefix?: string;
  /** A file of its own: adds the SVG namespace and light/dark colours. Default false (inline in HTML). */
  standalone?: boolean;
}

let dom: JSDOM | undefined;

function document(): Document {
  dom ??= new JSDOM('<!doctype html><html><head></head><body></body></html>');
  return dom.window.document;
}

/**
 * Renders `spec` over `results` to SVG text. Throws when the chart names an
 * unknown result or column (the builder checks those first) or when Plot
 * rejects an option.
 *
 * @example renderChart({data: 'r', marks: [{type: 'dot', x: 'a', y: 'b'}]},
 *   new Map([['r', {columns: ['a', 'b'], rows: [{a: 1, b: 2}]}]]), {idPrefix: 'p-c1'})
 */
export function renderChart(
  spec: ChartSpec,
  results: ReadonlyMap<string, ResultData>,
  opts: RenderChartOptions = {},
): string {
  const { options, problems } = buildPlotOptions(spec, results);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  // The header and caption are drawn by chartHeader and below; Plot draws the rest.
  const { title: _title, subtitle: _subtitle, caption, ...plotOptions } = options;
  const doc = document();
  if (hasNoRows(spec, results)) return renumberIds(emptyChart(doc, spec, opts), opts.idPrefix ?? 'chart');
  const svg = Plot.plot({
    ...plotOptions,
    width: spec.width ?? 720,
    document: doc,
    className: CHART_CLASS,
    style: { fontSize: '11px', overflow: 'visible' },
  } as Plot.PlotOptions) as unknown as SVGSVGElement & { scale(name: string): Plot.Scale | undefined };
  if (svg.tagName.toLowerCase() !== 'svg') throw new Error('Plot returned a figure, not an SVG');
  // Plot draws every label it is given in full: cut the ones from the data that would run far past the chart.
  fitLabels(svg);
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const head = chartHeader(doc, spec);
  const header = head.parts;
  let y = head.bottom;
  if (wantsLegend(spec)) {
    const legend = renderLegend(doc, svg.scale('color'), width, y);
    header.push(legend.svg);
    y = legend.bottom;
  }
  if (header.length) y += 8;
  let footer = '';
  let extra = 0;
  if (typeof caption === 'string') {
    extra = 24;
    footer = svgText(doc, 0, y + height + 18, caption, { 'font-size': '12', 'fill-opacity': '0.8' });
  }
  const total = y + height + extra;
  const inner = svg.innerHTML;
  svg.setAttribute('height', String(total));
  svg.setAttribute('viewBox', `0 0 ${width} ${total}`);
  if (opts.standalone) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const open = svg.outerHTML.slice(0, svg.outerHTML.indexOf('>') + 1);
  const body = y ? `<g transform="translate(0,${y})">${inner}</g>` : inner;
  const style = opts.standalone ? STANDALONE_STYLE : '';
  const out = `${open}${style}${header.join('')}${body}${footer}</svg>`;
  return renumberIds(roundCoordinates(out), opts.idPrefix ?? 'chart');
}

/** True when the chart reads results and every one of them has no rows (a fresh database): nothing to draw. */
function hasNoRows(spec: ChartSpec, results: ReadonlyMap<string, ResultData>): boolean {
  const names = spec.marks.map((m) => m.data ?? spec.data).filter((n): n is string => n !== undefined);
  return names.length > 0 && names.every((n) => (results.get(n)?.rows.length ?? 0) === 0);
}

/** A chart with no rows: its title and subtitle, and a line saying there is nothing to draw yet (no empty axes). */
function emptyChart(doc: Document, spec: ChartSpec, opts: RenderChartOptions): string {
  const width = spec.width ?? 720;
  const { parts, bottom } = chartHeader(doc, spec);
  const y = bottom + 26;
  parts.push(
    svgText(doc, 0, y, 'No data to draw yet.', {
      'font-size': '13',
      'font-style': 'italic',
      'fill-opacity': '0.7',
    }),
  );
  const height = y + 10;
  const ns = opts.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  const style = opts.standalone ? STANDALONE_STYLE : '';
  return (
    `<svg class="${CHART_CLASS}" fill="currentColor" font-family="system-ui, sans-serif" font-size="10" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${ns} aria-label="empty chart">` +
    `${style}${parts.join('')}</svg>`
  );
}

const STANDALONE_STYLE =
  '<style>svg.rb-plot{color:#1f2328;--plot-background:#fff}' +
  '@media (prefers-color-scheme: dark){svg.rb-plot{color:#e6edf3;--plot-background:#0d1117}}</style>';

const GEOMETRY = /(\s(?:d|transform|x|y|x1|x2|y1|y2|cx|cy|r|width|height|points|viewBox)=")([^"]*)"/g;

/** Rounds coordinates in geometry attributes to 2 decimals (never text content). */
function roundCoordinates(svg: string): string {
  return svg.replace(
    GEOMETRY,
    (_, head: string, value: string) =>
      `${head}${value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`,
  );
}

/**
 * Renames every id in order of appearance to `<prefix>-<n>` and rewrites the
 * references to it (`url(#…)`, `href="#…"`).
 */
export function renumberIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const map = new Map<string, string>();
  for (const id of ids) if (!map.has(id)) map.set(id, `${prefix}-${map.size + 1}`);
  if (!map.size) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, head: string, id: string) =>
    map.has(id) ? `${head}${map.get(id)}` : all,
  );
}
