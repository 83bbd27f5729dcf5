/**
 * The sequential stop rule, applied after each completed round: a
 * configuration whose evidence already decides the question runs no more
 * rounds. The rule is the verdict's own procedure, so the runner stops
 * exactly when `roundbook verdict` would be decided, never before.
 */
import { decideSafety, formatPercent } from '../analysis/stats/index.ts';
import type { StopEvent } from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import type { LogWriter } from './logFile.ts';
import type { ProgressSink } from './progress.ts';
import type { Tally } from './tally.ts';

/** Why a configuration stopped, as one sentence, or null while undecided. */
export function stopDecision(
  tally: Pick<Tally, 'rounds' | 'attempts' | 'failures'>,
  rule: { threshold: number; confidence: number; min_rounds: number },
): { decision: 'safe' | 'unsafe'; reason: string } | null {
  if (tally.rounds < rule.min_rounds) return null;
  const d = decideSafety(tally.failures, tally.attempts, {
    threshold: rule.threshold,
    confidence: rule.confidence,
    procedure: 'always-valid',
  });
  if (d.decision === 'undecided') return null;
  const seen = `${tally.failures} of ${tally.attempts} attempts did not pass`;
  const pct = (x: number) => formatPercent(x, { significant: 3 });
  return d.decision === 'safe'
    ? {
        decision: 'safe',
        reason: `safe: failure rate below ${pct(rule.threshold)} at ${pct(rule.confidence)} confidence (${seen}; always-valid bound ${pct(d.upper)})`,
      }
    : {
        decision: 'unsafe',
        reason: `unsafe: failure rate above ${pct(rule.threshold)} at ${pct(rule.confidence)} confidence (${seen}; always-valid bound ${pct(d.lower)})`,
      };
}

/**
 * With `stop: {rule: always-valid}` and at least `min_rounds` rounds of
 * `config`, decides its failures per attempt by the always-valid procedure
 * (analysis/stats/safetyProcedure.ts, the verdict's); when decided, the tally
 * is marked stopped, a `stop` event is written and the progress notes why.
 * With `stop: {rule: fixed}`, or undecided, nothing happens.
 */
export function applyStopRule(
  campaign: Campaign,
  config: string,
  tally: Tally,
  log: LogWriter,
  progress: ProgressSink | undefined,
): void {
  const stop = campaign.stop;
  if (stop.rule !== 'always-valid') return;
  const d = stopDecision(tally, stop);
  if (!d) return;
  tally.stopped = d.reason;
  log.write<StopEvent>({
    type: 'stop',
    config,
    decision: d.decision,
    reason: d.reason,
    rounds: tally.rounds,
    attempts: tally.attempts,
    crashes: tally.crashes,
    failures: tally.failures,
  });
  progress?.note(`[${config}] stopped: ${d.reason}`);
}
