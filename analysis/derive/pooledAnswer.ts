/**
 * The environments of one answer that differ only in what nobody stated,
 * shown pooled beside their own answers, with the heterogeneity check that
 * says whether pooling them is fair.
 */
import {
  compatibleEnvironments,
  ENV_KEYS,
  type Environment,
  type EvidenceGroup,
  selectEvidence,
  verdict,
} from '../stats/index.ts';
import type { VerdictSettings } from './verdictRows.ts';

/** The pooled reading of compatible environments (`roundbook verdict --json` `pooled`). */
export interface PooledAnswer {
  /** The config keys pooled. */
  configs: string[];
  answer: 'safe' | 'unsafe' | 'undecided' | 'no_evidence' | 'refused';
  crashes: number;
  trials: number;
  unit: 'round' | 'attempt';
  /** Tarone's p across the groups pooled, and the dispersion (> 1: a random-effects bound was used). */
  heterogeneity_p: number | null;
  dispersion: number | null;
  sentence: string;
}

/** One environment holding every label any of `envs` states (they must be compatible). */
function merged(envs: readonly Environment[]): Environment {
  const out = { ...envs[0] };
  for (const k of ENV_KEYS) {
    const v = envs.map((e) => e[k]).find((x) => x !== null);
    (out as Record<string, unknown>)[k] = v ?? null;
  }
  return out;
}

/**
 * Pools the deciding environments when there are two or more and every pair
 * could be the same (no label known on both sides with different values): the
 * groups each environment's verdict keeps are judged together by the verdict,
 * whose overdispersion test decides between one binomial and a random-effects
 * bound. Null when there is nothing to pool or the environments conflict.
 *
 * @example pooledAnswer(groups, [{env: a, config: 'native … 8t ?'}, {env: b, config: 'native … 8t retry'}], settings)
 */
export function pooledAnswer(
  groups: readonly EvidenceGroup[],
  deciding: readonly { env: Environment; config: string }[],
  settings: VerdictSettings,
): PooledAnswer | null {
  if (deciding.length < 2) return null;
  const envs = deciding.map((d) => d.env);
  for (let i = 0; i < envs.length; i++)
    for (let j = i + 1; j < envs.length; j++) if (!compatibleEnvironments(envs[i], envs[j])) return null;
  const env = merged(envs);
  const pool = envs.flatMap((e) => selectEvidence(groups, e).kept.map((g) => ({ ...g, env })));
  const v = verdict(pool, {
    maxCrashRate: settings.maxCrashRate,
    confidence: settings.confidence,
    environment: env,
  });
  return {
    configs: deciding.map((d) => d.config),
    answer: v.status,
    crashes: v.crashes,
    trials: v.trials,
    unit: v.unit,
    heterogeneity_p: v.heterogeneity?.pValue ?? null,
    dispersion: v.heterogeneity?.dispersion ?? null,
    sentence: `Pooled, as ${deciding.length} environments that differ only in what was not stated: ${v.sentence}`,
  };
}
