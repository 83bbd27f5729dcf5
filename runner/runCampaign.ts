/**
 * Runs a campaign: plans (or, with `resume`, recovers) the interleaved order,
 * fingerprints each configuration, runs its rounds, appends every event to
 * `<logs>/<campaign>/<host>-<start>.jsonl`, applies the stop rule, and stops
 * cleanly when aborted (Ctrl-C) after recording what finished.
 */
import { mkdirSync } from 'node:fs';
import type { Campaign } from './campaign.ts';
import { endRun } from './endRun.ts';
import { runFleet } from './fleet/index.ts';
import { acquireLock } from './lock.ts';
import { openRunLog } from './openRunLog.ts';
import { probeConfigs } from './probeConfigs.ts';
import { recoverAttempts } from './recoverAttempts.ts';
import { type RunContext, type RunOptions, runContext } from './runContext.ts';
import { runPlan } from './runPlan.ts';
import { type RunSummary, startSummary } from './runSummary.ts';
import { startOrResume } from './startOrResume.ts';

/**
 * Runs (or with `options.resume` continues, or with `options.dryRun` only
 * plans) a campaign on this host, holding the host's lock on the campaign
 * folder meanwhile. Side effects come from `options` (spawner, clock, sleep),
 * so tests can use fakes.
 *
 * @example await runCampaign(loadCampaign('data/campaigns/demo.yaml'), { resume: true })
 */
export async function runCampaign(campaign: Campaign, options: RunOptions = {}): Promise<RunSummary> {
  const ctx = runContext(campaign, options);
  if (!options.dryRun) mkdirSync(ctx.dir, { recursive: true });
  const release = options.dryRun ? () => {} : acquireLock(ctx.dir, ctx.host);
  try {
    return options.fleet ? await runFleet(ctx, options.fleet) : await runLocked(ctx);
  } finally {
    release();
  }
}

/**
 * The steps of a run: start or resume (recording what a killed run left
 * half-recorded), probe, run the plan (applying the stop rule after each
 * round), end. A dry run, or a resumed run that had already
 * ended complete, stops after the start and writes nothing.
 */
async function runLocked(ctx: RunContext): Promise<RunSummary> {
  const start = startOrResume(ctx);
  const summary = startSummary(ctx, start);
  if (ctx.options.dryRun) return { ...summary, reason: 'dry run' };
  if (start.resumed?.complete) return { ...summary, complete: true, reason: 'the run was already complete' };
  const runLog = openRunLog(ctx, start);
  const progress = ctx.options.progress;
  try {
    if (start.resumed) await recoverAttempts(ctx, start.resumed, runLog.log);
    const fingerprints = await probeConfigs(ctx, start, runLog);
    progress?.start(start.tallies);
    const { aborted, error, roundsRun, attemptsRun } = await runPlan(ctx, start, runLog, fingerprints);
    const { complete, reason } = endRun(
      runLog.log,
      start.tallies,
      aborted || Boolean(ctx.options.signal?.aborted),
      error,
    );
    return {
      ...summary,
      run: runLog.run,
      logFile: runLog.log.path,
      complete,
      reason,
      error,
      roundsRun,
      attemptsRun,
    };
  } finally {
    progress?.stop();
    runLog.log.close();
  }
}
