import { torchBase, torchBaseSql } from './torchVersion.ts';
import type { Wrapper } from './vocabulary.ts';

/**
 * The labels that define an environment: the canonical group key is built
 * from them. `torch_version` is the version as read (base and build are
 * derived from it, store/torchVersion.ts); `workload` names the test that ran
 * (`complete_story`, `transformer_encoder_isolated`, …); `serialised` says how
 * its GPU work was serialised (`none`, `python_lock`, `semaphore(2)`,
 * `graph_path`, or several joined with `+` in sorted order). Null is "not
 * stated", never a guess.
 */
export interface ConfigLabels {
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  workload: string | null;
  serialised: string | null;
}

/**
 * The canonical configuration key of DESIGN.md: fix variant, PyTorch base
 * release (every build of 2.9.1 is `torch=2.9.1`), thread count, wrapper,
 * workload and serialisation. Unknown parts are written `?` so that two rows
 * group together only when they state the same things.
 *
 * @example configKey({fix_variant: 'v2.3', torch_version: '2.9.1a0+git8cfbcc8', threads: 8, wrapper: 'retry',
 *   workload: 'complete_story', serialised: 'none'})
 *   // 'v2.3 torch=2.9.1 8t retry workload=complete_story serialised=none'
 */
export function configKey(labels: ConfigLabels): string {
  const fix = labels.fix_variant ?? '?';
  const torch = `torch=${torchBase(labels.torch_version) ?? '?'}`;
  const threads = labels.threads != null ? `${labels.threads}t` : '?t';
  const wrapper = labels.wrapper ?? '?';
  return `${fix} ${torch} ${threads} ${wrapper} workload=${labels.workload ?? '?'} serialised=${labels.serialised ?? '?'}`;
}

/** SQL expressions for the labels of {@link configKey}, by name. */
export type ConfigLabelsSql = Record<keyof ConfigLabels, string>;

/**
 * `configKey` as a SQL expression over SQL expressions for the labels (the
 * same key for the same labels; store/configKey.test.ts checks the two agree).
 */
export function configKeySql(l: ConfigLabelsSql): string {
  return `(coalesce(${l.fix_variant}, '?') || ' torch=' || coalesce(${torchBaseSql(l.torch_version)}, '?') || ' ' || coalesce(CAST(${l.threads} AS VARCHAR) || 't', '?t') || ' ' || coalesce(${l.wrapper}, '?') || ' workload=' || coalesce(${l.workload}, '?') || ' serialised=' || coalesce(${l.serialised}, '?'))`;
}
