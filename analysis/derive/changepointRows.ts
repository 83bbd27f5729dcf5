import type { CHANGEPOINTS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { changePointScan, type ScanSeries } from '../stats/index.ts';
import { DRIFT_METRICS, type DriftSeries, type SeriesPoint } from './loadDriftSeries.ts';

/**
 * `changepoints`: drift within each configuration: efficiency of passing
 * rounds, and the crash series. Short series are searched round by round (the
 * crash series as crash/no-crash); long ones as bin means. Every
 * configuration × metric is one scan, so the family-wise rate of a false
 * change point over all of them is held at 0.01 (Holm), and rounds may be
 * serially correlated (AR(1), see `changePointScan`). Seeded, so re-runs give
 * the same rows.
 */
export function changepointRows(drift: DriftSeries): RowOf<typeof CHANGEPOINTS>[] {
  const family: (ScanSeries & { metric: (typeof DRIFT_METRICS)[number]; points: SeriesPoint[] })[] = [];
  for (const metric of DRIFT_METRICS) {
    for (const [config, points] of drift[metric]) {
      const binary = metric === 'crash_rate' && !points.some((p) => p.n > 1);
      family.push({
        name: config,
        metric,
        points,
        values: binary ? points.map((p) => p.value === 1) : points.map((p) => p.value),
        kind: binary ? 'binary' : 'numeric',
        minEffect: metric === 'efficiency_pct' ? 1 : 0.1,
      });
    }
  }
  const scan = changePointScan(family, { alpha: 0.01, seed: 1 });
  const rows: RowOf<typeof CHANGEPOINTS>[] = [];
  scan.series.forEach(({ name: config, changePoints }, i) => {
    const { metric, points } = family[i];
    const roundsBefore = (index: number) => points.slice(0, index).reduce((n, p) => n + p.n, 0);
    for (const cp of changePoints) {
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
        p_value: cp.adjustedP,
        source_id: at.source_id,
        line: at.line,
      });
    }
  });
  return rows;
}
