/**
 * What a report's category and its session make of its rounds and batches
 * (survey §3.1 rule 5): a document that is not a report (`not_evidence`:
 * an index, a README, a roadmap, a plan, a template, a guide) yields none,
 * nor any runtime measurement (its crash counts and efficiencies sum up or
 * quote other files); a
 * project document (`design`) and a report that names neither a worker nor a
 * date state results with no session, so their batches are claims (kind
 * `cumulative`, never added to the evidence) and a design document's rows
 * are not rounds. `THREAD_SAFETY_PROOF.md:139` ("50/50 rounds passed") and
 * `agx_patch/CRASH_ANALYSIS.md:276` ("complete_story (5 runs) | 100%") keep
 * their batches this way; `MAP.md:171` keeps nothing.
 */
import type { BatchRow, MetricRow, RoundRow, ScalingRow } from '../../store/rawTables.ts';
import type { ReportCategory } from '../../store/vocabulary.ts';

/** The rows the rules apply to. */
export interface EvidenceRows {
  rounds: RoundRow[];
  batches: BatchRow[];
  scaling: ScalingRow[];
  metrics: MetricRow[];
}

/**
 * Applies the rules of the module comment in place.
 *
 * @example documentRows('not_evidence', {worker_n: null, report_date: null}, rows) // rows.rounds = rows.batches = rows.scaling = rows.metrics = []
 */
export function documentRows(
  category: ReportCategory,
  report: { worker_n: number | null; report_date: string | null },
  rows: EvidenceRows,
): void {
  if (category === 'not_evidence') {
    rows.rounds = [];
    rows.batches = [];
    rows.scaling = [];
    rows.metrics = [];
    return;
  }
  const sessionless = category === 'design' || (report.worker_n == null && report.report_date == null);
  if (category === 'design') rows.rounds = [];
  if (sessionless) for (const b of rows.batches) b.kind = 'cumulative';
}
