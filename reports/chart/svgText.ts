/**
 * One line of SVG text, built through the DOM so the text is escaped.
 * Every label the chart code draws itself (header, legend, caption, the
 * empty-chart line) goes through it.
 */

/**
 * A `<text>` element at (`x`, `y`), anchored at the start unless `attrs` says
 * otherwise, with `value` as its escaped text content, and `title` (the whole
 * text of a label cut to fit) as its tooltip when it differs from `value`.
 *
 * @example svgText(doc, 0, 20, 'A < B', {'font-size': '15'})
 *   // '<text x="0" y="20" text-anchor="start" font-size="15">A &lt; B</text>'
 */
export function svgText(
  doc: Document,
  x: number,
  y: number,
  value: string,
  attrs: Record<string, string>,
  title?: string,
): string {
  const el = doc.createElementNS('http://www.w3.org/2000/svg', 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  el.setAttribute('text-anchor', 'start');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.textContent = value;
  if (title !== undefined && title !== value) {
    const t = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    el.appendChild(t);
  }
  return el.outerHTML;
}
