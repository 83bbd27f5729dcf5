import type { Db } from '../../store/db.ts';
import type { ScalingCell } from '../stats/index.ts';

/** A point of a report's thread-scaling series, as `scaling_fits` reads it. */
export interface ScalingRecord {
  source_id: string;
  line: number;
  series: string;
  config: string;
  threads: number;
  throughput: number | null;
  speedup: number | null;
}

/** What a configuration's runner measurements give the fits: the units of the bootstrap, per value measured. */
export interface RunnerScaling {
  config: string;
  /** The configuration's earliest measurement (provenance of its fits). */
  source_id: string;
  line: number;
  /** Units of resampling: each a round's measurements (or a block of measured tables) per thread count. */
  throughput: ScalingCell[][];
  speedup: ScalingCell[][];
  /** True when units are blocks of tables (more than `MAX_UNITS` tables), false when each unit is one round. */
  blocked: boolean;
}

/** Everything `scaling_fits` fits: report series point by point, runner measurements per configuration. */
export interface ScalingLoad {
  reports: ScalingRecord[];
  runner: RunnerScaling[];
}

/** The series name of a configuration's fit to every runner measurement. */
export const RUNNER_SERIES = 'runner rounds, every measurement';

/**
 * Most bootstrap units per configuration: above, a configuration's measured
 * tables are dealt into this many blocks by a hash of their place in the logs
 * (blocks of exchangeable rounds: the bootstrap over blocks estimates the same
 * variance), so a million rounds cost what a thousand do.
 */
export const MAX_UNITS = 1000;

interface CellRow {
  config: string;
  unit: string;
  threads: number;
  value: 'throughput' | 'speedup';
  n: number;
  mean: number;
  ss: number;
  first: { source_id: string; line: number };
}

/** Per unit and thread count: count, mean and sum of squares of throughput and of speedup (positive values only). */
const cellsSql = (unit: string, where = '') => `
  WITH p AS (
    SELECT p.config, ${unit} AS unit, p.threads, p.throughput, p.speedup, p.source_id, p.line
    FROM scaling p JOIN sources s ON s.source_id = p.source_id AND s.kind = 'round_log'
    WHERE p.threads > 0 ${where})
  SELECT config, unit, threads, 'throughput' AS value, count(*) AS n, avg(throughput) AS mean,
    coalesce(var_pop(throughput), 0) * count(*) AS ss, min({'source_id': source_id, 'line': line}) AS first
  FROM p WHERE throughput > 0 GROUP BY config, unit, threads
  UNION ALL
  SELECT config, unit, threads, 'speedup', count(*), avg(speedup), coalesce(var_pop(speedup), 0) * count(*),
    min({'source_id': source_id, 'line': line})
  FROM p WHERE speedup > 0 GROUP BY config, unit, threads`;

/**
 * The series to fit: each report's own series point by point, and per
 * configuration every runner measurement of every round log, summarised per
 * round and thread count — the units of the bootstrap over rounds. Tables
 * are first dealt into {@link MAX_UNITS} blocks by a hash of their place in
 * the logs (one pass over the measurements, however many); a configuration
 * with at most `MAX_UNITS` tables is then read again round by round (a
 * round's attempts together), which costs little because it is small.
 */
export async function loadScalingSeries(db: Db): Promise<ScalingLoad> {
  const reports = await db.all<ScalingRecord>(
    `SELECT p.source_id, p.line, p.series, p.config, p.threads, p.throughput, p.speedup
     FROM scaling p JOIN sources s ON s.source_id = p.source_id AND s.kind <> 'round_log'
     ORDER BY p.source_id, p.line, p.series, p.config, p.threads`,
  );
  const blocks = await db.all<CellRow>(
    `${cellsSql(`CAST(hash(p.source_id, p.line) % ${MAX_UNITS} AS VARCHAR)`)} ORDER BY config, unit, value, threads`,
  );
  const byConfig = group(blocks);
  const small = [...byConfig].filter(([, rows]) => tables(rows) <= MAX_UNITS).map(([config]) => config);
  if (small.length > 0) {
    const rounds = await db.all<CellRow>(
      `${cellsSql("split_part(p.series, '#a', 1)", `AND p.config IN (${small.map(() => '?').join(', ')})`)}
       ORDER BY config, unit, value, threads`,
      small,
    );
    for (const [config, rows] of group(rounds)) byConfig.set(config, rows);
  }
  const runner: RunnerScaling[] = [];
  for (const [config, rows] of byConfig) {
    const first = rows.reduce((a, r) =>
      r.first.source_id < a.first.source_id ||
      (r.first.source_id === a.first.source_id && r.first.line < a.first.line)
        ? r
        : a,
    ).first;
    runner.push({
      config,
      source_id: first.source_id,
      line: first.line,
      throughput: units(rows, 'throughput'),
      speedup: units(rows, 'speedup'),
      blocked: !small.includes(config),
    });
  }
  return { reports, runner };
}

/** Rows by configuration, in the rows' order. */
function group(rows: readonly CellRow[]): Map<string, CellRow[]> {
  const out = new Map<string, CellRow[]>();
  for (const r of rows) {
    const list = out.get(r.config) ?? [];
    list.push(r);
    out.set(r.config, list);
  }
  return out;
}

/** How many tables a configuration measured: the measurements at its most measured thread count. */
function tables(rows: readonly CellRow[]): number {
  const at = new Map<string, number>();
  for (const r of rows) at.set(`${r.value} ${r.threads}`, (at.get(`${r.value} ${r.threads}`) ?? 0) + r.n);
  return Math.max(0, ...at.values());
}

/** The units of one value (rows are ordered by unit). */
function units(rows: readonly CellRow[], value: CellRow['value']): ScalingCell[][] {
  const out = new Map<string, ScalingCell[]>();
  for (const r of rows) {
    if (r.value !== value) continue;
    const cells = out.get(r.unit) ?? [];
    cells.push({ threads: r.threads, n: r.n, mean: r.mean, ss: r.ss });
    out.set(r.unit, cells);
  }
  return [...out.values()];
}
