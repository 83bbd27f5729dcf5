/**
 * The colour legend a chart draws inside its own SVG, so that the legend is
 * part of the chart in the HTML page and in the standalone SVG file alike:
 * swatches for categories, a ramp for numbers.
 */
import type * as Plot from '@observablehq/plot';
import { fitLabel } from './fitLabel.ts';
import { svgText } from './svgText.ts';

/**
 * The legend of the colour scale `scale`, drawn from `top` down within `width`
 * (swatches wrap to new lines). Returns its SVG and the y under it; no scale,
 * or a continuous scale with no finite domain (no data), draws nothing.
 *
 * @example renderLegend(doc, svg.scale('color'), 720, 38) // {svg: '<g aria-label="color legend">…</g>', bottom: 60}
 */
export function renderLegend(
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
      const whole = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
      const label = fitLabel(whole);
      const w = 18 + label.length * 6.6 + 14;
      if (x > 0 && x + w > width) {
        x = 0;
        y += 18;
      }
      const color = String(scale.apply(value));
      parts.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${escapeAttr(color)}"></rect>`);
      parts.push(svgText(doc, x + 17, y + 10, label, { 'font-size': '11' }, whole));
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
  parts.push(svgText(doc, 0, y + 24, fmt(lo), { 'font-size': '11' }));
  parts.push(svgText(doc, 200, y + 24, fmt(hi), { 'font-size': '11', 'text-anchor': 'end' }));
  if (scale.label) parts.push(svgText(doc, 210, y + 9, String(scale.label), { 'font-size': '11' }));
  return { svg: `<g aria-label="color legend">${parts.join('')}</g>`, bottom: y + 28 };
}

function escapeAttr(s: string): string {
  return s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
