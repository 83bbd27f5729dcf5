/**
 * Running counts per configuration, for the progress display and the
 * sequential stop rule. Built only from completed rounds.
 */
import type { AttemptEvent, RoundEvent } from '../store/roundLog.ts';
import { spendsAttempt } from './outcome.ts';

export interface Tally {
  planned: number;
  rounds: number;
  passes: number;
  attempts: number;
  crashes: number;
  /** Attempts that did not pass (crash, timeout, fail): every one counts against safety. */
  failures: number;
  /** Why the configuration stopped early, if it did. */
  stopped: string | null;
}

export function emptyTally(planned: number): Tally {
  return { planned, rounds: 0, passes: 0, attempts: 0, crashes: 0, failures: 0, stopped: null };
}

/**
 * Adds one completed round (and its attempts) to a tally. Attempts that spent
 * none of the round's (`interrupted`, `error`) are not counted.
 */
export function addRound(
  t: Tally,
  round: Pick<RoundEvent, 'status'>,
  attempts: readonly Pick<AttemptEvent, 'outcome'>[],
): void {
  const spent = attempts.filter((a) => spendsAttempt(a.outcome));
  t.rounds++;
  if (round.status === 'pass') t.passes++;
  t.attempts += spent.length;
  t.crashes += spent.filter((a) => a.outcome === 'crash').length;
  t.failures += spent.filter((a) => a.outcome !== 'pass').length;
}
