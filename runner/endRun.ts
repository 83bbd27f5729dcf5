/**
 * The last step of a run: why it ended, in the summary and as the log's `end`
 * event.
 */
import type { LogWriter } from './logFile.ts';
import type { Tally } from './tally.ts';

/** Whether the run completed, and why it ended. */
export interface RunEnd {
  complete: boolean;
  reason: string;
}

/**
 * Ends a run: interrupted when `aborted` (resume continues it), else complete
 * because the stop rule stopped every configuration or because every planned
 * round is done. Writes the `end` event.
 */
export function endRun(log: LogWriter, tallies: ReadonlyMap<string, Tally>, aborted: boolean): RunEnd {
  const allStopped = [...tallies.values()].every((t) => t.stopped);
  const complete = !aborted;
  const reason = aborted
    ? 'interrupted: completed attempts are recorded; resume with --resume'
    : allStopped
      ? 'every configuration was stopped by the sequential rule'
      : 'all planned rounds done';
  log.write({ type: 'end', complete, reason });
  return { complete, reason };
}
