/**
 * The reports behind the evidence units, as the series rules and the
 * cross-source index see them: worker N, date, family, and the interval of
 * global round ids the report gives as its own.
 */
import { type EvidenceUnit, reportFamily, workerNamed } from './evidenceUnit.ts';

/** A report that holds evidence units. */
export interface ReportSource {
  source_id: string;
  path: string;
  worker_n: number | null;
  report_date: string | null;
  family: string;
  /** Indices (into the unit list) of its units. */
  units: number[];
  /**
   * The smallest and largest round id of its own rounds (rows, and ranges of
   * its own primary batches), when they are global ids; null when it has none
   * or numbers its rounds from 1 (local numbering: `Round 1…25`, `Run 1–3`).
   */
  first: number | null;
  last: number | null;
  /** Whether it states a cumulative total (a running series of sessions). */
  hasCumulative: boolean;
}

/**
 * Whether a batch states rounds of its own report: a primary batch whose
 * label names no other worker (`Comparison …: N=2936` in worker 2938's report
 * restates worker 2936's session).
 */
export const ownBatch = (u: EvidenceUnit, worker: number | null): boolean => {
  if (u.origin !== 'batch' || u.kind !== 'primary') return false;
  const named = workerNamed(u.label);
  return named === null || worker === null || named === worker;
};

/**
 * The reports of `units` (round logs are not reports: their units are left
 * out), by source id. A report's own round ids are global unless the smallest
 * is 1 or less: a series that really starts at round 1 cannot be told from a
 * report numbering its own rounds, and is taken as local.
 */
export function reportSources(units: readonly EvidenceUnit[]): Map<string, ReportSource> {
  const out = new Map<string, ReportSource>();
  units.forEach((u, i) => {
    if (u.origin === 'runner') return;
    let s = out.get(u.source_id);
    if (!s) {
      s = {
        source_id: u.source_id,
        path: u.path,
        worker_n: u.worker_n,
        report_date: u.report_date,
        family: reportFamily(u.path),
        units: [],
        first: null,
        last: null,
        hasCumulative: false,
      };
      out.set(u.source_id, s);
    }
    s.units.push(i);
    if (u.kind === 'cumulative') s.hasCumulative = true;
  });
  for (const s of out.values()) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const i of s.units) {
      const u = units[i];
      if (u.origin === 'report' && u.kind === 'primary')
        for (const n of u.roundNumbers ?? []) {
          lo = Math.min(lo, n);
          hi = Math.max(hi, n);
        }
      else if (ownBatch(u, s.worker_n) && u.roundFirst != null && u.roundLast != null) {
        lo = Math.min(lo, u.roundFirst);
        hi = Math.max(hi, u.roundLast);
      }
    }
    if (Number.isFinite(lo) && lo > 1) {
      s.first = lo;
      s.last = hi;
    }
  }
  return out;
}

/**
 * The single-run reports in the order of the worker sequence: reports with a
 * worker N that number no rounds globally (one run of a suite, or runs
 * numbered from 1), by worker N, then date, then path. Reports of numbered
 * sessions belong to session series instead (sessionSeries.ts).
 */
export function workerSequence(sources: ReadonlyMap<string, ReportSource>): ReportSource[] {
  return [...sources.values()]
    .filter((s) => s.worker_n !== null && s.first === null)
    .sort(
      (a, b) =>
        a.worker_n! - b.worker_n! ||
        (a.report_date ?? '').localeCompare(b.report_date ?? '') ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
}
