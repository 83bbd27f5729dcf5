/**
 * Environments as the derived tables group them: the distinct environments
 * of the evidence, the labels written on their rows, and the environment of a
 * raw row.
 */
import { type ConfigLabels, configKey } from '../../store/configKey.ts';
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

/** The group labels written on every derived row of an environment. */
export function labelsOf(env: Environment) {
  return {
    config: configKey(env),
    fix_variant: env.fix_variant,
    torch_version: env.torch_version,
    threads: env.threads,
    wrapper: env.wrapper,
  };
}

/** The environment of a round group or stated batch (no fingerprint when the row has none). */
export function environmentOf(r: ConfigLabels & { fingerprint?: string | null }): Environment {
  return {
    fix_variant: r.fix_variant,
    torch_version: r.torch_version,
    threads: r.threads,
    wrapper: r.wrapper,
    workload: r.workload,
    serialised: r.serialised,
    fingerprint: r.fingerprint ?? null,
  };
}
