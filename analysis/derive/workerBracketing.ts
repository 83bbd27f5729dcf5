/**
 * Bracketing in the worker sequence: workers were numbered in one sequence
 * across the project, and periodic reports (one run of the suite each) often
 * leave their dylib, throttle or wrapper unsaid. Among the single-run reports
 * (those that number no rounds globally: reportSources.ts `workerSequence`;
 * numbered sessions follow their session series instead), a report that states nothing
 * about an attribute takes it from its neighbours only when the nearest
 * report before it and the nearest after it that state the attribute (for the
 * same workload, where the attribute depends on it) each state one value,
 * and the two agree, and neither is dated more than {@link BRACKET_DAYS} day
 * from the report (a sparse sequence — reports weeks apart, another
 * project's reports after this one's — brackets nothing); the value is cited
 * at the earlier one. Where an era ends
 * (v2.5 before, v2.7 after) the reports in between stay unknown, and so does
 * the first or last report of the sequence.
 *
 * Limits: a configuration that changed and changed back between two stating
 * reports is not seen; reports without a worker N take no part; only reports
 * that hold evidence (rounds or batches) state anything here, so a report
 * that names its dylib but ran nothing is not a neighbour.
 */
import type { EnvAttribute } from '../stats/index.ts';
import { daysApart } from './evidenceUnit.ts';
import type { ReportSource } from './reportSources.ts';
import {
  type Agreement,
  agreement,
  type Statement,
  type StatementIndex,
  statementsIn,
} from './statements.ts';

/** How far (in days) a bracketing report may be dated from the report it brackets. */
export const BRACKET_DAYS = 1;

/** Positions of reports in the worker sequence, by source id. */
export const sequencePositions = (sequence: readonly ReportSource[]): Map<string, number> =>
  new Map(sequence.map((s, i) => [s.source_id, i]));

/** Per index and sequence: the positions of the reports that state anything in a scope, ascending. */
const statingCache = new WeakMap<StatementIndex, WeakMap<readonly ReportSource[], Map<string, number[]>>>();

function statingPositions(index: StatementIndex, sequence: readonly ReportSource[], scope: string): number[] {
  let bySequence = statingCache.get(index);
  if (!bySequence) {
    bySequence = new WeakMap();
    statingCache.set(index, bySequence);
  }
  let byScope = bySequence.get(sequence);
  if (!byScope) {
    byScope = new Map();
    bySequence.set(sequence, byScope);
  }
  let positions = byScope.get(scope);
  if (!positions) {
    positions = [];
    for (let i = 0; i < sequence.length; i++)
      if (statementsIn(index, sequence[i].source_id, scope).length) positions.push(i);
    byScope.set(scope, positions);
  }
  return positions;
}

/** Index in ascending `xs` of the first element greater than `x` (xs.length when none). */
function firstAbove(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the nearest stating reports before and after `source` in `sequence`
 * agree on for `attr` in `scope`: a value (cited at the report before), a
 * conflict, or null when either side has no stating report.
 */
export function bracketed(
  attr: EnvAttribute,
  scope: string,
  source: string,
  sequence: readonly ReportSource[],
  positions: ReadonlyMap<string, number>,
  index: StatementIndex,
): Agreement | null {
  const at = positions.get(source);
  if (at === undefined) return null;
  const date = sequence[at].report_date;
  // The nearest stating positions on either side, found by bisection (the sequence is
  // long and most of it states nothing in a given scope).
  const stating = statingPositions(index, sequence, scope);
  const above = firstAbove(stating, at);
  const below = above > 0 && stating[above - 1] === at ? above - 2 : above - 1;
  const nearest = (step: 1 | -1): Statement[] | null => {
    const i = step === 1 ? stating[above] : stating[below];
    if (i === undefined) return null;
    const found = statementsIn(index, sequence[i].source_id, scope);
    return (daysApart(date, sequence[i].report_date) ?? 0) <= BRACKET_DAYS ? found : null;
  };
  const before = nearest(-1);
  const after = nearest(1);
  if (!before || !after) return null;
  const b = agreement(attr, before);
  const a = agreement(attr, after);
  if (b === null || a === null || b === 'conflict' || a === 'conflict') return 'conflict';
  return agreement(attr, [
    { ...b.cite, value: b.value },
    { ...a.cite, value: a.value },
  ]);
}
