/**
 * Environments as the derived tables group them: the distinct environments
 * of the evidence, the labels written on their rows, and the environment of a
 * raw row.
 */
import { configKey } from '../../store/configKey.ts';
import { torchBase } from '../../store/torchVersion.ts';
import type { Environment, EvidenceGroup } from '../stats/index.ts';

/**
 * A string equal for two environments exactly when every label is, in the
 * order the derived tables sort environments by (fix variant first; the
 * statistics' own `envKey` orders labels as explanations name them).
 */
export const envKey = (e: Environment): string =>
  JSON.stringify([
    e.fix_variant,
    e.torch_version,
    e.threads,
    e.wrapper,
    e.workload,
    e.serialised,
    e.fingerprint,
  ]);

/** Distinct environments of the primary evidence, in a stable order. */
export function distinctEnvironments(groups: readonly EvidenceGroup[]): Environment[] {
  const seen = new Map<string, Environment>();
  for (const g of groups) if (g.kind === 'primary') seen.set(envKey(g.env), g.env);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/**
 * The configuration key of an environment (store/configKey.ts), with the
 * build written beside the base when the environment keeps one build apart
 * (`torch=2.9.1+git10e734a`), so that such an environment has a key of its own.
 */
export function environmentConfig(env: Environment): string {
  const key = configKey(env);
  const base = torchBase(env.torch_version);
  return base && env.torch_version !== base
    ? key.replace(`torch=${base}`, `torch=${env.torch_version}`)
    : key;
}

/** The group labels written on every derived row of an environment (`torch_version` is the pooled torch). */
export function labelsOf(env: Environment) {
  return {
    config: environmentConfig(env),
    fix_variant: env.fix_variant,
    torch_version: env.torch_version,
    threads: env.threads,
    wrapper: env.wrapper,
  };
}
