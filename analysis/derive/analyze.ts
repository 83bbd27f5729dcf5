/**
 * `roundbook analyze`: the derive step. Reads the raw tables, calls the pure
 * statistics, and replaces every derived table in one transaction. Nothing
 * here reads the clock or an unseeded random source, so the same raw tables
 * give the same derived rows in the same order.
 */
import type { Db } from '../../store/db.ts';
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
} from '../../store/derivedTables.ts';
import { ensureRawSchema } from '../../store/migrate.ts';
import { attemptRateRows } from './attemptRates.ts';
import { batchAuditRows, type ClaimRecord, claimAuditRows } from './audits.ts';
import { changepointRows } from './changepointRows.ts';
import { crashClusterRows } from './clusterRows.ts';
import { comparisonRows } from './comparisons.ts';
import { loadEvidence, loadReportRounds } from './loadEvidence.ts';
import { passRateRows } from './passRates.ts';
import { POOLED_RUNNER_SERIES, type ScalingRecord, scalingFitRows } from './scalingFits.ts';
import { verdictEvidenceRows, verdictRows } from './verdictRows.ts';

export interface AnalyzeSummary {
  rows: Record<string, number>;
  seconds: number;
}

export async function analyze(db: Db): Promise<AnalyzeSummary> {
  const started = performance.now();
  await ensureRawSchema(db);
  const { groups, batches } = await loadEvidence(db);
  const reportRounds = await loadReportRounds(db);
  const scaling = await loadScalingSeries(db);
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

/**
 * The series to fit: each report's own series, and per configuration the
 * runner's measurements pooled over all its round logs — the mean throughput
 * (and speedup) at each thread count, placed at the configuration's earliest
 * measurement.
 */
async function loadScalingSeries(db: Db): Promise<ScalingRecord[]> {
  return db.all<ScalingRecord>(
    `SELECT p.source_id, p.line, p.series, p.config, p.threads, p.throughput, p.speedup, NULL AS measurements
     FROM scaling p JOIN sources s ON s.source_id = p.source_id AND s.kind <> 'round_log'
     UNION ALL
     SELECT first.source_id, first.line, ?, config, threads, throughput, speedup, measurements FROM (
       SELECT *, min(earliest) OVER (PARTITION BY config) AS first FROM (
         SELECT p.config, p.threads, avg(p.throughput) FILTER (p.throughput > 0) AS throughput,
           avg(p.speedup) FILTER (p.speedup > 0) AS speedup, count(*) AS measurements,
           min({'source_id': p.source_id, 'line': p.line}) AS earliest
         FROM scaling p JOIN sources s ON s.source_id = p.source_id AND s.kind = 'round_log'
         WHERE p.threads > 0 GROUP BY p.config, p.threads))
     ORDER BY source_id, line, series, config, threads`,
    [POOLED_RUNNER_SERIES],
  );
}
