import { changePoints } from '../stats/index.ts';
import type { RoundRecord } from './loadEvidence.ts';

/** Shortest series searched for drift. */
const MIN_SERIES = 10;

/**
 * `changepoints`: drift within each configuration's rounds in time order
 * (start time, else report date and round number): efficiency of passing
 * rounds, and the crash/no-crash series. Seeded, so re-runs give the same rows.
 */
export function changepointRows(rounds: readonly RoundRecord[]): Record<string, unknown>[] {
  const byConfig = new Map<string, RoundRecord[]>();
  for (const r of rounds) {
    if (r.status === null) continue;
    const list = byConfig.get(r.config) ?? [];
    list.push(r);
    byConfig.set(r.config, list);
  }
  const rows: Record<string, unknown>[] = [];
  for (const [config, list] of [...byConfig].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const eff = list.filter((r) => r.status === 'pass' && r.efficiency_pct !== null);
    const series: {
      metric: string;
      items: RoundRecord[];
      values: (number | boolean)[];
      kind: 'numeric' | 'binary';
      minEffect: number;
    }[] = [
      {
        metric: 'efficiency_pct',
        items: eff,
        values: eff.map((r) => r.efficiency_pct!),
        kind: 'numeric',
        minEffect: 1,
      },
      {
        metric: 'crash_rate',
        items: list,
        values: list.map((r) => r.status !== 'pass'),
        kind: 'binary',
        minEffect: 0.1,
      },
    ];
    for (const s of series) {
      if (s.values.length < MIN_SERIES) continue;
      const result = changePoints(s.values, { kind: s.kind, minEffect: s.minEffect, alpha: 0.01, seed: 1 });
      for (const cp of result.changePoints) {
        const at = s.items[cp.index];
        rows.push({
          metric: s.metric,
          config,
          series: at.session ?? config,
          position: cp.index,
          at_round: at.round_no,
          at_time: at.started_at,
          n_before: cp.index - cp.segment[0],
          n_after: cp.segment[1] - cp.index,
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
