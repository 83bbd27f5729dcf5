import {
  ATTEMPT_RATES,
  AUDITS,
  CHANGEPOINTS,
  COMPARISONS,
  CRASH_CLUSTERS,
  CRASH_MOVES,
  type DERIVED_TABLES,
  type DerivedTableName,
  DISTINCT_CRASHES,
  NEW_CRASH_CHECKS,
  PASS_RATES,
  SCALING_FITS,
  VERDICT_EVIDENCE,
  VERDICTS,
} from '../../store/derivedTables.ts';
import { attemptRateRows } from './attemptRateRows.ts';
import { batchAuditRows, claimAuditRows } from './auditRows.ts';
import { changepointRows } from './changepointRows.ts';
import { comparisonRows } from './comparisonRows.ts';
import { crashClusterRows, crashMoveRows, distinctCrashRows } from './crashClusterRows.ts';
import { newCrashCheckRows } from './newCrashCheckRows.ts';
import { passRateRows } from './passRateRows.ts';
import { type Producer, producer } from './producer.ts';
import { scalingFitRows } from './scalingFitRows.ts';
import { verdictEvidenceRows, verdictRows } from './verdictRows.ts';

/** The spec of the derived table named `N`. */
type SpecNamed<N extends DerivedTableName> = Extract<(typeof DERIVED_TABLES)[number], { name: N }>;

/**
 * The registry of the derived tables: one producer per table of
 * `DERIVED_TABLES`, in the same order (a test holds them together). The type
 * is exhaustive: a new derived table spec does not compile until it has a
 * producer here, and a producer must make the rows of its own table.
 *
 * Crash clusters and crash moves each sign the crashes again from the same
 * load (a few hundred signatures: cheaper than a second kind of shared step).
 */
export const PRODUCERS: { readonly [N in DerivedTableName]: Producer<SpecNamed<N>> } = {
  pass_rates: producer(PASS_RATES, ['evidence'], ({ evidence }) => passRateRows(evidence.groups)),
  attempt_rates: producer(ATTEMPT_RATES, ['evidence'], ({ evidence }) =>
    attemptRateRows(evidence.groups, evidence.details),
  ),
  comparisons: producer(COMPARISONS, ['evidence'], ({ evidence }) =>
    comparisonRows(evidence.groups, evidence.details),
  ),
  scaling_fits: producer(SCALING_FITS, ['scaling'], ({ scaling }) => scalingFitRows(scaling)),
  crash_clusters: producer(CRASH_CLUSTERS, ['crashes'], ({ crashes }) => crashClusterRows(crashes)),
  crash_moves: producer(CRASH_MOVES, ['crashes'], ({ crashes }) => crashMoveRows(crashes)),
  distinct_crashes: producer(DISTINCT_CRASHES, ['crashes'], ({ crashes }) => distinctCrashRows(crashes)),
  new_crash_checks: producer(NEW_CRASH_CHECKS, ['crashes', 'crashLogs'], ({ crashes, crashLogs }) =>
    newCrashCheckRows(crashes, crashLogs),
  ),
  changepoints: producer(CHANGEPOINTS, ['drift'], ({ drift }) => changepointRows(drift)),
  audits: producer(AUDITS, ['evidence', 'reportRounds', 'claims'], ({ evidence, reportRounds, claims }) => [
    ...batchAuditRows(evidence.batches, reportRounds),
    ...claimAuditRows(claims, evidence.groups),
  ]),
  verdicts: producer(VERDICTS, ['evidence'], ({ evidence }) => verdictRows(evidence.groups)),
  verdict_evidence: producer(VERDICT_EVIDENCE, ['evidence'], ({ evidence }) =>
    verdictEvidenceRows(evidence.groups),
  ),
};
