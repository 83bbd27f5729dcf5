/**
 * A measurement as the metric readers find it (`Found`) and the `metrics` row
 * it becomes (DESIGN.md `metrics`; names and units: store/vocabulary.ts).
 */
import { configKey } from '../../store/configKey.ts';
import type { MetricRow } from '../../store/rawTables.ts';
import { METRIC_UNITS, type MetricName } from '../../store/vocabulary.ts';
import type { BlockContext } from './blocks.ts';

/** A measurement found in a piece of text, before provenance and config are attached. */
export interface Found {
  metric: MetricName;
  value: number;
  threads: number | null;
  /** Set when the text itself says which configuration ("… without dylib"). */
  native?: boolean;
}

function configOf(ctx: BlockContext, threads: number | null, native: boolean | undefined): string | null {
  const labels = {
    ...ctx,
    threads: threads ?? ctx.threads,
    fix_variant: native ? 'native' : ctx.fix_variant,
  };
  if (
    labels.fix_variant == null &&
    labels.torch_version == null &&
    labels.threads == null &&
    labels.wrapper == null
  )
    return null;
  return configKey(labels);
}

/**
 * The `metrics` row of a measurement found on `line` under block context
 * `ctx`. `config` is the context's configuration with the measurement's own
 * thread count (when it states one) and `native` (when the text says "without
 * dylib"), or null when nothing at all is known.
 *
 * @example metricRow(12, {metric: 'ops', value: 800, threads: 8}, 'stress', ctx)
 *   // {line: 12, metric: 'ops', value: 800, unit: 'ops', threads: 8, config: '? torch=? 8t ?', context: 'stress'}
 */
export function metricRow(line: number, f: Found, context: string | null, ctx: BlockContext): MetricRow {
  return {
    line,
    metric: f.metric,
    value: f.value,
    unit: METRIC_UNITS[f.metric],
    threads: f.threads,
    config: configOf(ctx, f.threads, f.native),
    context,
  };
}
