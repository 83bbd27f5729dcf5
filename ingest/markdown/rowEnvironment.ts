/**
 * The environment of a round or batch row: the labels in force where the row
 * stands (its block context: headings, table caption, report metadata),
 * overridden by what the row itself states, each with where it came from
 * (store/vocabulary.ts PROVENANCE_KINDS). Every extractor that makes rounds or
 * batches builds their environment here, so provenance is recorded the same
 * way everywhere.
 */
import { type ConfigLabels, configKey } from '../../store/configKey.ts';
import type { RoundRow } from '../../store/rawTables.ts';
import { torchBase, torchBuild } from '../../store/torchVersion.ts';
import type { BlockContext, EnvProvenance } from './blocks.ts';

/** The environment columns of a round or batch row, and its configuration key. */
export type RowEnvironment = Pick<
  RoundRow,
  | 'config'
  | 'fix_variant'
  | 'torch_version'
  | 'torch_base'
  | 'torch_build'
  | 'threads'
  | 'wrapper'
  | 'workload'
  | 'serialised'
  | 'fix_variant_from'
  | 'torch_from'
  | 'threads_from'
  | 'wrapper_from'
  | 'workload_from'
  | 'serialised_from'
>;

/** Nothing stated anywhere: every label unknown. */
export const NO_LABELS: ConfigLabels = {
  fix_variant: null,
  torch_version: null,
  threads: null,
  wrapper: null,
  workload: null,
  serialised: null,
};

/** Provenance of labels nobody stated. */
export const UNKNOWN_PROVENANCE: EnvProvenance = {
  fix_variant: 'unknown',
  torch: 'unknown',
  threads: 'unknown',
  wrapper: 'unknown',
  workload: 'unknown',
  serialised: 'unknown',
};

/** The provenance key of each label (`torch_version` → `torch`). */
export const PROVENANCE_KEY: Record<keyof ConfigLabels, keyof EnvProvenance> = {
  fix_variant: 'fix_variant',
  torch_version: 'torch',
  threads: 'threads',
  wrapper: 'wrapper',
  workload: 'workload',
  serialised: 'serialised',
};

/**
 * The row's environment: each label the row states itself (`own`, non-null)
 * is `stated`; the others come from the context with the context's
 * provenance. A serialisation the file states for one workload only
 * (`ctx.serialisedFor`) applies to a row of that workload, over a general
 * one from the file, but never over one its headings state.
 *
 * @example rowEnvironment(ctx, { threads: 8 }).threads_from // 'stated'
 */
export function rowEnvironment(ctx: BlockContext, own: Partial<ConfigLabels> = {}): RowEnvironment {
  const labels = { ...NO_LABELS };
  const from = { ...UNKNOWN_PROVENANCE };
  for (const key of Object.keys(PROVENANCE_KEY) as (keyof ConfigLabels)[]) {
    const mine = own[key];
    if (mine != null) {
      (labels as Record<string, unknown>)[key] = mine;
      from[PROVENANCE_KEY[key]] = 'stated';
    } else {
      (labels as Record<string, unknown>)[key] = ctx[key];
      from[PROVENANCE_KEY[key]] = ctx[key] == null ? 'unknown' : ctx.from[PROVENANCE_KEY[key]];
    }
  }
  if (own.serialised == null && !from.serialised.startsWith('stated') && labels.workload != null) {
    const specific = ctx.serialisedFor?.find((s) => s.workload === labels.workload);
    if (specific) [labels.serialised, from.serialised] = [specific.serialised, specific.from];
  }
  return {
    config: configKey(labels),
    ...labels,
    torch_base: torchBase(labels.torch_version),
    torch_build: torchBuild(labels.torch_version),
    fix_variant_from: from.fix_variant,
    torch_from: from.torch,
    threads_from: from.threads,
    wrapper_from: from.wrapper,
    workload_from: from.workload,
    serialised_from: from.serialised,
  };
}
