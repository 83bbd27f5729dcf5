import type { Db } from '../../store/db.ts';

/** Shortest series searched for drift. */
const MIN_SERIES = 10;
/** Longer series are searched as this many consecutive bins (bin means), so the cost stays flat. */
export const MAX_POINTS = 1000;

/** The metrics searched for drift: efficiency of passing rounds, and crash (1) or not (0) per round. */
export const DRIFT_METRICS = ['efficiency_pct', 'crash_rate'] as const;

/** A metric searched for drift. */
export type DriftMetric = (typeof DRIFT_METRICS)[number];

/** One point of a drift series: a round, or the mean of a bin of consecutive rounds. */
export interface SeriesPoint {
  config: string;
  pos: number;
  value: number;
  /** Rounds in the bin (1 when the series is not binned). */
  n: number;
  /** The first round of the bin: where a change found at this point is placed. */
  round_no: number | null;
  started_at: string | null;
  source_id: string;
  line: number;
  session: string | null;
}

/** Per metric, per configuration, its series in time order. */
export type DriftSeries = Record<DriftMetric, Map<string, SeriesPoint[]>>;

const ORDER = 'r.started_at NULLS LAST, rep.report_date NULLS LAST, r.round_no NULLS LAST, s.path, r.line';

const SQL: Record<DriftMetric, { value: string; where: string }> = {
  efficiency_pct: { value: 'r.efficiency_pct', where: "r.status = 'pass' AND r.efficiency_pct IS NOT NULL" },
  crash_rate: { value: "CASE WHEN r.status <> 'pass' THEN 1.0 ELSE 0.0 END", where: 'r.status IS NOT NULL' },
};

/**
 * One metric's series per configuration in time order (start time, else
 * report date and round number), binned inside DuckDB into at most
 * `MAX_POINTS` consecutive means; each point keeps the first round of its
 * bin. Configurations with fewer than 10 rounds have no series.
 */
async function loadSeries(db: Db, metric: DriftMetric): Promise<Map<string, SeriesPoint[]>> {
  const { value, where } = SQL[metric];
  const rows = await db.all<SeriesPoint>(`
    WITH ordered AS (
      SELECT r.config, ${value} AS value, r.round_no, r.started_at, r.source_id, r.line, r.session,
        row_number() OVER (PARTITION BY r.config ORDER BY ${ORDER}) - 1 AS i,
        count(*) OVER (PARTITION BY r.config) AS total
      FROM rounds r JOIN sources s USING (source_id) LEFT JOIN reports rep USING (source_id)
      WHERE ${where})
    SELECT config, CAST(floor(i * least(total, ${MAX_POINTS}) / total) AS INTEGER) AS pos, avg(value) AS value, count(*) AS n,
      arg_min(round_no, i) AS round_no, arg_min(started_at, i) AS started_at, arg_min(source_id, i) AS source_id,
      arg_min(line, i) AS line, arg_min(session, i) AS session
    FROM ordered WHERE total >= ${MIN_SERIES} GROUP BY config, pos ORDER BY config, pos`);
  const out = new Map<string, SeriesPoint[]>();
  for (const r of rows) {
    const list = out.get(r.config) ?? [];
    list.push(r);
    out.set(r.config, list);
  }
  return out;
}

/** The drift series of every metric (`DRIFT_METRICS`), each binned to at most `MAX_POINTS` points per configuration. */
export async function loadDriftSeries(db: Db): Promise<DriftSeries> {
  return {
    efficiency_pct: await loadSeries(db, 'efficiency_pct'),
    crash_rate: await loadSeries(db, 'crash_rate'),
  };
}
