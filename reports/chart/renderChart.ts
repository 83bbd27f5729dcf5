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
import type { ChartSpec } from './chartSpec.ts';
import { buildPlotOptions, wantsLegend } from './plotOptions.ts';

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
  const { title, subtitle, caption, ...plotOptions } = options;
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
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const header: string[] = [];
  let y = 0;
  if (typeof title === 'string') {
    y += 20;
    header.push(text(doc, 0, y, title, { 'font-size': '15', 'font-weight': '600' }));
  }
  if (typeof subtitle === 'string') {
    y += 18;
    header.push(text(doc, 0, y, subtitle, { 'font-size': '12', 'fill-opacity': '0.8' }));
  }
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
    footer = text(doc, 0, y + height + 18, caption, { 'font-size': '12', 'fill-opacity': '0.8' });
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
  const parts: string[] = [];
  let y = 0;
  if (spec.title !== undefined) {
    y += 20;
    parts.push(text(doc, 0, y, spec.title, { 'font-size': '15', 'font-weight': '600' }));
  }
  if (spec.subtitle !== undefined) {
    y += 18;
    parts.push(text(doc, 0, y, spec.subtitle, { 'font-size': '12', 'fill-opacity': '0.8' }));
  }
  y += 26;
  parts.push(
    text(doc, 0, y, 'No data to draw yet.', {
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

function text(doc: Document, x: number, y: number, value: string, attrs: Record<string, string>): string {
  const el = doc.createElementNS('http://www.w3.org/2000/svg', 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  el.setAttribute('text-anchor', 'start');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.textContent = value;
  return el.outerHTML;
}

/** A colour legend drawn inside the SVG: swatches for categories, a ramp for numbers. */
function renderLegend(
  doc: Document,
  scale: Plot.Scale | undefined,
  width: number,
  top: number,
): { svg: string; bottom: number } {
  if (!scale?.domain || !scale.apply) return { svg: '', bottom: top };
  const parts: string[] = [];
  const ordinal = scale.type === 'ordinal' || scale.type === 'categorical';
  if (ordinal) {
    let x = 0;
    let y = top + 8;
    for (const value of scale.domain) {
      const label = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
      const w = 18 + label.length * 6.6 + 14;
      if (x > 0 && x + w > width) {
        x = 0;
        y += 18;
      }
      const color = String(scale.apply(value));
      parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${escapeAttr(color)}"></rect>`);
      parts.push(text(doc, x + 17, y + 10, label, { 'font-size': '11' }));
      x += w;
    }
    return { svg: `<g aria-label="color legend">${parts.join('')}</g>`, bottom: y + 14 };
  }
  const domain = [...scale.domain] as number[];
  const [lo, hi] = [domain[0], domain[domain.length - 1]];
  // A continuous scale with no finite domain (no data) has nothing to show.
  if (!Number.isFinite(Number(lo)) || !Number.isFinite(Number(hi))) return { svg: '', bottom: top };
  const stops = Array.from({ length: 11 }, (_, i) => {
    const v = lo + ((hi - lo) * i) / 10;
    return `<stop offset="${i * 10}%" stop-color="${escapeAttr(String(scale.apply!(v)))}"></stop>`;
  }).join('');
  const y = top + 8;
  const fmt = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(3))) : String(v));
  parts.push(`<defs><linearGradient id="legend-ramp">${stops}</linearGradient></defs>`);
  parts.push(`<rect x="0" y="${y}" width="200" height="10" fill="url(#legend-ramp)"></rect>`);
  parts.push(text(doc, 0, y + 24, fmt(lo), { 'font-size': '11' }));
  parts.push(text(doc, 200, y + 24, fmt(hi), { 'font-size': '11', 'text-anchor': 'end' }));
  if (scale.label) parts.push(text(doc, 210, y + 9, String(scale.label), { 'font-size': '11' }));
  return { svg: `<g aria-label="color legend">${parts.join('')}</g>`, bottom: y + 28 };
}

function escapeAttr(s: string): string {
  return s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

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
