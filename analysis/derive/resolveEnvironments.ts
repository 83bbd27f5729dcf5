/**
 * The cross-file interpretation of environments: an attribute a round or
 * batch leaves unknown — and that its whole file leaves unknown, for that
 * workload — is taken from the series it continues, by the first of these
 * rules that finds any statement:
 *
 * 1. **the same worker**: other reports of the same worker N (dated within a
 *    day of it: a date can be UTC in one file and local in another);
 * 2. **the session series** (analysis/derive/sessionSeries.ts): reports of
 *    numbered rounds linked by adjacent round ranges, by tables that list the
 *    earlier sessions, or by running totals, while they agree;
 * 3. **environment facts** (analysis/derive/factReach.ts): a dated statement
 *    about a workload (the suite's `Semaphore(1)`), from its date until
 *    contradicted;
 * 4. **bracketing** (analysis/derive/workerBracketing.ts), for single-run
 *    reports (no global round ids): the nearest stating single-run reports
 *    before and after it in the worker sequence agree.
 *
 * The value is recorded with provenance `series:PATH:LINE` (the statement it
 * came from). Only statements made by files count (`stated`/`file`), never a
 * value inferred for another file, so the result does not depend on the
 * order reports are read in. Inference never overrides a statement, and a
 * series that disagrees with itself gives nothing: the first rule with any
 * statement decides, and if its statements differ the attribute stays
 * unknown. The workload is resolved first, so that threads, wrapper and
 * serialisation are taken only from statements about the same workload. When
 * the unit's own file states the attribute for other rows (of the same
 * workload), the inherited value must agree with every such statement (a
 * file that states two values, or another one, keeps the unit unknown: its
 * sections may differ, and resolving inside a file is the parser's work).
 * Round logs state their campaign's labels and are never inferred.
 */
import { ENV_ATTRIBUTES, type EnvAttribute } from '../stats/index.ts';
import { daysApart, type EvidenceUnit, fromTheFile, seriesProvenance } from './evidenceUnit.ts';
import { type EnvironmentFact, factFor, factReaches } from './factReach.ts';
import { type ReportSource, reportSources, workerSequence } from './reportSources.ts';
import { sessionSeries } from './sessionSeries.ts';
import {
  type Agreement,
  agreement,
  type StatementIndex,
  scopeOf,
  statementIndex,
  statementsIn,
} from './statements.ts';
import { bracketed, sequencePositions } from './workerBracketing.ts';

/** The order attributes are resolved in: the workload first (the others are read per workload). */
export const RESOLUTION_ORDER: readonly EnvAttribute[] = [
  'workload',
  'fix_variant',
  'torch',
  'threads',
  'wrapper',
  'serialised',
];

/** A fact as an agreement to cite (a thread count is a number). */
function factAgreement(attr: EnvAttribute, fact: EnvironmentFact): Agreement {
  const value = attr === 'threads' ? Number(fact.value) : fact.value!;
  return { value, cite: { value, source_id: '', path: fact.path, line: fact.line } };
}

/** Reports of the same worker N as each report, dated within a day of it (or undated), by source id. */
export function sameWorkerReports(sources: ReadonlyMap<string, ReportSource>): Map<string, ReportSource[]> {
  const byWorker = new Map<number, ReportSource[]>();
  for (const s of sources.values())
    if (s.worker_n !== null) byWorker.set(s.worker_n, [...(byWorker.get(s.worker_n) ?? []), s]);
  const out = new Map<string, ReportSource[]>();
  for (const list of byWorker.values())
    for (const s of list)
      out.set(
        s.source_id,
        list
          .filter((t) => t !== s && (daysApart(s.report_date, t.report_date) ?? 0) <= 1)
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      );
  return out;
}

/**
 * The units with what their series gives them (new objects; the input is
 * not changed). See the module comment for the rules and their order.
 */
export function resolveEnvironments(
  units: readonly EvidenceUnit[],
  facts: readonly EnvironmentFact[] = [],
  /**
   * Only these units need their attributes other than the workload resolved (a verdict asks about one
   * environment: a unit whose stated labels already differ from it cannot come to match). Every unit's
   * workload is still resolved: statements of the other attributes are read per workload.
   */
  needed?: (u: EvidenceUnit) => boolean,
): EvidenceUnit[] {
  const out = units.map((u) => ({ ...u, values: { ...u.values }, from: { ...u.from } }));
  const sources = reportSources(units);
  if (sources.size === 0) return out;
  const rawWorkload = (i: number) => units[i].values.workload;
  const raw = Object.fromEntries(
    ENV_ATTRIBUTES.map((a) => [a, statementIndex(units, a, rawWorkload)]),
  ) as Record<EnvAttribute, StatementIndex>;
  const series = sessionSeries(units, sources, raw);
  const sameWorker = sameWorkerReports(sources);
  const sequence = workerSequence(sources);
  const positions = sequencePositions(sequence);

  for (const attr of RESOLUTION_ORDER) {
    const workloadOf = (i: number) => out[i].values.workload;
    const index = attr === 'workload' ? raw.workload : statementIndex(units, attr, workloadOf);
    const reaches = factReaches(facts, units, attr, workloadOf);
    const fromReports = (reports: readonly ReportSource[] | undefined, scope: string) =>
      agreement(
        attr,
        (reports ?? []).flatMap((s) => statementsIn(index, s.source_id, scope)),
      );
    // What a report's series, same-worker reports and neighbours say depends on the report
    // and the scope alone (the index is fixed for this attribute): once per pair, not per unit.
    const reportsSay = new Map<string, [Agreement | null, Agreement | null, () => Agreement | null]>();
    const said = (source: string, scope: string) => {
      const key = `${source}\0${scope}`;
      let found = reportsSay.get(key);
      if (!found) {
        let neighbours: Agreement | null | undefined;
        found = [
          fromReports(sameWorker.get(source), scope),
          fromReports(series.get(source), scope),
          () => {
            if (neighbours === undefined)
              neighbours = bracketed(attr, scope, source, sequence, positions, index);
            return neighbours;
          },
        ];
        reportsSay.set(key, found);
      }
      return found;
    };
    out.forEach((u, i) => {
      if (u.origin === 'runner' || u.values[attr] !== null || fromTheFile(u.from[attr])) return;
      if (needed && attr !== 'workload' && !needed(u)) return;
      const scope = scopeOf(attr, workloadOf(i));
      const own = statementsIn(index, u.source_id, scope);
      const fact = factFor(reaches, workloadOf(i), u.report_date);
      const [sameWorkerSay, seriesSay, neighboursSay] = said(u.source_id, scope);
      const found: Agreement | null =
        sameWorkerSay ?? seriesSay ?? (fact ? factAgreement(attr, fact.fact) : null) ?? neighboursSay();
      if (found === null || found === 'conflict') return;
      if (own.length && agreement(attr, [...own, { ...found.cite, value: found.value }]) === 'conflict')
        return;
      u.values[attr] = found.value;
      u.from[attr] = seriesProvenance(found.cite.path, found.cite.line);
    });
  }
  return out;
}
