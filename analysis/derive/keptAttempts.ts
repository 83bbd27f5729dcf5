import { type AttemptOutcomeCounts, addAttempts, type EvidenceGroup, noAttempts } from '../stats/index.ts';
import type { GroupDetail } from './loadEvidence.ts';

/**
 * The recorded attempts of an environment's kept round groups, summed (null
 * when some kept group does not record its attempts: a stated batch, or a
 * report table without retries). The attempts are those recorded, never a
 * number assumed per round.
 */
export function keptAttempts(
  kept: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): { outcomes: AttemptOutcomeCounts; maxAttempts: number; hidden: number } | null {
  let outcomes = noAttempts();
  let maxAttempts = 0;
  let hidden = 0;
  for (const g of kept) {
    const d = details.get(g);
    if (!d?.outcomes) return null;
    outcomes = addAttempts(outcomes, d.outcomes);
    maxAttempts = Math.max(maxAttempts, d.maxAttempts);
    for (const [r, n] of d.retries) hidden += r * n;
  }
  return kept.length > 0 ? { outcomes, maxAttempts, hidden } : null;
}
