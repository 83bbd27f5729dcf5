/**
 * The main step of a run: this host's planned rounds, one after another, each
 * recorded as it ends, with the stop rule applied and progress reported after
 * every round.
 */

import type { PlannedRound } from '../store/roundLog.ts';
import { applyStopRule } from './applyStopRule.ts';
import { childEnv, definingEnv } from './childEnv.ts';
import type { RunLog } from './openRunLog.ts';
import type { ProgressSink } from './progress.ts';
import { roundKey } from './resume.ts';
import { type AttemptRecord, type RoundResult, runRound } from './round.ts';
import type { RunContext } from './runContext.ts';
import type { RunStart } from './startOrResume.ts';
import { addRound, type Tally } from './tally.ts';

/** What running the plan did: whether an abort or an error cut it short, and the rounds and attempts it ran. */
export interface PlanRun {
  aborted: boolean;
  /** Why an attempt could not start (an infrastructure failure: the run stopped there), else null. */
  error: string | null;
  /** Rounds completed (and recorded) by this run. */
  roundsRun: number;
  /** Attempts run, those of a round cut short by an abort included. */
  attemptsRun: number;
}

/**
 * Runs the planned rounds in order, skipping those the resumed run completed
 * and those of configurations the stop rule stopped. After each round: its
 * configuration's tally, the stop rule (`applyStopRule`), and progress with an
 * ETA from the mean round time so far. An abort (Ctrl-C) ends it at once; the
 * attempt in flight is killed and recorded `interrupted`. An attempt that
 * could not start (an infrastructure failure, never the workload's) is
 * recorded `error` and stops the run: `error` says why.
 */
export async function runPlan(
  ctx: RunContext,
  start: RunStart,
  runLog: RunLog,
  fingerprints: ReadonlyMap<string, string>,
): Promise<PlanRun> {
  const { campaign, options } = ctx;
  const progress = options.progress;
  const done = start.resumed?.done;
  const out: PlanRun = { aborted: false, error: null, roundsRun: 0, attemptsRun: 0 };
  const t0 = performance.now();
  // Rounds still to run per configuration (for the ETA), kept up to date instead of recounted.
  const toRun = new Map<string, number>();
  for (const q of start.plan)
    if (!done?.has(roundKey(q.config, q.round))) toRun.set(q.config, (toRun.get(q.config) ?? 0) + 1);
  for (const p of start.plan) {
    if (options.signal?.aborted) {
      out.aborted = true;
      break;
    }
    const tally = start.tallies.get(p.config) as Tally;
    if (done?.has(roundKey(p.config, p.round)) || tally.stopped) continue;
    const result = await runPlannedRound(ctx, start, runLog, fingerprints.get(p.config) ?? null, p);
    out.attemptsRun += result.ran;
    warnLeftovers(p, result.attempts, progress);
    if (result.end === 'error') {
      out.error = `${p.config} round ${p.round} attempt ${result.attempts.at(-1)?.attempt ?? 1}: ${result.reason}`;
      break;
    }
    if (result.end === 'aborted') {
      out.aborted = true;
      break;
    }
    out.roundsRun++;
    toRun.set(p.config, (toRun.get(p.config) ?? 1) - 1);
    addRound(tally, result.event, result.attempts);
    applyStopRule(campaign, p.config, tally, runLog.log, progress);
    if (!progress) continue;
    const elapsed = (performance.now() - t0) / 1000;
    let remaining = 0;
    for (const [config, n] of toRun) if (!start.tallies.get(config)?.stopped) remaining += n;
    progress.update(p.config, tally, elapsed, (elapsed / out.roundsRun) * remaining);
  }
  return out;
}

/** A note naming the processes an attempt of the round left running outside its group (killed). */
export function warnLeftovers(
  p: PlannedRound,
  attempts: readonly AttemptRecord[],
  progress: ProgressSink | undefined,
) {
  for (const a of attempts)
    if (a.leftovers?.length)
      progress?.note(
        `warning: ${p.config} round ${p.round} attempt ${a.attempt} left ${a.leftovers.length} process(es) running outside its process group, killed: ${a.leftovers.join(', ')}`,
      );
}

/**
 * Runs one planned round, continuing it where an earlier run stopped (its
 * round in flight); `claimedTry`: a fleet host's try of a slot it claimed
 * (the slot's claim count), which no local run has in flight.
 */
export function runPlannedRound(
  ctx: RunContext,
  start: RunStart,
  { log, run }: RunLog,
  fingerprint: string | null,
  p: PlannedRound,
  claimedTry?: number,
  holdRound = false,
): Promise<RoundResult> {
  const { campaign } = ctx;
  const cfg = campaign.configs[p.config];
  const inFlight =
    claimedTry === undefined ? (start.resumed?.inFlight.get(roundKey(p.config, p.round)) ?? null) : null;
  const tryNo = claimedTry ?? inFlight?.try ?? 1;
  return runRound({
    campaign,
    config: p.config,
    labels: cfg.labels,
    env: childEnv(campaign, p.config, run),
    definingEnv: definingEnv(campaign, p.config),
    argv: [...campaign.argv, ...cfg.args],
    round: p.round,
    try: tryNo,
    round_uid: inFlight?.round_uid ?? `${campaign.name}/${run}/${p.config}/r${p.round}.${tryNo}`,
    fingerprint,
    inFlight,
    logDir: ctx.dir,
    log,
    spawner: ctx.spawner,
    now: ctx.now,
    sleep: ctx.sleep,
    signal: ctx.options.signal,
    holdRound,
  });
}
