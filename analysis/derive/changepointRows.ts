import type { CHANGEPOINTS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { changePoints } from '../stats/index.ts';
import { DRIFT_METRICS, type DriftSeries } from './loadDriftSeries.ts';

/**
 * `changepoints`: drift within each configuration: efficiency of passing
 * rounds, and the crash series. Short series are searched round by round (the
 * crash series as crash/no-crash); long ones as bin means. Seeded, so re-runs
 * give the same rows.
 */
export function changepointRows(drift: DriftSeries): RowOf<typeof CHANGEPOINTS>[] {
  const rows: RowOf<typeof CHANGEPOINTS>[] = [];
  for (const metric of DRIFT_METRICS) {
    for (const [config, points] of drift[metric]) {
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
