/**
 * Placeholders that stand for values and cells in the Markdown a template
 * expands to. Private-use characters never come from page text (the parser
 * strips them) and survive Markdown parsing as plain text, so the renderers can
 * put values in after parsing: as text nodes that are always escaped.
 */

import { type EmittedValue, expandTemplate } from './page/expandTemplate.ts';
import { displayValue } from './page/formatters.ts';
import type { CompiledPage } from './pageTypes.ts';

/** A value in the page, with the footnote number of the source it cites. */
export interface PlacedValue extends EmittedValue {
  footnote?: number;
}

/** The Markdown of a page with placeholders, and what they stand for. */
export interface Expanded {
  markdown: string;
  values: PlacedValue[];
  /** Cited sources, `path:line`, in footnote order (footnote n is `sources[n - 1]`). */
  sources: string[];
}

/** Value placeholder in text; also matched percent-encoded (inside URLs). */
export const VALUE_RE = /(?:\uE000|%EE%80%80)(\d+)(?:\uE001|%EE%80%81)/g;
/** A paragraph holding only this stands for block `n` (a table or chart). */
export const CELL_RE = /^\uE002(\d+)\uE003$/;

/** Expands every Markdown block of a page and puts a placeholder paragraph for each other block. */
export function expandPage(compiled: CompiledPage): Expanded {
  const values: PlacedValue[] = [];
  const sources: string[] = [];
  const emit = (v: EmittedValue): string => {
    let footnote: number | undefined;
    if (v.source !== undefined) {
      const i = sources.indexOf(v.source);
      footnote = i < 0 ? sources.push(v.source) : i + 1;
    }
    values.push({ text: v.text.replace(/[\uE000-\uE003]/g, ''), source: v.source, footnote });
    return `\uE000${values.length - 1}\uE001`;
  };
  const parts = compiled.blocks.map((b, i) =>
    b.kind === 'markdown' ? expandTemplate(b.nodes, compiled.results, emit) : `\n\n\uE002${i}\uE003\n\n`,
  );
  return { markdown: parts.join('\n'), values, sources };
}

/**
 * A cited source split into the path (data: the renderers isolate it) and the
 * `:line` after it: `reports/a.md:12` → `['reports/a.md', ':12']`.
 */
export function splitSource(source: string): [path: string, line: string] {
  const m = /^([\s\S]*)(:(?:\d+|\?))$/.exec(source);
  return m ? [m[1], m[2]] : [source, ''];
}

/** Splits text at value placeholders into text pieces and value indices. */
export function splitValues(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  let last = 0;
  for (const m of text.matchAll(VALUE_RE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * Replaces value placeholders in an attribute, URL or code span: `encode` for
 * URLs; `wrap` to dress each value (the Markdown renderer isolates values in
 * code spans).
 */
export function fillText(
  text: string,
  values: readonly PlacedValue[],
  encode = false,
  wrap: (value: string) => string = (v) => v,
): string {
  return text.replace(VALUE_RE, (_, i: string) => {
    const t = values[Number(i)]?.text ?? '';
    return encode ? encodeURIComponent(t) : wrap(t);
  });
}

/** Column is numeric when every non-null value is a number (aligned right). */
export function isNumericColumn(rows: readonly Record<string, unknown>[], column: string): boolean {
  let any = false;
  for (const r of rows) {
    const v = r[column];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

/** Text of a table cell. */
export const cellText = (v: unknown): string => (v === null || v === undefined ? '' : displayValue(v));

/** At most this many rows are shown in a table; the rest are counted in a note. */
export const MAX_TABLE_ROWS = 500;

/** The line under a table cut at MAX_TABLE_ROWS ("12 more rows not shown.", "+" when the query had more still). */
export function moreRowsText(result: { rows: readonly unknown[]; truncated?: boolean }): string | null {
  const more = result.rows.length - MAX_TABLE_ROWS;
  if (more <= 0 && !result.truncated) return null;
  return `${Math.max(0, more)}${result.truncated ? '+' : ''} more rows not shown.`;
}

/** True for URLs a page may link to: relative, #fragment, http(s), mailto. */
export function isSafeUrl(url: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.trim());
  return !scheme || ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase());
}
