/**
 * Text from data (file names, table cells, messages that quote them) made safe
 * to print to a terminal. Every place the CLI prints such text goes through
 * {@link terminalText}, or through {@link terminalLines} / {@link terminalJson}
 * built on it.
 */

/**
 * What a terminal acts on instead of showing: C0 controls (ESC, BEL, CR,
 * backspace, …), DEL, C1 controls (U+0080–U+009F; some terminals read U+009B
 * as CSI), and the bidirectional controls that reorder the text around them
 * (ALM, LRM, RLM, the embeddings and overrides U+202A–U+202E, the isolates
 * U+2066–U+2069), with the line and paragraph separators U+2028 and U+2029.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeChar = (c: string) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` with every character a terminal would act on shown as its escape:
 * `\n`, `\r`, `\t`, else `\u` and four hex digits (`\u001b` for ESC, `\u202e`
 * for RIGHT-TO-LEFT OVERRIDE). The notation is JSON's, so the result stays
 * valid inside a JSON string. Backslashes are left as they are: the aim is
 * a terminal that shows the text, not a reversible encoding.
 *
 * @example terminalText('a\u001b[31mb.md') // 'a\\u001b[31mb.md'
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * Like {@link terminalText} for text of several lines that the CLI itself put
 * together (an error list, a message from DuckDB): the newlines between its
 * lines are kept, everything else is escaped.
 */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}

/**
 * `JSON.stringify(value, null, 2)` safe for a terminal: JSON already escapes
 * C0 controls inside strings, and DEL, C1 and bidi controls are escaped too
 * (`\u202e`). The text parses back to the same value.
 */
export function terminalJson(value: unknown): string {
  return terminalLines(JSON.stringify(value, null, 2));
}
