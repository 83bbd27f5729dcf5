/**
 * `roundbook analyze`: the derive step. Reads the raw tables, calls the pure
 * statistics, and replaces every derived table in one transaction. Nothing
 * here reads the clock or an unseeded random source, so the same raw tables
 * give the same derived rows in the same order.
 */
import type { Db } from '../../ingest/db.ts';
import { attemptRateRows } from './attemptRates.ts';
import { batchAuditRows, type ClaimRecord, claimAuditRows } from './audits.ts';
import { changepointRows } from './changepointRows.ts';
import { crashClusterRows } from './clusterRows.ts';
import { comparisonRows } from './comparisons.ts';
import { loadEvidence, loadReportRounds } from './loadEvidence.ts';
import { passRateRows } from './passRates.ts';
import { type ScalingRecord, scalingFitRows } from './scalingFits.ts';
import {
  ATTEMPT_RATES,
  AUDITS,
  CHANGEPOINTS,
  COMPARISONS,
  CRASH_CLUSTERS,
  CRASH_MOVES,
  PASS_RATES,
  SCALING_FITS,
  VERDICT_EVIDENCE,
  VERDICTS,
} from './tables.ts';
import { verdictEvidenceRows, verdictRows } from './verdictRows.ts';

export interface AnalyzeSummary {
  rows: Record<string, number>;
  seconds: number;
}

export async function analyze(db: Db): Promise<AnalyzeSummary> {
  const started = performance.now();
  await db.ensureRawSchema();
  const { groups, batches } = await loadEvidence(db);
  const reportRounds = await loadReportRounds(db);
  const scaling = await db.all<ScalingRecord>(
    'SELECT source_id, line, series, config, threads, throughput, speedup FROM scaling ORDER BY source_id, line, threads',
  );
  const claims = await db.all<ClaimRecord>(
    'SELECT source_id, line, text, subject, stance FROM claims ORDER BY source_id, line',
  );
  const crashes = await crashClusterRows(db);
  const tables = [
    { spec: PASS_RATES, rows: passRateRows(groups) },
    { spec: ATTEMPT_RATES, rows: attemptRateRows(groups) },
    { spec: COMPARISONS, rows: comparisonRows(groups) },
    { spec: SCALING_FITS, rows: scalingFitRows(scaling) },
    { spec: CRASH_CLUSTERS, rows: crashes.clusters },
    { spec: CRASH_MOVES, rows: crashes.moves },
    { spec: CHANGEPOINTS, rows: await changepointRows(db) },
    { spec: AUDITS, rows: [...batchAuditRows(batches, reportRounds), ...claimAuditRows(claims, groups)] },
    { spec: VERDICTS, rows: verdictRows(groups) },
    { spec: VERDICT_EVIDENCE, rows: verdictEvidenceRows(groups) },
  ];
  await db.transaction(async () => {
    for (const t of tables) await db.replaceTable(t.spec, t.rows);
  });
  return {
    rows: Object.fromEntries(tables.map((t) => [t.spec.name, t.rows.length])),
    seconds: (performance.now() - started) / 1000,
  };
}
