/**
 * Evidence as the verdict sees it: groups of rounds, each from one source in
 * one environment, and the notes that say why a group was used or left out.
 */
import type { BatchKind, Wrapper } from '../../store/vocabulary.ts';

/** The labels that define an environment; groups are pooled only when all are equal. */
export interface Environment {
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
}

/** A group and why it was used or left out. */
export interface EvidenceNote {
  id: string;
  origin: EvidenceOrigin;
  rounds: number;
  reason: string;
}
