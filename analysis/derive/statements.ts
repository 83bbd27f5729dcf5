/**
 * What files state about an attribute, gathered for the series rules: every
 * value a unit got from its own file (`stated` or `file` provenance, never an
 * inferred one), with the file and line it was stated at, indexed by source
 * and scope. Threads, wrapper and serialisation are scoped by workload (a
 * stress test at 56 threads says nothing of the suite's threads); fix
 * variant, torch and workload are file-wide.
 */
import { torchBase } from '../../store/torchVersion.ts';
import type { EnvAttribute } from '../stats/index.ts';
import { type EnvValue, type EvidenceUnit, fromTheFile, statementLine } from './evidenceUnit.ts';

/** A value a file states, and where. */
export interface Statement {
  value: Exclude<EnvValue, null>;
  source_id: string;
  path: string;
  line: number;
}

/** Statements of one attribute: by source, then by scope (`''` for file-wide attributes). */
export type StatementIndex = Map<string, Map<string, Statement[]>>;

/** The attributes whose statements only speak for the same workload. */
export const WORKLOAD_SCOPED: ReadonlySet<EnvAttribute> = new Set(['threads', 'wrapper', 'serialised']);

/** The scope a unit's value of `attr` speaks for: its workload for scoped attributes, else the whole file. */
export const scopeOf = (attr: EnvAttribute, workload: EnvValue): string =>
  WORKLOAD_SCOPED.has(attr) ? `w:${workload ?? ''}` : '';

/**
 * Every statement of `attr` in `units`, indexed by source and scope;
 * `workloadOf` gives the workload a unit's scope is read by (the resolved one).
 */
export function statementIndex(
  units: readonly EvidenceUnit[],
  attr: EnvAttribute,
  workloadOf: (i: number) => EnvValue,
): StatementIndex {
  const index: StatementIndex = new Map();
  units.forEach((u, i) => {
    const value = u.values[attr];
    if (value === null || !fromTheFile(u.from[attr])) return;
    const scope = scopeOf(attr, workloadOf(i));
    let bySource = index.get(u.source_id);
    if (!bySource) {
      bySource = new Map();
      index.set(u.source_id, bySource);
    }
    const list = bySource.get(scope) ?? [];
    list.push({ value, source_id: u.source_id, path: u.path, line: statementLine(u.from[attr], u.line) });
    bySource.set(scope, list);
  });
  return index;
}

/** The statements of a source in a scope (empty when it states nothing there). */
export const statementsIn = (index: StatementIndex, source: string, scope: string): Statement[] =>
  index.get(source)?.get(scope) ?? [];

/** What a set of statements agrees on: one value (with the statement to cite), or a conflict. */
export type Agreement = { value: Exclude<EnvValue, null>; cite: Statement } | 'conflict';

/**
 * Whether statements agree: one distinct value, cited by the first
 * statement; for torch, versions of one base agree on that base (builds that
 * differ, or a build beside a bare base, give only the base); for
 * serialisation, values agree on the parts they all name (`graph_path` and
 * `graph_path+semaphore(2)` agree on `graph_path`). No statements →
 * null; different values → `'conflict'`.
 *
 * @example agreement('torch', [{value: '2.9.1', …}, {value: '2.9.1a0+git8cfbcc8', …}]) // {value: '2.9.1', …}
 */
export function agreement(attr: EnvAttribute, statements: readonly Statement[]): Agreement | null {
  if (statements.length === 0) return null;
  const cite = statements[0];
  if (statements.every((s) => s.value === cite.value)) return { value: cite.value, cite };
  if (attr === 'torch') {
    const base = torchBase(String(cite.value));
    if (base && statements.every((s) => torchBase(String(s.value)) === base)) return { value: base, cite };
  }
  if (attr === 'serialised') {
    const common = commonParts(statements.map((s) => String(s.value)));
    if (common) return { value: common, cite };
  }
  return 'conflict';
}

/**
 * The serialisation parts every value names (`graph_path` of `graph_path`
 * and `graph_path+semaphore(2)`), joined, or null when they share none
 * (`none` shares nothing: it says there was no serialisation at all).
 */
function commonParts(values: readonly string[]): string | null {
  const [first, ...rest] = values.map((v) => new Set(v.split('+')));
  const common = [...first].filter((p) => p !== 'none' && rest.every((r) => r.has(p))).sort();
  return common.length ? common.join('+') : null;
}

/**
 * The distinct values a source states for `attr` across all its scopes (torch
 * as its base), for comparing two files' configurations.
 */
export function statedSet(index: StatementIndex, attr: EnvAttribute, source: string): Set<string> {
  const out = new Set<string>();
  for (const list of index.get(source)?.values() ?? [])
    for (const s of list)
      out.add(attr === 'torch' ? (torchBase(String(s.value)) ?? String(s.value)) : String(s.value));
  return out;
}
