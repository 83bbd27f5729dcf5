/**
 * The template language of page Markdown: inline values, loops and
 * conditionals, parsed into a small tree whose nodes keep their file line.
 *
 * - `{{ result.column }}`: a column of the first row of a named SQL result;
 * - `{{ result.column | pct }}`, `{{ x.y | fixed:2 }}`: with formatters;
 * - `{{#each result}} … {{else}} … {{/each}}`: once per row; inside, `{{ column }}`
 *   (or `{{ result.column }}`) is the current row's value; `else` when no rows;
 * - `{{#if result.column}} … {{else}} … {{/if}}` (or `{{#if result}}`: has rows).
 * A tag alone on its line takes the whole line with it.
 */
import type { PageError } from '../errors.ts';

/** `result.column`, or `column` alone (a loop row's column), or `result` alone (in `#if`). */
export interface Ref {
  result?: string;
  column?: string;
  /** Bare name as written, resolved during checks (loop column or result). */
  bare?: string;
}

export interface Format {
  name: string;
  arg?: string;
}

export type TemplateNode =
  | { type: 'text'; value: string }
  | { type: 'value'; ref: Ref; formats: Format[]; line: number; source: string }
  | { type: 'each'; result: string; line: number; body: TemplateNode[]; empty: TemplateNode[] }
  | { type: 'if'; ref: Ref; line: number; body: TemplateNode[]; otherwise: TemplateNode[] };

const TAG = /\{\{([^{}\n]*)\}\}/g;
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const REF = new RegExp(`^(${IDENT})(?:\\.(${IDENT}))?$`);

interface Frame {
  kind: 'root' | 'each' | 'if';
  line: number;
  node?: TemplateNode & { type: 'each' | 'if' };
  target: TemplateNode[];
  sawElse: boolean;
}

function parseRef(text: string): Ref | undefined {
  const m = REF.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? { result: m[1], column: m[2] } : { bare: m[1] };
}

/**
 * Parses one Markdown chunk starting at file line `startLine`. Syntax errors
 * (unclosed `{{`, unclosed loop, stray `{{/each}}`, malformed value) are
 * returned with their lines.
 */
export function parseTemplate(
  text: string,
  startLine: number,
  file: string,
): { nodes: TemplateNode[]; errors: PageError[] } {
  const errors: PageError[] = [];
  const root: TemplateNode[] = [];
  const stack: Frame[] = [{ kind: 'root', line: startLine, target: root, sawElse: false }];
  const lineAt = (offset: number) => {
    let n = startLine;
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  const top = () => stack[stack.length - 1];
  const pushText = (value: string) => {
    if (!value) return;
    const t = top().target;
    const last = t[t.length - 1];
    if (last?.type === 'text') last.value += value;
    else t.push({ type: 'text', value });
  };
  let pos = 0;
  for (const m of text.matchAll(TAG)) {
    let start = m.index;
    let end = start + m[0].length;
    const inner = m[1].trim();
    const line = lineAt(start);
    const block = /^[#/]|^else$/.test(inner);
    if (block) {
      // A block tag alone on its line takes the line (and its newline) with it.
      const ls = text.lastIndexOf('\n', start - 1) + 1;
      const le = text.indexOf('\n', end);
      const lineEnd = le < 0 ? text.length : le;
      if (ls >= pos && text.slice(ls, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
        start = ls;
        end = le < 0 ? text.length : le + 1;
      }
    }
    checkStrayBraces(text.slice(pos, start), lineAt(pos), file, errors);
    pushText(text.slice(pos, start));
    pos = end;
    if (inner.startsWith('#each')) {
      const name = inner.slice(5).trim();
      if (!new RegExp(`^${IDENT}$`).test(name)) {
        errors.push({ file, line, message: `{{#each}} needs a result name: {{#each result}}` });
      }
      const node: TemplateNode & { type: 'each' } = { type: 'each', result: name, line, body: [], empty: [] };
      top().target.push(node);
      stack.push({ kind: 'each', line, node, target: node.body, sawElse: false });
    } else if (inner.startsWith('#if')) {
      const ref = parseRef(inner.slice(3));
      if (!ref) errors.push({ file, line, message: `{{#if}} needs result or result.column, got "${inner}"` });
      const node: TemplateNode & { type: 'if' } = {
        type: 'if',
        ref: ref ?? {},
        line,
        body: [],
        otherwise: [],
      };
      top().target.push(node);
      stack.push({ kind: 'if', line, node, target: node.body, sawElse: false });
    } else if (inner === 'else') {
      const f = top();
      if (f.kind === 'root' || f.sawElse)
        errors.push({ file, line, message: '{{else}} outside {{#each}} or {{#if}}' });
      else {
        f.sawElse = true;
        f.target =
          f.node!.type === 'each' ? f.node!.empty : (f.node as { otherwise: TemplateNode[] }).otherwise;
      }
    } else if (inner === '/each' || inner === '/if') {
      const kind = inner.slice(1);
      const f = top();
      if (f.kind !== kind) {
        errors.push({
          file,
          line,
          message:
            f.kind === 'root'
              ? `{{${inner}}} without an open {{#${kind}}}`
              : `{{${inner}}} closes the {{#${f.kind}}} opened at line ${f.line}`,
        });
      } else stack.pop();
    } else if (inner.startsWith('#') || inner.startsWith('/')) {
      errors.push({ file, line, message: `unknown block tag {{${inner}}} (#each, #if, else, /each, /if)` });
    } else {
      const [expr, ...pipes] = inner.split('|').map((s) => s.trim());
      const ref = parseRef(expr);
      const formats = pipes.map((p) => {
        const i = p.indexOf(':');
        return i < 0 ? { name: p } : { name: p.slice(0, i).trim(), arg: p.slice(i + 1).trim() };
      });
      if (!ref || formats.some((f) => !f.name))
        errors.push({
          file,
          line,
          message: `malformed value {{${m[1]}}}: write {{ result.column | format }}`,
        });
      else top().target.push({ type: 'value', ref, formats, line, source: inner });
    }
  }
  checkStrayBraces(text.slice(pos), lineAt(pos), file, errors);
  pushText(text.slice(pos));
  for (const f of stack.slice(1).reverse())
    errors.push({
      file,
      line: f.line,
      message: `{{#${f.kind}}} opened here is not closed in this Markdown block`,
    });
  return { nodes: root, errors };
}

function checkStrayBraces(text: string, line: number, file: string, errors: PageError[]): void {
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    if (l.includes('{{'))
      errors.push({ file, line: line + i, message: '"{{" is not closed by "}}" on the same line' });
  });
}
