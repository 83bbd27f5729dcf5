/**
 * How far a dated statement about a workload's environment reaches
 * (`environment_facts`: "the complete-story suite wraps its GPU work in
 * `threading.Semaphore(1)`", read from a report dated D): it applies to that
 * workload's rounds dated D or later that leave the attribute unknown, until
 * contradicted — by a later fact with another value, or by a report that
 * states another value for that workload's rounds ({@link contradicts}: a
 * forced graph path says nothing of a lock in the test's code; the first such date ends
 * it, that date included, since the order within a day is unknown; a
 * contradiction dated D itself leaves the fact nothing). Rounds without a
 * date are never reached. It never overrides a statement: it fills only what
 * a file leaves unknown.
 */
import type { EnvAttribute } from '../stats/index.ts';
import { type EnvValue, type EvidenceUnit, fromTheFile } from './evidenceUnit.ts';

/** A row of `environment_facts`, with the path of its source. */
export interface EnvironmentFact {
  path: string;
  line: number;
  workload: string;
  attribute: string;
  value: string | null;
  stated_on: string | null;
}

/**
 * Whether a value a report states contradicts a fact's value. Serialisation
 * has two layers: the test's own code (a lock, a semaphore — what facts are
 * about) and the process environment (`MPS_FORCE_GRAPH_PATH=1`). A report
 * that states only the environment layer (`graph_path`) says nothing about
 * the test's code, so it leaves a fact about the code standing; any other
 * difference (`none`, another lock or semaphore) contradicts it.
 *
 * @example contradicts('serialised', 'graph_path', 'semaphore(1)') // false
 * @example contradicts('serialised', 'none', 'semaphore(1)') // true
 * @example contradicts('serialised', 'graph_path+semaphore(2)', 'semaphore(1)') // true
 */
export function contradicts(attr: EnvAttribute, stated: string, fact: string): boolean {
  if (stated === fact) return false;
  if (attr !== 'serialised') return true;
  const code = (v: string) => v.split('+').filter((p) => p !== 'graph_path');
  const said = code(stated);
  if (said.length === 0) return false;
  return said.join('+') !== code(fact).join('+');
}

/** A fact with the dates it applies to: `from` inclusive, `until` exclusive (null: open). */
export interface FactReach {
  fact: EnvironmentFact;
  from: string;
  until: string | null;
}

/**
 * The reach of every fact about `attr` (facts without a value or a date have
 * none). `workloadOf(i)` is unit i's workload as resolved.
 */
export function factReaches(
  facts: readonly EnvironmentFact[],
  units: readonly EvidenceUnit[],
  attr: EnvAttribute,
  workloadOf: (i: number) => EnvValue,
): FactReach[] {
  const mine = facts
    .filter((f) => f.attribute === attr && f.value !== null && f.stated_on !== null)
    .sort(
      (a, b) => a.stated_on!.localeCompare(b.stated_on!) || a.path.localeCompare(b.path) || a.line - b.line,
    );
  const out: FactReach[] = [];
  for (const f of mine) {
    const ends: string[] = [];
    for (const g of mine)
      if (g.workload === f.workload && g.value !== f.value && g.stated_on! > f.stated_on!)
        ends.push(g.stated_on!);
    units.forEach((u, i) => {
      const v = u.values[attr];
      if (
        v !== null &&
        u.report_date !== null &&
        u.report_date >= f.stated_on! &&
        fromTheFile(u.from[attr]) &&
        workloadOf(i) === f.workload &&
        contradicts(attr, String(v), f.value!)
      )
        ends.push(u.report_date);
    });
    const until = ends.length ? ends.sort()[0] : null;
    if (until === null || until > f.stated_on!) out.push({ fact: f, from: f.stated_on!, until });
  }
  return out;
}

/** The latest fact whose reach covers a unit of workload `workload` dated `date`, or null. */
export function factFor(
  reaches: readonly FactReach[],
  workload: EnvValue,
  date: string | null,
): FactReach | null {
  if (date === null || workload === null) return null;
  let best: FactReach | null = null;
  for (const r of reaches)
    if (r.fact.workload === workload && r.from <= date && (r.until === null || date < r.until)) best = r;
  return best;
}
