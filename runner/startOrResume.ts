/**
 * The first step of a run: with `resume`, this host's latest run of the
 * campaign (each of its logs' torn last line cut off first), its plan and what
 * it completed; else a fresh plan in the campaign's order, this host's shard
 * of it. Either way, the tallies so far.
 */
import { join } from 'node:path';
import type { PlanEvent, PlannedRound, Shard } from '../store/roundLog.ts';
import { campaignSeed, parseShard, planRounds, shardPlan } from './plan.ts';
import { cutTornTail, hostLogFiles, type RunState, readRunState } from './resume.ts';
import type { RunContext } from './runContext.ts';
import { addRound, emptyTally, type Tally } from './tally.ts';

/** Where a run starts: its plan (new or resumed), the run it resumes, and the tallies so far. */
export interface RunStart {
  /** The run being resumed, or null when this one is new (or there was nothing to resume). */
  resumed: RunState | null;
  order: PlanEvent['order'];
  seed: number;
  shard: Shard;
  /** This host's planned rounds, in order. */
  plan: PlannedRound[];
  /**
   * Per configuration, in order of first appearance in the plan: its planned
   * rounds, and the rounds and stop the resumed run recorded.
   */
  tallies: Map<string, Tally>;
}

/**
 * Starts a run, or resumes this host's latest one (`options.resume`; a fresh
 * start when there is none). Throws when resuming with a different
 * `options.shard`, or a run whose configurations the campaign no longer
 * defines. In a dry run nothing is written (torn tails stay).
 */
export function startOrResume(ctx: RunContext): RunStart {
  const resumed = ctx.options.resume ? latestRun(ctx) : null;
  const planned = resumed ? resumedPlan(ctx, resumed) : freshPlan(ctx);
  return { resumed, ...planned, tallies: startTallies(planned.plan, resumed) };
}

type Planned = Pick<RunStart, 'order' | 'seed' | 'shard' | 'plan'>;

/** This host's latest run in the campaign folder, after cutting the torn last line off each of its logs. */
function latestRun({ options, dir, host }: RunContext): RunState | null {
  if (!options.dryRun) for (const f of hostLogFiles(dir, host)) cutTornTail(join(dir, f));
  return readRunState(dir, host);
}

/** The resumed run's own plan. */
function resumedPlan({ campaign, options }: RunContext, state: RunState): Planned {
  const was = state.plan.shard;
  if (options.shard && (options.shard.index !== was.index || options.shard.count !== was.count))
    throw new Error(
      `--shard ${options.shard.index}/${options.shard.count} differs from the run being resumed (${was.index}/${was.count})`,
    );
  const { order, seed, shard, plan } = state.plan;
  const missing = plan.map((p) => p.config).find((c) => !campaign.configs[c]);
  if (missing)
    throw new Error(
      `the run being resumed has config ${JSON.stringify(missing)}, which the campaign no longer defines`,
    );
  return { order, seed, shard, plan };
}

/**
 * A new plan: every configuration's rounds in the campaign's order (a
 * randomized order without a seed takes one derived from the campaign's
 * content, so every host draws the same plan), sliced to this host's shard
 * (`options.shard`, else the campaign's, else 1/1).
 */
function freshPlan({ campaign, options }: RunContext): Planned {
  const order = campaign.order;
  const seed = campaign.seed ?? (order === 'randomized' ? campaignSeed({ ...campaign }) : 0);
  const campaignShard = campaign.shard ? parseShard(campaign.shard) : undefined;
  const shard = options.shard ?? campaignShard ?? { index: 1, count: 1 };
  const rounds = Object.fromEntries(
    Object.entries(campaign.configs).map(([n, c]) => [n, c.rounds ?? campaign.rounds]),
  );
  return { order, seed, shard, plan: shardPlan(planRounds(rounds, order, seed), shard) };
}

/** Planned rounds per configuration, with the completed rounds and stops of the resumed run added. */
function startTallies(plan: readonly PlannedRound[], resumed: RunState | null): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const p of plan) {
    const t = tallies.get(p.config) ?? emptyTally(0);
    t.planned++;
    tallies.set(p.config, t);
  }
  if (!resumed) return tallies;
  for (const r of resumed.rounds) {
    const t = tallies.get(r.config);
    if (t) addRound(t, r, resumed.attempts.get(r.round_uid) ?? []);
  }
  for (const [config, s] of resumed.stopped) {
    const t = tallies.get(config);
    if (t) t.stopped = s.reason;
  }
  return tallies;
}
