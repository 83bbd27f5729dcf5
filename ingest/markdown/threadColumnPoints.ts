/**
 * Points of tables with a column per thread count (scalingLayouts.ts): one
 * series per row, one point per thread-count column.
 */
import type { TableBlock } from './blocks.ts';
import { isMissing, parseNumber } from './numbers.ts';
import { columnRole, roleValue, SUMMARY_LABEL } from './scalingColumns.ts';
import { type ScalingPoint, scalingPoint } from './scalingPoint.ts';
import { isThreadCount } from './threadsIn.ts';

/** The thread count that starts a normalised header (`8 threads ops/s` → 8). */
const headerThreads = (header: string) => Number(/\d+/.exec(header)![0]);

/** The rows that name a series: a label that is not a summary (`Mean`, `Total`). */
function seriesRows(t: TableBlock) {
  return t.rows.flatMap((r) => {
    const label = r.cells[0]?.text.trim() ?? '';
    return label && !SUMMARY_LABEL.test(label) ? [{ r, label }] : [];
  });
}

/**
 * A column per thread count (`Config|1T|4T|8T|16T|Max Scaling`): each cell
 * is a point of its row's series, read by its unit (`%` efficiency, `x`
 * speedup, bare or ops/s throughput; other units skipped). With exactly two
 * thread columns, a `Scaling`/`Speedup` column is the higher count's speedup
 * (`Model|1 Thread|8 Threads|Scaling`).
 *
 * @param h the normalised headers; `columns` the thread-count columns (≥ 2)
 * @example threadColumnPoints(table(['Config','1T','8T'], [['v2.3','600','700']]), ['config','1t','8t'], [1, 2])
 *   // [{series: 'v2.3', threads: 1, throughput: 600, …}, {series: 'v2.3', threads: 8, throughput: 700, …}]
 */
export function threadColumnPoints(t: TableBlock, h: string[], columns: number[]): ScalingPoint[] {
  const sc = h.findIndex((x) => x === 'scaling' || x === 'speedup');
  const top = columns[columns.length - 1];
  const out: ScalingPoint[] = [];
  for (const { r, label } of seriesRows(t)) {
    for (const i of columns) {
      const threads = headerThreads(h[i]);
      const txt = r.cells[i]?.text ?? '';
      const p = isMissing(txt) ? null : parseNumber(txt);
      if (!p || p.range || !isThreadCount(threads)) continue;
      const pt = scalingPoint(r.line, label, threads);
      if (p.unit === '%') pt.efficiency_pct = p.value;
      else if (p.unit === 'x') pt.speedup = p.value;
      else if (p.unit == null || p.unit === 'ops/s') pt.throughput = p.value;
      else continue;
      if (i === top && columns.length === 2 && sc > 0)
        pt.speedup = roleValue(r.cells[sc]?.text ?? '', 'speedup');
      out.push(pt);
    }
  }
  return out;
}

/** The role a thread-count column name gives after its count (`8-Thread Throughput` → throughput). */
export function namedColumnRole(header: string) {
  return columnRole(header.replace(/^\d+\S*\s*(threads?)?\s*/, ''));
}

/**
 * A thread count inside a column name (`Model|8 Threads ops/s|Speedup`,
 * `Method|8-Thread Throughput|Efficiency`): each such cell is a point of its
 * row's series in the role the rest of the name gives. With one such column,
 * the table's own `Speedup` and `Efficiency` columns belong to its points.
 *
 * @param h the normalised headers; `columns` the named thread-count columns
 * @example namedThreadColumnPoints(table(['Model','8 Threads ops/s','Speedup'], [['MLP','4,200','1.4x']]), …)
 *   // [{series: 'MLP', threads: 8, throughput: 4200, speedup: 1.4, …}]
 */
export function namedThreadColumnPoints(t: TableBlock, h: string[], columns: number[]): ScalingPoint[] {
  const out: ScalingPoint[] = [];
  const roles = h.map(columnRole);
  for (const { r, label } of seriesRows(t)) {
    for (const i of columns) {
      const threads = headerThreads(h[i]);
      if (!isThreadCount(threads)) continue;
      const role = namedColumnRole(h[i]);
      const pt = scalingPoint(r.line, label, threads);
      const v = roleValue(r.cells[i]?.text ?? '', role);
      if (v == null) continue;
      if (role === 'throughput') pt.throughput = v;
      else if (role === 'speedup') pt.speedup = v;
      else pt.efficiency_pct = v;
      if (columns.length === 1) {
        const sp = roles.indexOf('speedup');
        const ef = roles.indexOf('efficiency');
        if (sp > 0 && sp !== i) pt.speedup = roleValue(r.cells[sp]?.text ?? '', 'speedup');
        if (ef > 0 && ef !== i) pt.efficiency_pct = roleValue(r.cells[ef]?.text ?? '', 'efficiency');
      }
      out.push(pt);
    }
  }
  return out;
}
