import { type AttemptOutcomeCounts, addAttempts, type EvidenceGroup, noAttempts } from '../stats/index.ts';
import type { GroupDetail } from './loadEvidence.ts';

/** The attempts recorded by an environment's kept rounds, and what records none. */
export interface KeptAttempts {
  /** Attempts by outcome, summed over the kept round groups that record them. */
  outcomes: AttemptOutcomeCounts;
  /** Most attempts a recorded round made. */
  maxAttempts: number;
  /** Crashed attempts of rounds that passed on a retry. */
  hidden: number;
  /** Kept rounds (and their passes) whose attempts are recorded. */
  recordedRounds: number;
  recordedPassed: number;
  /** Kept rounds whose attempts are not recorded: stated batches, report tables without retries. */
  unrecordedRounds: number;
}

/**
 * The recorded attempts of an environment's kept round groups, summed — the
 * attempts as recorded, never a number assumed per round — and the kept
 * rounds that record none (null when no kept group records its attempts).
 * A rate over all kept rounds needs `unrecordedRounds` = 0.
 *
 * @example keptAttempts(kept, details)?.outcomes.crash // crashed attempts of the recorded rounds
 */
export function keptAttempts(
  kept: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): KeptAttempts | null {
  let outcomes = noAttempts();
  let maxAttempts = 0;
  let hidden = 0;
  let recordedRounds = 0;
  let recordedPassed = 0;
  let unrecordedRounds = 0;
  for (const g of kept) {
    const d = details.get(g);
    if (!d?.outcomes) {
      unrecordedRounds += g.rounds;
      continue;
    }
    outcomes = addAttempts(outcomes, d.outcomes);
    maxAttempts = Math.max(maxAttempts, d.maxAttempts);
    for (const [r, n] of d.retries) hidden += r * n;
    recordedRounds += g.rounds;
    recordedPassed += g.rounds - g.crashed;
  }
  return recordedRounds > 0
    ? { outcomes, maxAttempts, hidden, recordedRounds, recordedPassed, unrecordedRounds }
    : null;
}
