/**
 * Front matter of a page: the YAML block between `---` lines at the top of the
 * file. Known keys are checked (title, description, order, nav, each); any other key
 * is kept as is for page authors' own use.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { PageError } from '../errors.ts';

/** What a page says about itself. */
export interface FrontMatter {
  /** Shown as the page heading, in `<title>` and in the navigation. Default: the file name. */
  title?: string;
  /** One sentence under the heading and in the index. */
  description?: string;
  /** Position in the navigation (ascending; then by file name). Default 100. */
  order?: number;
  /** `false` leaves the page out of the navigation (it is still built). */
  nav?: boolean;
  /**
   * A templated page: the name of one of its SQL cells whose rows give one
   * page each (`reports/templatedPages.ts`). Each page gets its row's values
   * as SQL parameters (`$column`) and as the result `page` (`{{ page.column }}`,
   * also in `title` and `description`).
   */
  each?: string;
  [key: string]: unknown;
}

const schema = z
  .object({
    title: z.string().min(1).optional(),
    description: z.string().optional(),
    order: z.number().finite().optional(),
    nav: z.boolean().optional(),
    each: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'names a SQL cell of this page')
      .optional(),
  })
  .passthrough();

/** The front matter, the body after it and the 1-based file line the body starts on. */
export interface SplitPage {
  front: FrontMatter;
  body: string;
  bodyLine: number;
  errors: PageError[];
}

/**
 * Splits `text` into front matter and body. A file without a leading `---`
 * line has empty front matter. Problems (unclosed block, YAML syntax, wrong
 * types) come back as errors with the file line, never thrown.
 *
 * @example splitFrontMatter('---\ntitle: Scaling\n---\n# Hi\n', 'scaling.md')
 *   // → {front: {title: 'Scaling'}, body: '# Hi\n', bodyLine: 4, errors: []}
 */
export function splitFrontMatter(text: string, file: string): SplitPage {
  const lines = text.split('\n');
  if (lines[0]?.replace(/\r$/, '') !== '---') return { front: {}, body: text, bodyLine: 1, errors: [] };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) {
    return {
      front: {},
      body: '',
      bodyLine: lines.length + 1,
      errors: [{ file, line: 1, message: 'front matter opened with --- is not closed by a --- line' }],
    };
  }
  const yamlText = lines.slice(1, end).join('\n');
  const body = lines.slice(end + 1).join('\n');
  const bodyLine = end + 2;
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const errors: PageError[] = [];
  for (const e of doc.errors) {
    const pos = e.pos ? counter.linePos(e.pos[0]) : { line: 1 };
    errors.push({ file, line: pos.line + 1, message: `front matter: ${e.message.split('\n')[0]}` });
  }
  if (errors.length) return { front: {}, body, bodyLine, errors };
  const value = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      front: {},
      body,
      bodyLine,
      errors: [{ file, line: 2, message: 'front matter must be a mapping' }],
    };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number] } | undefined;
      const line = node?.range ? counter.linePos(node.range[0]).line + 1 : 2;
      errors.push({ file, line, message: `front matter: ${issue.path.join('.')}: ${issue.message}` });
    }
    return { front: {}, body, bodyLine, errors };
  }
  return { front: parsed.data as FrontMatter, body, bodyLine, errors };
}
