/**
 * Evidence as the verdict sees it: groups of rounds, each from one source in
 * one environment, and the notes that say why a group was used or left out.
 */
import type { BatchKind, Wrapper } from '../../store/vocabulary.ts';

/** The labels that define an environment; groups are pooled only when all are equal. */
export interface Environment {
  /**
   * The PyTorch the environment stands for: its base release (`2.9.1`: every
   * build of it pooled), or `BASE+BUILD` for a build kept apart because a file
   * tells it from another build of the same base; null when not stated.
   */
  torch_version: string | null;
  fix_variant: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  /** Which test ran (`complete_story`, …); null when no one said. */
  workload: string | null;
  /** How the test serialised its GPU work (`none`, `python_lock`, …); null when no one said. */
  serialised: string | null;
  /** Hardware/OS/software fingerprint of the machine, when known. */
  fingerprint: string | null;
}

/** The labels that make an environment, in the order explanations name them. */
export const ENV_KEYS: readonly (keyof Environment)[] = [
  'torch_version',
  'fix_variant',
  'threads',
  'wrapper',
  'workload',
  'serialised',
  'fingerprint',
];

/** A string equal for two environments exactly when every label is. */
export const envKey = (e: Environment): string => JSON.stringify(ENV_KEYS.map((k) => e[k]));

/**
 * Whether two environments could be the same: no label is known on both
 * sides with different values (an unknown label agrees with anything).
 *
 * @example compatibleEnvironments({...a, wrapper: null}, {...a, wrapper: 'retry'}) // true
 */
export const compatibleEnvironments = (a: Environment, b: Environment): boolean =>
  ENV_KEYS.every((k) => a[k] === null || b[k] === null || a[k] === b[k]);

/**
 * Whether an environment serialised or throttled its GPU work (a Python lock,
 * a semaphore, a forced graph path): such evidence never answers for the
 * unserialised question. `none` and unknown (null) are not throttled.
 */
export const isThrottled = (e: Pick<Environment, 'serialised'>): boolean =>
  e.serialised !== null && e.serialised !== 'none';

/**
 * The attributes of an environment that carry a provenance, by the names of
 * the raw tables' `*_from` columns (`torch` for the PyTorch version).
 */
export const ENV_ATTRIBUTES = [
  'fix_variant',
  'torch',
  'threads',
  'wrapper',
  'workload',
  'serialised',
] as const;
export type EnvAttribute = (typeof ENV_ATTRIBUTES)[number];

/** Where a group of rounds comes from: runner logs, a report's per-round table, or a stated batch. */
export type EvidenceOrigin = 'runner' | 'report' | 'batch';

/** A group of rounds from one source in one environment. */
export interface EvidenceGroup {
  /** Readable identity (path:line, session, …) used in the explanation. */
  id: string;
  source_id: string;
  origin: EvidenceOrigin;
  kind: BatchKind;
  env: Environment;
  rounds: number;
  /** Rounds that crashed or failed. */
  crashed: number;
  /** Process attempts and crashed attempts, when a wrapper retried and they are known. */
  attempts?: number | null;
  crashedAttempts?: number | null;
  /** Round numbers listed row by row (runner or report rows). */
  roundNumbers?: readonly number[] | null;
  /** Round range a stated batch covers. */
  roundFirst?: number | null;
  roundLast?: number | null;
  /** The PyTorch version as read (the environment may pool it with other builds of its base). */
  torchRead?: string | null;
  /**
   * Where each attribute came from (`stated[:LINE]`, `file[:LINE]`,
   * `series:PATH:LINE`, `unknown`), for the evidence lists.
   */
  provenance?: Readonly<Partial<Record<EnvAttribute, string>>>;
  /**
   * Why this group restates rounds another source already gives (set by the
   * derive step's cross-source index): such a group is never evidence, in any
   * environment.
   */
  restated?: string | null;
}

/** A group and why it was used or left out. */
export interface EvidenceNote {
  id: string;
  origin: EvidenceOrigin;
  rounds: number;
  reason: string;
}
