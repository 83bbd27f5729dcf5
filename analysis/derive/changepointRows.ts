import type { Db } from '../../store/db.ts';
import { changePoints } from '../stats/index.ts';

/** Shortest series searched for drift. */
const MIN_SERIES = 10;
/** Longer series are searched as this many consecutive bins (bin means), so the cost stays flat. */
export const MAX_POINTS = 1000;

interface SeriesPoint {
  config: string;
  pos: number;
  value: number;
  n: number;
  round_no: number | null;
  started_at: string | null;
  source_id: string;
  line: number;
  session: string | null;
}

const ORDER = 'r.started_at NULLS LAST, rep.report_date NULLS LAST, r.round_no NULLS LAST, s.path, r.line';

/**
 * One metric's series per configuration in time order (start time, else
 * report date and round number), binned inside DuckDB into at most
 * `MAX_POINTS` consecutive means; each point keeps the first round of its bin.
 */
async function series(db: Db, metric: 'efficiency_pct' | 'crash_rate'): Promise<Map<string, SeriesPoint[]>> {
  const value =
    metric === 'efficiency_pct' ? 'r.efficiency_pct' : "CASE WHEN r.status <> 'pass' THEN 1.0 ELSE 0.0 END";
  const where =
    metric === 'efficiency_pct'
      ? "r.status = 'pass' AND r.efficiency_pct IS NOT NULL"
      : 'r.status IS NOT NULL';
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

/**
 * `changepoints`: drift within each configuration: efficiency of passing
 * rounds, and the crash series. Short series are searched round by round (the
 * crash series as crash/no-crash); long ones as bin means. Seeded, so re-runs
 * give the same rows.
 */
export async function changepointRows(db: Db): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const metric of ['efficiency_pct', 'crash_rate'] as const) {
    for (const [config, points] of await series(db, metric)) {
      const binned = points.some((p) => p.n > 1);
      const values =
        metric === 'crash_rate' && !binned ? points.map((p) => p.value === 1) : points.map((p) => p.value);
      const result = changePoints(values, {
        kind: metric === 'crash_rate' && !binned ? 'binary' : 'numeric',
        minEffect: metric === 'efficiency_pct' ? 1 : 0.1,
        alpha: 0.01,
        seed: 1,
      });
      const roundsBefore = (index: number) => points.slice(0, index).reduce((n, p) => n + p.n, 0);
      for (const cp of result.changePoints) {
        const at = points[cp.index];
        rows.push({
          metric,
          config,
          series: at.session ?? config,
          position: roundsBefore(cp.index),
          at_round: at.round_no,
          at_time: at.started_at,
          n_before: roundsBefore(cp.index) - roundsBefore(cp.segment[0]),
          n_after: roundsBefore(cp.segment[1]) - roundsBefore(cp.index),
          before_mean: cp.before,
          after_mean: cp.after,
          p_value: cp.pValue,
          source_id: at.source_id,
          line: at.line,
        });
      }
    }
  }
  return rows;
}
