/** What a run reports when it ends (`roundbook run --json`), local or fleet. */
import type { PlanEvent, PlannedRound, Shard } from '../store/roundLog.ts';
import type { RunContext } from './runContext.ts';
import type { RunStart } from './startOrResume.ts';
import type { Tally } from './tally.ts';

/** What a run did, and what it planned (printed by `roundbook run --json`). */
export interface RunSummary {
  campaign: string;
  run: string;
  host: string;
  /** The log file written (null for a dry run or a run already complete). */
  logFile: string | null;
  order: PlanEvent['order'];
  seed: number;
  shard: Shard;
  /** This host's planned rounds, in order. */
  plan: PlannedRound[];
  complete: boolean;
  /** Why the run ended. */
  reason: string;
  /** Why an attempt could not start, when that stopped the run (an infrastructure failure), else null. */
  error: string | null;
  roundsRun: number;
  attemptsRun: number;
  tallies: Record<string, Tally>;
}

/** The summary of a run that has only started: its plan and tallies, nothing run yet. */
export function startSummary(ctx: RunContext, start: RunStart): RunSummary {
  return {
    campaign: ctx.campaign.name,
    run: start.resumed?.plan.run ?? '',
    host: ctx.host,
    logFile: null,
    order: start.order,
    seed: start.seed,
    shard: start.shard,
    plan: start.plan,
    complete: false,
    reason: '',
    error: null,
    roundsRun: 0,
    attemptsRun: 0,
    // The same tally objects: they count on as the run goes.
    tallies: Object.fromEntries(start.tallies),
  };
}
