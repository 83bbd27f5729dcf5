/**
 * Runs a campaign: plans (or, with `resume`, recovers) the interleaved order,
 * fingerprints each configuration, runs its rounds, appends every event to
 * `<logs>/<campaign>/<host>-<start>.jsonl`, applies the stop rule, and stops
 * cleanly when aborted (Ctrl-C) after recording what finished.
 */
import { createHash, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AttemptEvent, PlanEvent, ProbeEvent, StopEvent } from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import { acquireLock } from './lock.ts';
import { LogWriter } from './logFile.ts';
import { type PlannedRound, parseShard, planRounds, type Shard, shardPlan } from './plan.ts';
import { probeConfig } from './probe.ts';
import type { ProgressSink } from './progress.ts';
import { cutTornTail, hostLogFiles, type RunState, readRunState, roundKey } from './resume.ts';
import { runRound } from './round.ts';
import { processSpawner, type Spawner } from './spawn/index.ts';
import { sprt } from './sprt.ts';
import { addRound, emptyTally, type Tally } from './tally.ts';

export interface RunOptions {
  /** Root of the round logs (default `data/rounds`). */
  logsRoot?: string;
  resume?: boolean;
  /** Only plan: nothing is run or written. */
  dryRun?: boolean;
  shard?: Shard;
  /** Host name used in file names and events (default: this machine's, sanitised). */
  host?: string;
  signal?: AbortSignal;
  spawner?: Spawner;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  progress?: ProgressSink;
}

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
  roundsRun: number;
  attemptsRun: number;
  tallies: Record<string, Tally>;
}

/** Host name safe for file names: letters, digits, `.`, `_`; everything else becomes `_`. */
export function safeHost(name: string): string {
  return name.replace(/[^A-Za-z0-9._]/g, '_').replace(/^\.+/, '_') || 'host';
}

/** `20250101T101112345Z` */
export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** Abortable sleep. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function runCampaign(campaign: Campaign, options: RunOptions = {}): Promise<RunSummary> {
  const now = options.now ?? (() => new Date());
  const spawner = options.spawner ?? processSpawner;
  const host = safeHost(options.host ?? hostname());
  const dir = join(options.logsRoot ?? 'data/rounds', campaign.name);
  if (!options.dryRun) mkdirSync(dir, { recursive: true });
  const release = options.dryRun ? () => {} : acquireLock(dir, host);
  try {
    return await runLocked(campaign, options, { now, spawner, host, dir });
  } finally {
    release();
  }
}

