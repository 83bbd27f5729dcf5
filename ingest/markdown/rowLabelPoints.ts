/**
 * Points of a table whose row labels state the thread count (`8 threads +
 * event sync`, `Threading 8 threads (sync end)`), the last layout tried
 * (scalingLayouts.ts).
 */
import type { TableBlock } from './blocks.ts';
import { parseNumber } from './numbers.ts';
import { columnRole, labelThreads } from './scalingColumns.ts';
import { hasMeasurement, type ScalingPoint, scalingPoint } from './scalingPoint.ts';

/** Row labels of subtests, depths, batches and worker counts: not thread-scaling rows. */
const NOT_THREADS = /depth|batch|stress|soak|churn|max_threads|x\s*\d+|iterations|workers|process/i;

/**
 * One point per row whose label states one thread count, series `<base>:
 * <label without the count>` (or `base` when nothing is left). Values are
 * exact numbers of the row: ops/s (or a bare number under a throughput
 * column) is the throughput, a percent (or bare number) under an efficiency
 * column the efficiency, a factor under a speedup column the speedup; the
 * first of each wins. In a key/value table (`Metric|Value`) only an `ops/s`
 * cell, or a percent in a row whose label says efficiency, counts.
 *
 * @param h the normalised headers
 * @example rowLabelPoints(table(['Mode','Throughput'], [['Threading 8 threads (sync end)','3,913 ops/s']]), ['mode','throughput'], 'Sync')
 *   // [{series: 'Sync: Threading (sync end)', threads: 8, throughput: 3913, …}]
 */
export function rowLabelPoints(t: TableBlock, h: string[], base: string): ScalingPoint[] {
  const out: ScalingPoint[] = [];
  const keyValue = /^(metric|statistic|field)$/.test(h[0]);
  const roles = t.header.map(columnRole);
  for (const r of t.rows) {
    const label = r.cells[0]?.text ?? '';
    if (NOT_THREADS.test(label)) continue;
    const threads = labelThreads(label);
    if (threads == null) continue;
    const rest = label
      .replace(/\(?\b\d{1,4}\s*-?\s*(threads?|T)\b\)?|single[- ]thread(ed)?/gi, '')
      .replace(/^[\s+,:-]+|[\s+,:-]+$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const pt = scalingPoint(r.line, rest ? `${base}: ${rest}` : base, threads);
    for (let i = 1; i < r.cells.length; i++) {
      const p = parseNumber(r.cells[i].text);
      if (!p || p.range || p.approx) continue;
      const role = keyValue ? 'other' : roles[i];
      if (p.unit === 'ops/s' || (role === 'throughput' && p.unit == null)) pt.throughput ??= p.value;
      else if (role === 'efficiency' && (p.unit === '%' || p.unit == null)) pt.efficiency_pct ??= p.value;
      else if (keyValue && p.unit === '%' && /efficien/i.test(label)) pt.efficiency_pct ??= p.value;
      else if (role === 'speedup' && (p.unit === 'x' || p.unit == null)) pt.speedup ??= p.value;
    }
    if (hasMeasurement(pt)) out.push(pt);
  }
  return out;
}
