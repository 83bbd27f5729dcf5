import type { Db } from '../../store/db.ts';

/** A point of a thread-scaling series, as `scaling_fits` reads it. */
export interface ScalingRecord {
  source_id: string;
  line: number;
  series: string;
  config: string;
  threads: number;
  throughput: number | null;
  speedup: number | null;
  /** For a pooled series: how many measurements this point is the mean of. */
  measurements?: number | null;
}

/**
 * The series name of a configuration's runner measurements pooled over every
 * attempt of every round log: a fit per attempt (four thread counts each, a
 * million attempts) would be noise, and would take hours.
 */
export const POOLED_RUNNER_SERIES = 'runner attempts, pooled';

/**
 * The series to fit: each report's own series, and per configuration the
 * runner's measurements pooled over all its round logs — the mean throughput
 * (and speedup) at each thread count, placed at the configuration's earliest
 * measurement and named {@link POOLED_RUNNER_SERIES}.
 */
export async function loadScalingSeries(db: Db): Promise<ScalingRecord[]> {
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
