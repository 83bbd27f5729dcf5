/** Plain-text rendering of row objects for the terminal: aligned table and CSV. */
import { terminalText } from './terminalText.ts';

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** How wide a table may be: `width` the terminal's columns (cells cut to fit), null for no cut; unset, cells cut at 60. */
export interface TableLayout {
  width?: number | null;
}

/**
 * Column widths that fit `total` characters with two-space gaps: the widest
 * columns give way first, none below 8 (or its own width when narrower).
 *
 * @example fitWidths([10, 100, 40], 80) // [10, 26, 40]
 */
export function fitWidths(widths: readonly number[], total: number): number[] {
  const out = [...widths];
  const room = total - 2 * Math.max(0, out.length - 1);
  let excess = out.reduce((a, b) => a + b, 0) - room;
  while (excess > 0) {
    const widest = Math.max(...out);
    if (widest <= 8) break;
    const i = out.indexOf(widest);
    const next = Math.max(8, ...out.filter((w, j) => j !== i && w < widest));
    const cut = Math.min(excess, widest - next || 1);
    out[i] -= cut;
    excess -= cut;
  }
  return out;
}

/**
 * Rows as an aligned table for people: one line per row, whitespace in a cell
 * shown as one space, control characters escaped (terminalText), cells cut
 * to fit `layout.width` (none when null; at 60 characters when unset).
 */
export function formatTable(
  rows: readonly Record<string, unknown>[],
  columns?: string[],
  layout: TableLayout = {},
): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0]);
  const names = cols.map((c) => terminalText(c.replace(/\s+/g, ' ')));
  const cells = rows.map((r) => cols.map((c) => terminalText(cellText(r[c]).replace(/\s+/g, ' '))));
  // A loop, not Math.max(...cells): a spread of 200,000 rows overflows the stack.
  const natural = names.map((name, i) => {
    let w = name.length;
    for (const row of cells) w = Math.max(w, row[i].length);
    return w;
  });
  const widths =
    layout.width === undefined
      ? natural.map((w) => Math.min(60, w))
      : layout.width === null
        ? natural
        : fitWidths(natural, layout.width);
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const head = names.map((c, i) => fit(c, widths[i])).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const body = cells.map((row) => row.map((s, i) => fit(s, widths[i])).join('  '));
  return [head, rule, ...body].join('\n');
}

/** Rows as CSV (RFC 4180 quoting), the values exactly as they are: escape it for a terminal (terminalLines). */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]);
  const esc = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [cols.map(esc).join(','), ...rows.map((r) => cols.map((c) => esc(cellText(r[c]))).join(','))];
  return `${lines.join('\n')}\n`;
}
