/**
 * Points of a table with one row per point, shared by the layouts that read
 * their thread count per row (scalingLayouts.ts).
 */
import type { TableBlock } from './blocks.ts';
import { columnRole, isSeriesColumn, roleValue } from './scalingColumns.ts';
import { hasMeasurement, type ScalingPoint, scalingPoint } from './scalingPoint.ts';

/**
 * One point per row whose thread count `threadsOf` reads, with the values of
 * the throughput, speedup and efficiency columns. Several throughput columns
 * — or, in a table with none of the three, columns that are extra series
 * (`WITH Mutex`, `Device Sync`) — give one point per column, series
 * `<series>: <header>`; extra series count only when they span ≥ 2 thread
 * counts. Rows without any value give nothing.
 *
 * @example rowPoints(table(['Threads', 'Ops/s', 'Scaling'], [['8', '726', '1.17x']]), (c) => Number(c[0]), () => 'T')
 *   // [{series: 'T', threads: 8, throughput: 726, speedup: 1.17, efficiency_pct: null, …}]
 */
export function rowPoints(
  t: TableBlock,
  threadsOf: (cells: string[]) => number | null,
  series: (cells: string[]) => string,
): ScalingPoint[] {
  const roles = t.header.map(columnRole);
  const tp = roles.map((r, i) => (r === 'throughput' ? i : -1)).filter((i) => i >= 0);
  const sp = roles.indexOf('speedup');
  const ef = roles.indexOf('efficiency');
  const out: ScalingPoint[] = [];
  let extra: number[] = [];
  if (tp.length === 0 && sp < 0 && ef < 0)
    extra = t.header.map((h, i) => (i > 0 && isSeriesColumn(h) ? i : -1)).filter((i) => i > 0);
  const multi = tp.length > 1 ? tp : extra;
  for (const r of t.rows) {
    const cells = r.cells.map((c) => c.text);
    const threads = threadsOf(cells);
    if (threads == null) continue;
    if (multi.length > 0) {
      for (const i of multi) {
        const v = roleValue(cells[i] ?? '', 'throughput');
        if (v != null)
          out.push(
            scalingPoint(r.line, `${series(cells)}: ${t.header[i].trim()}`, threads, { throughput: v }),
          );
      }
      continue;
    }
    const p = scalingPoint(r.line, series(cells), threads, {
      throughput: tp.length ? roleValue(cells[tp[0]] ?? '', 'throughput') : null,
      speedup: sp >= 0 ? roleValue(cells[sp] ?? '', 'speedup') : null,
      efficiency_pct: ef >= 0 ? roleValue(cells[ef] ?? '', 'efficiency') : null,
    });
    if (hasMeasurement(p)) out.push(p);
  }
  // Extra series columns need a real series (≥ 2 thread counts) to count.
  if (extra.length > 0 && new Set(out.map((p) => p.threads)).size < 2) return [];
  return out;
}
