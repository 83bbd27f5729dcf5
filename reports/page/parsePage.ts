/**
 * Splits a page into Markdown chunks and cells: named SQL cells
 * (```` ```sql name [hidden|table] ````) and chart cells (```` ```chart [name] ````
 * or ```` ```plot [name] ````). Every piece keeps the file line it starts on.
 */
import { basename } from 'node:path';
import type { SqlParam } from '../../store/db.ts';
import type { PageError } from '../errors.ts';
import { type FrontMatter, splitFrontMatter } from './frontMatter.ts';

/** Markdown text between cells; `line` is the file line of its first character. */
export interface MarkdownChunk {
  kind: 'markdown';
  text: string;
  line: number;
}

/** A named SQL query. `line` is the fence line; `bodyLine` the first SQL line. */
export interface SqlCell {
  kind: 'sql';
  name: string;
  sql: string;
  line: number;
  bodyLine: number;
  /** `hidden`: never shown as a table. */
  hidden: boolean;
  /** `table`: shown as a table even when a chart or loop uses it. */
  table: boolean;
}

/** A chart; `source` is its YAML spec (parsed later by `parseChartSpec`). */
export interface ChartCell {
  kind: 'chart';
  name: string;
  source: string;
  line: number;
  bodyLine: number;
}

export type Segment = MarkdownChunk | SqlCell | ChartCell;

/** A parsed page: where it came from, its front matter and its pieces in order. */
export interface Page {
  /** Path of the file, as read. */
  file: string;
  /** File name without `.md`: the output name (`<slug>.html`, `<slug>.md`). */
  slug: string;
  front: FrontMatter;
  segments: Segment[];
  /**
   * A page made from a templated page's row (`front.each`): the row's values,
   * bound as the SQL parameters `$column` and given as the result `page`.
   */
  params?: Readonly<Record<string, SqlParam>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHART_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)\s*(.*?)\s*$/;

/**
 * Parses page text. Never throws: problems (bad front matter, unnamed or
 * duplicate cells, unknown cell options, unclosed fences) are returned with
 * their lines, and the page is still returned with what could be read.
 */
export function parsePage(text: string, file: string): { page: Page; errors: PageError[] } {
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\uE000-\uE003]/g, '');
  const split = splitFrontMatter(clean, file);
  const errors = [...split.errors];
  const slug = basename(file).replace(/\.md$/i, '');
  const segments: Segment[] = [];
  const lines = split.body.split('\n');
  const sqlNames = new Set<string>();
  const chartNames = new Set<string>();
  let chunk: string[] = [];
  let chunkLine = split.bodyLine;
  let charts = 0;
  const flush = (nextLine: number) => {
    if (chunk.length) segments.push({ kind: 'markdown', text: chunk.join('\n'), line: chunkLine });
    chunk = [];
    chunkLine = nextLine;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = split.bodyLine + i;
    const m = FENCE.exec(lines[i]);
    if (!m) {
      chunk.push(lines[i]);
      continue;
    }
    const [, fence, lang, meta] = m;
    const close = lines.findIndex(
      (l, j) => j > i && new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(l),
    );
    const end = close < 0 ? lines.length : close;
    if (close < 0) errors.push({ file, line, message: `code fence opened here is not closed` });
    const body = lines.slice(i + 1, end).join('\n');
    const words = meta.split(/\s+/).filter(Boolean);
    if (lang === 'sql') {
      flush(split.bodyLine + end + 1);
      const [name = '', ...flags] = words;
      if (!name) errors.push({ file, line, message: 'SQL cell needs a name: ```sql name' });
      else if (!NAME.test(name))
        errors.push({
          file,
          line,
          message: `SQL cell name ${JSON.stringify(name)} is not a plain identifier`,
        });
      else if (sqlNames.has(name))
        errors.push({ file, line, message: `duplicate SQL cell name \`${name}\`` });
      sqlNames.add(name);
      for (const f of flags.filter((f) => f !== 'hidden' && f !== 'table'))
        errors.push({ file, line, message: `unknown SQL cell option ${JSON.stringify(f)} (hidden, table)` });
      segments.push({
        kind: 'sql',
        name,
        sql: body,
        line,
        bodyLine: line + 1,
        hidden: flags.includes('hidden'),
        table: flags.includes('table'),
      });
    } else if (lang === 'chart' || lang === 'plot') {
      flush(split.bodyLine + end + 1);
      charts++;
      const [name = `chart-${charts}`, ...rest] = words;
      if (!CHART_NAME.test(name))
        errors.push({
          file,
          line,
          message: `chart name ${JSON.stringify(name)} may use only letters, digits, _ and -`,
        });
      else if (chartNames.has(name)) errors.push({ file, line, message: `duplicate chart name \`${name}\`` });
      if (rest.length)
        errors.push({ file, line, message: `unexpected text after the chart name: ${rest.join(' ')}` });
      chartNames.add(name);
      segments.push({ kind: 'chart', name, source: body, line, bodyLine: line + 1 });
    } else {
      chunk.push(...lines.slice(i, Math.min(lines.length, end + 1)));
    }
    i = end;
  }
  flush(0);
  return { page: { file, slug, front: split.front, segments }, errors };
}
