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
 * Ends a run: stopped by `error` (an attempt could not start: an
 * infrastructure failure), interrupted when `aborted` (resume continues
 * either), else complete because the stop rule stopped every configuration or
 * because every planned round is done. Writes the `end` event.
 */
export function endRun(
  log: LogWriter,
  tallies: ReadonlyMap<string, Tally>,
  aborted: boolean,
  error: string | null = null,
): RunEnd {
  const allStopped = [...tallies.values()].every((t) => t.stopped);
  const complete = !aborted && !error;
  const reason = error
    ? `stopped: ${error} — an infrastructure failure, not the workload's; nothing of it is counted. Mend it, then continue with --resume`
    : aborted
      ? 'interrupted: completed attempts are recorded; resume with --resume'
      : allStopped
        ? 'every configuration was stopped by the sequential rule'
        : 'all planned rounds done';
  log.write({ type: 'end', complete, reason });
  return { complete, reason };
}
