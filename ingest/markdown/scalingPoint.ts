/**
 * A thread-scaling point as the layouts and statements find it, before the
 * block's configuration is attached (scaling.ts).
 */
import type { ScalingRow } from '../../store/rawTables.ts';

/** A `scaling` row without `config` and `fix_variant`. */
export type ScalingPoint = Pick<
  ScalingRow,
  'line' | 'series' | 'threads' | 'throughput' | 'speedup' | 'efficiency_pct'
>;

/** The measured values of a point; absent values are null. */
export type ScalingValues = Partial<Pick<ScalingPoint, 'throughput' | 'speedup' | 'efficiency_pct'>>;

/**
 * A point of `series` at `threads`, read on `line`, with the values given
 * (the others null).
 *
 * @example scalingPoint(12, 'Efficiency Ceiling Test', 8, {efficiency_pct: 14.7})
 *   // {line: 12, series: 'Efficiency Ceiling Test', threads: 8, throughput: null, speedup: null, efficiency_pct: 14.7}
 */
export function scalingPoint(
  line: number,
  series: string,
  threads: number,
  values: ScalingValues = {},
): ScalingPoint {
  return {
    line,
    series,
    threads,
    throughput: values.throughput ?? null,
    speedup: values.speedup ?? null,
    efficiency_pct: values.efficiency_pct ?? null,
  };
}

/**
 * True when a point measures something: a throughput, a speedup or an efficiency.
 *
 * @example hasMeasurement(scalingPoint(1, 's', 8)) // false
 */
export function hasMeasurement(p: ScalingPoint): boolean {
  return p.throughput != null || p.speedup != null || p.efficiency_pct != null;
}
