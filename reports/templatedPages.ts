/**
 * Templated pages (like Evidence's `[param].md`): a page whose front matter
 * says `each: NAME` is not built itself; its SQL cell `NAME` runs once, and
 * every row of it gives one page. That page's SQL gets the row's values as
 * bound parameters (`WHERE fix_variant IS NOT DISTINCT FROM $fix_variant`:
 * never spliced into the SQL), its text gets them as the result `page`
 * (`{{ page.fix_variant }}`), and `{{ page.column }}` in its `title` and
 * `description` is replaced by the value. Its file name is the template's
 * followed by a slug of the values (`safe-for.md`, row native/2.9.1 →
 * `safe-for-native-2.9.1`): lower-case letters, digits, `.` and `-` only,
 * made unique. Generated pages stay out of the navigation; every page that
 * names `pages_<template>` (`pages_safe_for`) gets the list of them
 * (`slug`, `title`, `description`, and the row's columns) to link them.
 */
import type { Db, SqlParam } from '../store/db.ts';
import type { PageError } from './errors.ts';
import { displayValue } from './page/formatters.ts';
import type { Page } from './page/parsePage.ts';
import type { PageResults, ResultData } from './pageTypes.ts';
import { runQueries } from './runQueries.ts';

/** The pages to build: the templates replaced by the pages of their rows, and the lists of them. */
export interface ExpandedPages {
  /** Every page to build, in order: a template's pages stand where it stood. */
  pages: Page[];
  /** `pages_<template>` for each template: its pages, to give to the pages that name it. */
  lists: PageResults;
  errors: PageError[];
}

/** Most pages one template may make: a typo in its query (a cross join) should not write a million files. */
export const MAX_TEMPLATED_PAGES = 1000;

/**
 * A slug of a row's values: each value lower-cased, accents dropped, its
 * words (runs of `a-z 0-9`, a dot only between two of them: no `..`, no
 * hidden file) joined by `-`, null as `none`, at most 40 characters a value;
 * the values joined by `-`.
 *
 * @example valuesSlug(['native', '2.9.1']) // 'native-2.9.1'
 * @example valuesSlug(['../../etc', null]) // 'etc-none'
 */
export function valuesSlug(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const text = v === null || v === undefined ? 'none' : displayValue(v);
      const words = text
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .match(/[a-z0-9]+(?:\.[a-z0-9]+)*/g);
      const slug = (words ?? [])
        .join('-')
        .slice(0, 40)
        .replace(/[-.]+$/g, '');
      return slug || 'x';
    })
    .join('-');
}

/** `{{ page.column }}` in a front matter text replaced by the row's value (as displayed). */
function fill(text: string, row: Record<string, unknown>): string {
  return text.replace(/\{\{\s*page\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, col: string) =>
    Object.hasOwn(row, col) ? displayValue(row[col]) : whole,
  );
}

const asParam = (v: unknown): SqlParam =>
  v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? (v ?? null)
    : typeof v === 'bigint'
      ? v
      : displayValue(v);

/** The name of the result listing a template's pages: `pages_` and its file name with `-` as `_`. */
export function pagesListName(templateSlug: string): string {
  return `pages_${templateSlug.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Replaces every templated page in `pages` by the pages of its rows (see the
 * module doc). `taken` are slugs no generated page may use (the other pages').
 * A template whose `each` names no SQL cell, whose query fails, or that would
 * make more than {@link MAX_TEMPLATED_PAGES} pages is an error at its line.
 */
export async function expandTemplatedPages(db: Db, pages: readonly Page[]): Promise<ExpandedPages> {
  const out: Page[] = [];
  const lists: PageResults = new Map();
  const errors: PageError[] = [];
  const taken = new Set(pages.map((p) => p.slug));
  for (const page of pages) {
    const each = page.front.each;
    if (each === undefined) {
      out.push(page);
      continue;
    }
    const cell = page.segments.find((s) => s.kind === 'sql' && s.name === each);
    if (!cell) {
      errors.push({
        file: page.file,
        line: 2,
        message: `front matter: each: \`${each}\` names no SQL cell of this page`,
      });
      continue;
    }
    if (page.segments.some((s) => s.kind === 'sql' && s.name === 'page'))
      errors.push({
        file: page.file,
        line: cell.line,
        message: 'a templated page cannot have a SQL cell named `page` (its row is the result `page`)',
      });
    const ran = await runQueries(db, page, { upTo: each });
    errors.push(...ran.errors);
    const result = ran.results.get(each);
    if (!result) continue;
    if (result.rows.length > MAX_TEMPLATED_PAGES) {
      errors.push({
        file: page.file,
        line: cell.line,
        message: `each: \`${each}\` has ${result.rows.length} rows: a template makes at most ${MAX_TEMPLATED_PAGES} pages`,
      });
      continue;
    }
    const listed: Record<string, unknown>[] = [];
    for (const row of result.rows) {
      const base = `${page.slug}-${valuesSlug(result.columns.map((c) => row[c]))}`;
      let slug = base;
      for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
      taken.add(slug);
      const params = Object.fromEntries(result.columns.map((c) => [c, asParam(row[c])]));
      const front = {
        ...page.front,
        nav: false,
        ...(page.front.title === undefined ? {} : { title: fill(page.front.title, row) }),
        ...(page.front.description === undefined ? {} : { description: fill(page.front.description, row) }),
      };
      delete front.each;
      out.push({ ...page, slug, front, params });
      listed.push({ ...row, slug, title: front.title ?? slug, description: front.description ?? null });
    }
    const columns = [...new Set(['slug', 'title', 'description', ...result.columns])];
    lists.set(pagesListName(page.slug), { columns, rows: listed } satisfies ResultData);
  }
  return { pages: out, lists, errors };
}

/** The row of a page made from a template, as its result `page`; none for other pages. */
export function rowResult(page: Page): PageResults {
  if (!page.params) return new Map();
  return new Map([['page', { columns: Object.keys(page.params), rows: [{ ...page.params }] }]]);
}

/**
 * The lists of generated pages that `page` names in its text (`pages_safe_for`):
 * only those, so a page's results (and its errors' list of them) are its own.
 */
export function listsNamedBy(page: Page, lists: PageResults): PageResults {
  const text = page.segments.map((s) => (s.kind === 'markdown' ? s.text : '')).join('\n');
  return new Map([...lists].filter(([name]) => new RegExp(`\\b${name}\\b`).test(text)));
}
