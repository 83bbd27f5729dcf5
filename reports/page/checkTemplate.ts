/**
 * Checks a parsed template against the page's results: every value, loop and
 * condition must name a real result and a real column (from the query's
 * column list, so a query with no rows still checks), and every formatter
 * must exist and fit.
 */

import type { PageError } from '../errors.ts';
import type { ResultData } from '../pageTypes.ts';
import { FORMATTERS, SOURCE_COLUMNS } from './formatters.ts';
import type { Ref, TemplateNode } from './template.ts';

/** Returns every problem in `nodes` with its file line. */
export function checkTemplate(
  nodes: readonly TemplateNode[],
  results: ReadonlyMap<string, ResultData>,
  file: string,
  failed: ReadonlySet<string> = new Set(),
): PageError[] {
  const errors: PageError[] = [];
  const names = () =>
    results.size ? `results: ${[...results.keys()].join(', ')}` : 'no SQL cells ran on this page';
  const walk = (list: readonly TemplateNode[], loops: string[]) => {
    for (const node of list) {
      const err = (message: string) => errors.push({ file, line: (node as { line: number }).line, message });
      if (node.type === 'text') continue;
      if (node.type === 'each') {
        if (failed.has(node.result)) continue;
        if (!results.has(node.result))
          err(`{{#each ${node.result}}}: unknown result \`${node.result}\` (${names()})`);
        walk(node.body, [...loops, node.result]);
        walk(node.empty, loops);
        continue;
      }
      const what = node.type === 'value' ? `{{ ${node.source} }}` : '{{#if}}';
      const owner = checkRef(node.ref, loops, results, failed, node.type === 'if', (m) =>
        err(`${what}: ${m}`),
      );
      if (node.type === 'if') {
        walk(node.body, loops);
        walk(node.otherwise, loops);
        continue;
      }
      for (const f of node.formats) {
        const formatter = FORMATTERS[f.name];
        if (!formatter) {
          err(`${what}: unknown formatter "${f.name}" (${Object.keys(FORMATTERS).join(', ')})`);
          continue;
        }
        const bad = formatter.check(f.arg);
        if (bad) err(`${what}: formatter ${f.name} ${bad}`);
        if (f.name === 'source' && owner) {
          const cols = results.get(owner)?.columns ?? [];
          const missing = SOURCE_COLUMNS.filter((c) => !cols.includes(c));
          if (missing.length)
            err(
              `${what}: source needs column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in \`${owner}\``,
            );
        }
      }
    }
  };
  walk(nodes, []);
  return errors;
}

/** Checks one reference; returns the result it reads from (when known). */
function checkRef(
  ref: Ref,
  loops: readonly string[],
  results: ReadonlyMap<string, ResultData>,
  failed: ReadonlySet<string>,
  allowResult: boolean,
  err: (message: string) => void,
): string | undefined {
  if (ref.bare !== undefined) {
    const loop = loops[loops.length - 1];
    if (loop !== undefined && results.get(loop)?.columns.includes(ref.bare)) return loop;
    if (allowResult && results.has(ref.bare)) return ref.bare;
    if (loop !== undefined && failed.has(loop)) return undefined;
    if (loop !== undefined) {
      const cols = results.get(loop)?.columns;
      if (cols) err(`unknown column \`${ref.bare}\` in \`${loop}\` (columns: ${cols.join(', ') || 'none'})`);
      return undefined;
    }
    err(`\`${ref.bare}\` is not inside {{#each}}: write result.column`);
    return undefined;
  }
  const name = ref.result!;
  if (failed.has(name)) return undefined;
  const result = results.get(name);
  if (!result) {
    err(
      `unknown result \`${name}\` (${results.size ? `results: ${[...results.keys()].join(', ')}` : 'no SQL cells on this page'})`,
    );
    return undefined;
  }
  if (!result.columns.includes(ref.column!)) {
    err(`unknown column \`${ref.column}\` in \`${name}\` (columns: ${result.columns.join(', ') || 'none'})`);
    return undefined;
  }
  return name;
}
