/**
 * No round counted twice across files: an index of the global round ids each
 * report gives as its own, so that a later statement of the same rounds —
 * in any environment it was read in — is a restatement, never evidence.
 *
 * Order of precedence: rounds listed row by row claim their ids first, then
 * ranges a report states of its own session, then ranges that name another
 * worker's session; within each, earlier reports first (date, worker N,
 * path, line). A unit whose ids another report already claims is a
 * restatement (wholly or partly: a group cannot be split, so a partial repeat
 * is dropped too). A range naming another worker (`| N=2936 | 1620-1639 |`)
 * is never primary: when no report lists those rounds it is cumulative-only
 * evidence, kept once (at its first statement) and never summed across its
 * repeats; one the parser already made cumulative is named as the
 * restatement it is when one other report gives all its rounds. Round ids of reports that number from 1 are local and never
 * compared (reportSources.ts); rounds repeated inside one report are left to
 * the selection (analysis/stats/selectEvidence.ts); round logs are not
 * indexed. Equal results without round ids (two runs of one worker that both
 * passed) are different runs and are kept.
 */
import type { EvidenceUnit } from './evidenceUnit.ts';
import { workerNamed } from './evidenceUnit.ts';
import { ownBatch, type ReportSource } from './reportSources.ts';

/** The ids a unit states: its listed rounds, or its range (ranges over 100,000 rounds are not indexed). */
function idsOf(u: EvidenceUnit): number[] {
  if (u.origin !== 'batch') return [...(u.roundNumbers ?? [])];
  if (u.roundFirst == null || u.roundLast == null || u.roundLast < u.roundFirst) return [];
  if (u.roundLast - u.roundFirst > 100_000) return [];
  return Array.from({ length: u.roundLast - u.roundFirst + 1 }, (_, k) => u.roundFirst! + k);
}

const span = (ids: readonly number[]) => {
  let lo = ids[0];
  let hi = ids[0];
  for (const n of ids) {
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  return lo === hi ? `round ${lo}` : `rounds ${lo}–${hi}`;
};

/**
 * The units (by index) that restate rounds another report gives, with the
 * reason; `sources` from {@link reportSources}.
 */
export function crossSourceRestatements(
  units: readonly EvidenceUnit[],
  sources: ReadonlyMap<string, ReportSource>,
): Map<number, string> {
  const out = new Map<number, string>();
  const order = (list: number[]) =>
    list.sort((i, j) => {
      const a = units[i];
      const b = units[j];
      return (
        (a.report_date ?? '9999').localeCompare(b.report_date ?? '9999') ||
        (a.worker_n ?? Number.MAX_SAFE_INTEGER) - (b.worker_n ?? Number.MAX_SAFE_INTEGER) ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
        a.line - b.line
      );
    });
  const rows: number[] = [];
  const own: number[] = [];
  const foreign: number[] = [];
  const quoted: number[] = [];
  units.forEach((u, i) => {
    const s = sources.get(u.source_id);
    if (!s) return;
    if (u.kind === 'cumulative') {
      const named = workerNamed(u.label);
      if (u.origin === 'batch' && u.roundFirst != null && named !== null && named !== s.worker_n)
        quoted.push(i);
      return;
    }
    if (u.kind !== 'primary') return;
    if (u.origin === 'report') {
      if (s.first !== null && u.roundNumbers?.length) rows.push(i);
    } else if (u.roundFirst != null && u.roundLast != null) {
      if (ownBatch(u, s.worker_n)) {
        if (s.first !== null) own.push(i);
      } else if (u.roundFirst > 1) foreign.push(i);
    }
  });
  /** Round id → the unit that gives it first (primary), and the first restatement of ids no report gives. */
  const primary = new Map<number, number>();
  const restatedOnly = new Map<number, number>();
  const where = (i: number) => `${units[i].path}:${units[i].line}`;
  const claim = (i: number, foreignRange: boolean) => {
    const u = units[i];
    const ids = idsOf(u);
    if (ids.length === 0) return;
    const others = ids.filter((n) => primary.has(n) && units[primary.get(n)!].source_id !== u.source_id);
    const mine = ids.filter((n) => primary.has(n) && units[primary.get(n)!].source_id === u.source_id);
    if (mine.length === ids.length) return; // repeated inside its own report: the selection decides
    const named = workerNamed(u.label);
    const whose = foreignRange ? `worker N${named}'s ` : '';
    if (others.length) {
      const first = primary.get(others[0])!;
      out.set(
        i,
        others.length === ids.length
          ? `restates ${whose}${span(ids)}, already given at ${where(first)}`
          : `partly restates ${whose}${span(ids)} (${others.length} of ${ids.length} given at ${where(first)}): dropped so no round counts twice`,
      );
      return;
    }
    if (foreignRange) {
      const earlier = ids.find((n) => restatedOnly.has(n));
      if (earlier !== undefined)
        out.set(
          i,
          `repeats the restatement of ${whose}${span(ids)} at ${where(restatedOnly.get(earlier)!)} (no report lists them): counted once there`,
        );
      else {
        out.set(
          i,
          `restates ${whose}${span(ids)}, which no report lists: cumulative-only evidence, never added to primary evidence`,
        );
        for (const n of ids) restatedOnly.set(n, i);
      }
      return;
    }
    for (const n of ids) if (!primary.has(n)) primary.set(n, i);
  };
  for (const i of order(rows)) claim(i, false);
  for (const i of order(own)) claim(i, false);
  for (const i of order(foreign)) claim(i, true);
  // A row the parser already made cumulative for naming another worker's session
  // (`| N=2937 | 1640-1659 | 85.0% |`) is never counted either way; when one other
  // report gives all its rounds, say which (a running total spans many reports).
  for (const i of quoted) {
    const ids = idsOf(units[i]);
    const givers = new Set(ids.map((n) => (primary.has(n) ? units[primary.get(n)!].source_id : null)));
    if (ids.length === 0 || givers.size !== 1 || givers.has(null) || givers.has(units[i].source_id)) continue;
    out.set(
      i,
      `restates worker N${workerNamed(units[i].label)}'s ${span(ids)}, already given at ${where(primary.get(ids[0])!)}`,
    );
  }
  return out;
}
