/**
 * The sequential stop rule, applied after each completed round: a
 * configuration whose evidence already decides the question runs no more
 * rounds.
 */
import type { StopEvent } from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import type { LogWriter } from './logFile.ts';
import type { ProgressSink } from './progress.ts';
import { sprt } from './sprt.ts';
import type { Tally } from './tally.ts';

/**
 * With `stop: {rule: sprt}` and at least `min_rounds` rounds of `config`,
 * Wald's SPRT of its crashes per attempt (`sprt.ts`); when it decides, the
 * tally is marked stopped, a `stop` event is written and the progress notes
 * why. With `stop: {rule: fixed}`, or undecided, nothing happens.
 */
export function applyStopRule(
  campaign: Campaign,
  config: string,
  tally: Tally,
  log: LogWriter,
  progress: ProgressSink | undefined,
): void {
  const stop = campaign.stop;
  if (stop.rule !== 'sprt' || tally.rounds < stop.min_rounds) return;
  const d = sprt(tally.crashes, tally.attempts, stop);
  if (d.decision === 'continue') return;
  tally.stopped = d.reason;
  log.write<StopEvent>({
    type: 'stop',
    config,
    decision: d.decision,
    reason: d.reason,
    rounds: tally.rounds,
    attempts: tally.attempts,
    crashes: tally.crashes,
  });
  progress?.note(`[${config}] stopped: ${d.reason}`);
}
