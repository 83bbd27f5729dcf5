/**
 * Keeping a data value's text direction to itself. A value from the data may
 * hold right-to-left letters or explicit bidi controls: an unclosed U+202E
 * (RIGHT-TO-LEFT OVERRIDE) reverses everything after it to the end of the
 * paragraph — the page's own words included ("captured 2025-12-23 17:00."
 * shown backwards). The HTML renderer puts every value in `<bdi>`; plain text
 * (the Markdown twin) wraps a value that needs it in FSI … PDI, the plain-text
 * form of the same isolation (Unicode UAX #9, "Explicit Directional Isolates").
 * Either way the value's own controls are balanced first, so that a stray PDI
 * in the data cannot close the isolate early and let an override out.
 */

/** LRE, RLE, LRO, RLO: opened here, closed by PDF (or by the PDI of an enclosing isolate). */
const EMBEDDING_OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']);
const PDF = '\u202C';
/** LRI, RLI, FSI: opened here, closed by PDI. */
const ISOLATE_OPENERS = new Set(['\u2066', '\u2067', '\u2068']);
const PDI = '\u2069';
/** FIRST STRONG ISOLATE: the isolate that takes its direction from the value's first strong letter (like `<bdi>`). */
const FSI = '\u2068';

/** Any explicit bidi control (embeddings, overrides, isolates, their closers, and the directional marks). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, … and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/**
 * `text` with its bidi controls balanced: a closer with nothing of its kind
 * open is dropped (a stray PDI would otherwise close an enclosing isolate),
 * and every embedding, override or isolate still open at the end is closed.
 * The letters are untouched: the value still shows as its data says.
 *
 * @example balanceBidi('\u202Eabc') // '\u202Eabc\u202C'
 * @example balanceBidi('\u2069\u202Eabc') // '\u202Eabc\u202C'
 */
export function balanceBidi(text: string): string {
  if (!BIDI_CONTROL.test(text)) return text;
  const open: ('e' | 'i')[] = [];
  let out = '';
  for (const ch of text) {
    if (EMBEDDING_OPENERS.has(ch)) open.push('e');
    else if (ISOLATE_OPENERS.has(ch)) open.push('i');
    else if (ch === PDF) {
      // A PDF closes an embedding opened inside the innermost isolate, never the isolate.
      if (open.at(-1) !== 'e') continue;
      open.pop();
    } else if (ch === PDI) {
      // A PDI closes the innermost open isolate and every embedding inside it.
      const at = open.lastIndexOf('i');
      if (at < 0) continue;
      open.length = at;
    }
    out += ch;
  }
  for (let i = open.length - 1; i >= 0; i--) out += open[i] === 'e' ? PDF : PDI;
  return out;
}

/** True when `text` holds a right-to-left letter or a bidi control, so its direction could reach past it. */
export function needsIsolation(text: string): boolean {
  return BIDI_CONTROL.test(text) || RTL_LETTER.test(text);
}

/**
 * A value for plain text: balanced and wrapped in FSI … PDI when it holds
 * right-to-left letters or bidi controls; otherwise exactly as given (plain
 * left-to-right values gain no invisible characters).
 *
 * @example isolateText('2.9.1') // '2.9.1'
 * @example isolateText('\u202EPython') // '\u2068\u202EPython\u202C\u2069'
 */
export function isolateText(text: string): string {
  return needsIsolation(text) ? `${FSI}${balanceBidi(text)}${PDI}` : text;
}
