/**
 * How a scaling table's columns, cells and row labels are read: the role of a
 * column (throughput, speedup, efficiency), a cell's value in that role, a
 * thread-count cell, and the series a table's points belong to.
 */
import type { TableBlock } from './blocks.ts';
import { normHeader } from './normHeader.ts';
import { isMissing, parseNumber } from './numbers.ts';
import { isThreadCount, threadsIn } from './threadsIn.ts';

/** Rows that summarise rather than measure (`Mean`, `Total`, `Range`, …). */
export const SUMMARY_LABEL = /^(mean|avg|average|median|total|summary|range|min|max|overall|std)\b/i;

/** What a column of a scaling table holds. */
export type ColumnRole = 'throughput' | 'speedup' | 'efficiency' | 'other';

/**
 * The role of a column from its header: `Efficiency` → efficiency (not the
 * MLX comparison), `Speedup`/`Scaling` → speedup, `Ops/s`/`Throughput` →
 * throughput; per-thread, ideal, max-scaling, spread, latency and
 * difference columns → other.
 *
 * @example columnRole('Achieved Speedup') // 'speedup'
 * @example columnRole('Ops/s per thread') // 'other'
 */
export function columnRole(header: string): ColumnRole {
  const s = normHeader(header);
  if (
    /per[- ]?(thread|user)|ideal|max scaling|std|p\d\d|avg|mean|\(ms\)|latency|improvement|ratio|difference|change/.test(
      s,
    )
  )
    return 'other';
  if (/efficien/.test(s)) return /mlx/.test(s) ? 'other' : 'efficiency';
  if (/^(achieved )?(speedup|scaling)\b/.test(s)) return 'speedup';
  if (/ops\/s|ops\/sec|throughput|^total ops\/s/.test(s)) return 'throughput';
  return 'other';
}

/**
 * True for columns that are extra throughput series (`WITH Mutex`, `Device
 * Sync`), in tables with no named throughput column; notes, rates, times,
 * counts and outcomes are not.
 *
 * @example isSeriesColumn('Device Sync') // true
 * @example isSeriesColumn('Status') // false
 */
export function isSeriesColumn(header: string): boolean {
  const s = normHeader(header);
  if (!s || columnRole(header) !== 'other') return false;
  return !/concurrent|fraction|rate|ratio|improv|differ|change|diff|note|status|result|std|p\d\d|avg|mean|\bms\b|time|iteration|^ops$|operations|error|per[- ]|safe|behavio|analysis|crash|success|speedup|scaling|ideal/.test(
    s,
  );
}

/**
 * A cell's value in a column's role: efficiency in percent (`14.7%` or bare),
 * speedup as a factor (`1.17x` or bare), throughput as written (bare, ops/s
 * or samples/s). Missing cells (`-`, `N/A`), ranges, other units and the
 * `other` role → null.
 *
 * @example roleValue('1.17x', 'speedup') // 1.17
 * @example roleValue('14.7%', 'speedup') // null
 */
export function roleValue(text: string, role: ColumnRole): number | null {
  if (isMissing(text)) return null;
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (role === 'efficiency') return p.unit == null || p.unit === '%' ? p.value : null;
  if (role === 'speedup') return p.unit == null || p.unit === 'x' ? p.value : null;
  if (role === 'throughput')
    return p.unit == null || p.unit === 'ops/s' || p.unit === 'samples/s' ? p.value : null;
  return null;
}

/**
 * The thread count of a cell that holds only one (`8`, `**8**`, `8T`,
 * `8 threads`, `8 (baseline)`), within the thread-count bound; else null.
 *
 * @example cellThreads('**16T**') // 16
 * @example cellThreads('8 x 20') // null
 */
export function cellThreads(text: string): number | null {
  const m = /^\s*\**\s*(\d{1,4})\s*(?:t|threads?)?\s*\**\s*(?:\(.*\))?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return isThreadCount(n) ? n : null;
}

/**
 * The one thread count a caption, heading or row label states
 * (threadsIn.ts); in scaling tables `Single-threaded` is the 1-thread point.
 *
 * @example labelThreads('Threading 8 threads (sync end)') // 8
 */
export function labelThreads(text: string | null | undefined): number | null {
  return threadsIn(text, { singleThreaded: true });
}

/**
 * The series a table's points belong to by default: its caption, else the
 * nearest heading, without `*` and `:`; `threads` when neither says anything.
 *
 * @example baseSeries(tableUnder('### Efficiency Ceiling Test', …)) // 'Efficiency Ceiling Test'
 */
export function baseSeries(t: TableBlock): string {
  const h = t.context.headingPath;
  return (t.caption ?? h[h.length - 1] ?? 'threads').replace(/[*:]+/g, '').trim() || 'threads';
}