async function runLocked(
  campaign: Campaign,
  options: RunOptions,
  deps: { now: () => Date; spawner: Spawner; host: string; dir: string },
): Promise<RunSummary> {
  const { now, spawner, host, dir } = deps;
  const wait = options.sleep ?? sleep;
  let state: RunState | null = null;
  if (options.resume) {
    if (!options.dryRun) for (const f of hostLogFiles(dir, host)) cutTornTail(join(dir, f));
    state = readRunState(dir, host);
  }
  const campaignShard = campaign.shard ? parseShard(campaign.shard) : undefined;
  let order = campaign.order;
  let seed = campaign.seed ?? (campaign.order === 'randomized' ? randomInt(2 ** 31) : 0);
  let shard = options.shard ?? campaignShard ?? { index: 1, count: 1 };
  let plan: PlannedRound[];
  if (state) {
    if (
      options.shard &&
      (options.shard.index !== state.plan.shard.index || options.shard.count !== state.plan.shard.count)
    )
      throw new Error(
        `--shard ${options.shard.index}/${options.shard.count} differs from the run being resumed (${state.plan.shard.index}/${state.plan.shard.count})`,
      );
    ({ order, seed, shard, plan } = state.plan);
    const missing = plan.map((p) => p.config).find((c) => !campaign.configs[c]);
    if (missing)
      throw new Error(
        `the run being resumed has config ${JSON.stringify(missing)}, which the campaign no longer defines`,
      );
  } else {
    const rounds = Object.fromEntries(
      Object.entries(campaign.configs).map(([n, c]) => [n, c.rounds ?? campaign.rounds]),
    );
    plan = shardPlan(planRounds(rounds, order, seed), shard);
  }
  const summary: RunSummary = {
    campaign: campaign.name,
    run: state?.plan.run ?? '',
    host,
    logFile: null,
    order,
    seed,
    shard,
    plan,
    complete: false,
    reason: '',
    roundsRun: 0,
    attemptsRun: 0,
    tallies: {},
  };
  const tallies = new Map<string, Tally>();
  for (const p of plan) {
    const t = tallies.get(p.config) ?? emptyTally(0);
    t.planned++;
    tallies.set(p.config, t);
  }
  if (state) {
    const byUid = new Map<string, AttemptEvent[]>();
    for (const a of state.attempts) byUid.set(a.round_uid, [...(byUid.get(a.round_uid) ?? []), a]);
    for (const r of state.rounds) {
      const t = tallies.get(r.config);
      if (t) addRound(t, r, byUid.get(r.round_uid) ?? []);
    }
    for (const [config, s] of state.stopped) {
      const t = tallies.get(config);
      if (t) t.stopped = s.reason;
    }
  }
  summary.tallies = Object.fromEntries(tallies);
  if (options.dryRun) {
    summary.reason = 'dry run';
    return summary;
  }
  if (state?.complete) {
    summary.complete = true;
    summary.reason = 'the run was already complete';
    return summary;
  }

  const startedAt = now();
  let fileName = `${host}-${stamp(startedAt)}.jsonl`;
  for (let i = 2; existsSync(join(dir, fileName)); i++) fileName = `${host}-${stamp(startedAt)}-${i}.jsonl`;
  const run = state?.plan.run ?? fileName.replace(/\.jsonl$/, '');
  summary.run = run;
  const log = new LogWriter(join(dir, fileName), { campaign: campaign.name, run, host }, now);
  summary.logFile = join(dir, fileName);
  const progress = options.progress;
  try {
    const configs = Object.fromEntries(
      Object.entries(campaign.configs).map(([n, c]) => [n, { labels: c.labels, env: c.env, args: c.args }]),
    );
    log.write<PlanEvent>({
      type: 'plan',
      order,
      seed,
      shard,
      plan,
      resumes: state?.files ?? [],
      campaign_file: campaign.file,
      campaign_sha256: fileSha(campaign.file),
      configs,
      retry_attempts: campaign.retry.attempts,
    });

    const fingerprints = new Map<string, string>();
    const envOf = (config: string) => ({ ...campaign.env, ...campaign.configs[config].env });
    const childEnv = (config: string) => ({
      ...(process.env as Record<string, string>),
      ...envOf(config),
      ROUNDBOOK_CAMPAIGN: campaign.name,
      ROUNDBOOK_CONFIG: config,
      ROUNDBOOK_RUN: run,
    });
    for (const config of tallies.keys()) {
      if (tallies.get(config)?.stopped) continue;
      const probe = await probeConfig(
        spawner,
        campaign.probe,
        childEnv(config),
        envOf(config),
        campaign.cwdAbs,
      );
      fingerprints.set(config, probe.fingerprint);
      log.write<ProbeEvent>({ type: 'probe', config, ...probe });
    }

    progress?.start(tallies);
    const t0 = performance.now();
    // Rounds still to run per configuration (for the ETA), kept up to date instead of recounted.
    const toRun = new Map<string, number>();
    for (const q of plan)
      if (!state?.done.has(roundKey(q.config, q.round))) toRun.set(q.config, (toRun.get(q.config) ?? 0) + 1);
    let aborted = false;
    for (const p of plan) {
      if (options.signal?.aborted) {
        aborted = true;
        break;
      }
      const key = roundKey(p.config, p.round);
      const tally = tallies.get(p.config) as Tally;
      if (state?.done.has(key) || tally.stopped) continue;
      const cfg = campaign.configs[p.config];
      const tryNo = (state?.tries.get(key) ?? 0) + 1;
      const result = await runRound({
        campaign,
        config: p.config,
        labels: cfg.labels,
        env: childEnv(p.config),
        definingEnv: envOf(p.config),
        argv: [...campaign.argv, ...cfg.args],
        round: p.round,
        try: tryNo,
        round_uid: `${campaign.name}/${run}/${p.config}/r${p.round}.${tryNo}`,
        fingerprint: fingerprints.get(p.config) ?? null,
        logDir: dir,
        log,
        spawner,
        now,
        sleep: wait,
        signal: options.signal,
      });
      summary.attemptsRun += result.attempts.length;
      if (result.aborted) {
        aborted = true;
        break;
      }
      summary.roundsRun++;
      toRun.set(p.config, (toRun.get(p.config) ?? 1) - 1);
      addRound(tally, result.event, result.attempts);
      const stop = campaign.stop;
      if (stop.rule === 'sprt' && tally.rounds >= stop.min_rounds) {
        const d = sprt(tally.crashes, tally.attempts, stop);
        if (d.decision !== 'continue') {
          tally.stopped = d.reason;
          log.write<StopEvent>({
            type: 'stop',
            config: p.config,
            decision: d.decision,
            reason: d.reason,
            rounds: tally.rounds,
            attempts: tally.attempts,
            crashes: tally.crashes,
          });
          progress?.note(`[${p.config}] stopped: ${d.reason}`);
        }
      }
      if (!progress) continue;
      const elapsed = (performance.now() - t0) / 1000;
      let remaining = 0;
      for (const [config, n] of toRun) if (!tallies.get(config)?.stopped) remaining += n;
      progress.update(
        p.config,
        tally,
        elapsed,
        summary.roundsRun ? (elapsed / summary.roundsRun) * remaining : null,
      );
    }
    const allStopped = [...tallies.values()].every((t) => t.stopped);
    summary.complete = !aborted;
    summary.reason = aborted
      ? 'interrupted: completed attempts are recorded; resume with --resume'
      : allStopped
        ? 'every configuration was stopped by the sequential rule'
        : 'all planned rounds done';
    log.write({ type: 'end', complete: summary.complete, reason: summary.reason });
  } finally {
    progress?.stop();
    log.close();
  }
  summary.tallies = Object.fromEntries(tallies);
  return summary;
}

function fileSha(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}
