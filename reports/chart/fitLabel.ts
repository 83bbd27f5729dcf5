/**
 * Long labels in charts. A chart's SVG has a fixed width; a label drawn from
 * the data (a tick, a text mark, a legend entry) is not, and a 10,000-character
 * configuration name would be drawn tens of thousands of pixels past the
 * chart. Labels longer than {@link MAX_LABEL_CHARS} characters are cut with an
 * ellipsis, and the whole text goes in a `<title>` (the tooltip).
 */

/**
 * Most characters of a data label drawn in a chart: about 480 px at the
 * charts' 11 px font, more than any label of the built-in pages on the real
 * corpus (72) needs.
 */
export const MAX_LABEL_CHARS = 80;

/**
 * `text` cut to `max` characters (code points, so no surrogate pair is split),
 * the last one an ellipsis; shorter text unchanged.
 *
 * @example fitLabel('a'.repeat(100), 10) // 'aaaaaaaaa…'
 */
export function fitLabel(text: string, max = MAX_LABEL_CHARS): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Cuts every over-long label inside `root`'s `<text>` elements (in place) and
 * gives its `<text>` a `<title>` with the whole label, unless it has one
 * (Plot adds its own title for a `title` channel). Text inside `<title>` is
 * not drawn and is left whole.
 */
export function fitLabels(root: Element, max = MAX_LABEL_CHARS): void {
  const doc = root.ownerDocument;
  for (const text of Array.from(root.querySelectorAll('text'))) {
    let cut = false;
    const whole = text.textContent ?? '';
    const walker = doc.createTreeWalker(text, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest('title')) continue;
      const fitted = fitLabel(n.nodeValue ?? '', max);
      if (fitted !== n.nodeValue) {
        n.nodeValue = fitted;
        cut = true;
      }
    }
    if (cut && !Array.from(text.children).some((c) => c.tagName.toLowerCase() === 'title')) {
      const title = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = whole;
      text.appendChild(title);
    }
  }
}
