import type { Wrapper } from './vocabulary.ts';

/** Labels that define a configuration: the canonical group key is built from them. */
export interface ConfigLabels {
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
}

/**
 * The canonical configuration key of DESIGN.md, built from fix variant, PyTorch
 * version, thread count and wrapper. Unknown parts are written `?` so that two
 * rows group together only when they state the same things.
 *
 * @example configKey({fix_variant: 'v2.3', torch_version: '2.9.1', threads: 8, wrapper: 'retry'})
 *   // 'v2.3 torch=2.9.1 8t retry'
 */
export function configKey(labels: ConfigLabels): string {
  const fix = labels.fix_variant ?? '?';
  const torch = labels.torch_version ? `torch=${labels.torch_version}` : 'torch=?';
  const threads = labels.threads != null ? `${labels.threads}t` : '?t';
  const wrapper = labels.wrapper ?? '?';
  return `${fix} ${torch} ${threads} ${wrapper}`;
}

/**
 * `configKey` as a SQL expression over four SQL expressions (the same key for
 * the same labels; ingest/configKey.test.ts checks the two agree).
 */
export function configKeySql(fix: string, torch: string, threads: string, wrapper: string): string {
  return `(coalesce(${fix}, '?') || ' torch=' || coalesce(nullif(${torch}, ''), '?') || ' ' || coalesce(CAST(${threads} AS VARCHAR) || 't', '?t') || ' ' || coalesce(${wrapper}, '?'))`;
}
