/**
 * Evaluates a checked template into Markdown text. Values never enter the
 * Markdown source as text: each is handed to `emit`, which returns what to put
 * in its place (a placeholder that the renderers replace after parsing), so
 * nothing from the data can become Markdown or HTML syntax.
 */
import type { ResultData } from '../pageTypes.ts';
import { applyFormats } from './formatters.ts';
import type { Ref, TemplateNode } from './template.ts';

/** A value to show: its text and, for the `source` formatter, the `path:line` it cites. */
export interface EmittedValue {
  text: string;
  source?: string;
}

interface Scope {
  result: string;
  row: Record<string, unknown>;
}

/**
 * Expands `nodes` over `results`; `emit` turns each value into the text put in
 * the Markdown. Assumes {@link checkTemplate} found no errors.
 */
export function expandTemplate(
  nodes: readonly TemplateNode[],
  results: ReadonlyMap<string, ResultData>,
  emit: (value: EmittedValue) => string,
): string {
  const out: string[] = [];
  const walk = (list: readonly TemplateNode[], scopes: Scope[]) => {
    for (const node of list) {
      switch (node.type) {
        case 'text':
          out.push(node.value);
          break;
        case 'each': {
          const rows = results.get(node.result)?.rows ?? [];
          if (!rows.length) walk(node.empty, scopes);
          for (const row of rows) walk(node.body, [...scopes, { result: node.result, row }]);
          break;
        }
        case 'if': {
          const { row, column, result } = resolve(node.ref, scopes, results);
          const truthy =
            column === undefined ? (results.get(result)?.rows.length ?? 0) > 0 : isTruthy(row?.[column]);
          walk(truthy ? node.body : node.otherwise, scopes);
          break;
        }
        case 'value': {
          const { row, column } = resolve(node.ref, scopes, results);
          const value = column === undefined ? undefined : row?.[column];
          const text =
            column === 'source_path' &&
            node.formats.some((f) => f.name === 'source') &&
            node.formats.length === 1
              ? ''
              : applyFormats(value, node.formats);
          const cites = node.formats.some((f) => f.name === 'source') && row && row.source_path != null;
          out.push(emit(cites ? { text, source: `${row.source_path}:${row.line ?? '?'}` } : { text }));
          break;
        }
      }
    }
  };
  walk(nodes, []);
  return out.join('');
}

function isTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined && v !== false && v !== 0 && v !== '' && v !== 'false';
}

function resolve(
  ref: Ref,
  scopes: readonly Scope[],
  results: ReadonlyMap<string, ResultData>,
): { result: string; row?: Record<string, unknown>; column?: string } {
  if (ref.bare !== undefined) {
    const inner = scopes[scopes.length - 1];
    if (inner && results.get(inner.result)?.columns.includes(ref.bare))
      return { result: inner.result, row: inner.row, column: ref.bare };
    return { result: ref.bare };
  }
  const name = ref.result!;
  const scope = [...scopes].reverse().find((s) => s.result === name);
  return { result: name, row: scope?.row ?? results.get(name)?.rows[0], column: ref.column };
}
