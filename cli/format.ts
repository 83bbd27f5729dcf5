/** Plain-text rendering of row objects for the terminal: aligned table and CSV. */
import { terminalText } from './terminalText.ts';

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Rows as an aligned table for people: one line per row, whitespace in a cell
 * shown as one space, control characters escaped (terminalText), cells cut
 * at 60 characters.
 */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0]);
  const names = cols.map((c) => terminalText(c.replace(/\s+/g, ' ')));
  const cells = rows.map((r) => cols.map((c) => terminalText(cellText(r[c]).replace(/\s+/g, ' '))));
  // A loop, not Math.max(...cells): a spread of 200,000 rows overflows the stack.
  const widths = names.map((name, i) => {
    let w = name.length;
    for (const row of cells) w = Math.max(w, row[i].length);
    return Math.min(60, w);
  });
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
