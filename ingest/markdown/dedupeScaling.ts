/**
 * One point per measurement in a report's scaling rows: what prose restates
 * of a table is not a second point.
 */
import type { ScalingRow } from '../../store/rawTables.ts';

/**
 * Remove restatements from a report's scaling rows: an efficiency-only row (no
 * throughput, no speedup — what statements yield) is dropped when another row
 * with the same threads and efficiency (±0.05) carries more (a table point), or
 * when an earlier efficiency-only row of the same series says the same.
 * Seed 002: "Efficiency at 8 threads: 14.7%" and "14.7% at 8 threads" in the
 * findings restate the table's 8-thread row, which alone remains.
 *
 * @example dedupeScaling([tablePoint8, statement8]) // [tablePoint8]
 */
export function dedupeScaling(rows: ScalingRow[]): ScalingRow[] {
  const rich = rows.filter((r) => r.throughput != null || r.speedup != null);
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (r.throughput != null || r.speedup != null || r.efficiency_pct == null) return true;
    const eff = r.efficiency_pct;
    if (
      rich.some(
        (o) =>
          o.threads === r.threads && o.efficiency_pct != null && Math.abs(o.efficiency_pct - eff) <= 0.05,
      )
    )
      return false;
    const key = `${r.series}\u0000${r.threads}\u0000${eff}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
