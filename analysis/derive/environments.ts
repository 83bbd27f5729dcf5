import { configKey } from '../../store/configKey.ts';
import type { Environment, EvidenceGroup } from '../stats/index.ts';

export const envKey = (e: Environment): string =>
  JSON.stringify([e.fix_variant, e.torch_version, e.threads, e.wrapper, e.fingerprint]);

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
