/**
 * The header of every chart: its title and subtitle drawn at the top of the
 * SVG. A chart with data and a chart with no rows get the same header.
 */
import type { ChartSpec } from './chartSpec.ts';
import { svgText } from './svgText.ts';

/** The header's SVG pieces, and the y where whatever comes under it starts (0 when there is no header). */
export interface ChartHeader {
  parts: string[];
  bottom: number;
}

/**
 * The title (15px, semibold) and subtitle (12px, dimmed) of `spec`, each on its
 * own line; either may be absent. The caller puts the rest of the chart at
 * `bottom` or below.
 *
 * @example chartHeader(doc, {title: 'Throughput', marks: []}) // {parts: ['<text … y="20" …>Throughput</text>'], bottom: 20}
 */
export function chartHeader(doc: Document, spec: Pick<ChartSpec, 'title' | 'subtitle'>): ChartHeader {
  const parts: string[] = [];
  let y = 0;
  if (spec.title !== undefined) {
    y += 20;
    parts.push(svgText(doc, 0, y, spec.title, { 'font-size': '15', 'font-weight': '600' }));
  }
  if (spec.subtitle !== undefined) {
    y += 18;
    parts.push(svgText(doc, 0, y, spec.subtitle, { 'font-size': '12', 'fill-opacity': '0.8' }));
  }
  return { parts, bottom: y };
}
