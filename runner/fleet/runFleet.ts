/**
 * A host's part of a fleet campaign (`roundbook run CAMPAIGN --fleet URL`):
 * the whole plan registered once in PostgreSQL, then round after round
 * claimed in plan order, run, and recorded with the campaign-wide stop rule
 * (fleetStore.ts). The host's own JSONL log is written first, as in a local
 * run, and every line of it is sent on to the database; while the database
 * is unreachable the host finishes the round it holds, keeps its lines, and
 * waits to claim the next; once it is back, the lines and the round's record
 * go in (reconciled: nothing twice). A round whose lease ran out on another
 * host (killed mid-round) is taken over; that host's attempt in flight is
 * recorded `interrupted` in this host's log, counted nowhere.
 */
import { readFileSync } from 'node:fs';
import type { AttemptStartEvent, StopEvent } from '../../store/roundLog.ts';
import { endRun } from '../endRun.ts';
import { openRunLog, type RunLog } from '../openRunLog.ts';
import { campaignHash } from '../plan.ts';
import { probeConfigs } from '../probeConfigs.ts';
import { interruptedBody } from '../recoverAttempts.ts';
import type { FleetOptions, RunContext } from '../runContext.ts';
import { runPlannedRound, warnLeftovers } from '../runPlan.ts';
import { type RunSummary, startSummary } from '../runSummary.ts';
import { startOrResume } from '../startOrResume.ts';
import { addRound, emptyTally, type Tally } from '../tally.ts';
import { redactUrl } from './fleetConnection.ts';
import { type Claim, type ClaimResult, FleetStore, isConnectionError, type LogLine } from './fleetStore.ts';

/** How long an attempt runs before its start is sent on its own (a shorter round sends it with its record). */
const ATTEMPT_START_SEND_MS = 100;

/** Default lease: long enough to ride out a database restart, short enough to hand a dead host's round on. */
export const DEFAULT_LEASE_S = 30;

/**
 * Runs this host's share of the fleet campaign until no round is left (or
 * the stop rule decided every configuration, or Ctrl-C). Returns the same
 * summary as a local run; `plan` is the whole campaign's.
 */
export async function runFleet(ctx: RunContext, fleet: FleetOptions): Promise<RunSummary> {
  if (ctx.options.resume)
    throw new Error(
      '--resume does not apply to --fleet: run the same command again, the fleet knows what is left',
    );
  const lease_s = fleet.lease_s ?? DEFAULT_LEASE_S;
  const poll_ms = fleet.poll_ms ?? Math.min(1000, (lease_s * 1000) / 6);
  const local = { ...ctx, options: { ...ctx.options, shard: { index: 1, count: 1 }, resume: false } };
  const start = startOrResume(local);
  const hash = campaignHash({ ...ctx.campaign });
  const summary = startSummary(ctx, start);
  if (ctx.options.dryRun) return { ...summary, reason: 'dry run' };
  const store = await FleetStore.open(fleet.url);
  const progress = ctx.options.progress;
  const signal = ctx.options.signal;
  let warnedDown = false;
  /** Runs `fn` until it succeeds; connection failures are waited out (the host keeps its lines), others thrown. */
  const retrying = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      try {
        const out = await fn();
        if (warnedDown) progress?.note(`fleet database ${redactUrl(fleet.url)} is back: ${what}`);
        warnedDown = false;
        return out;
      } catch (err) {
        if (!isConnectionError(err)) throw err;
        if (!warnedDown)
          progress?.note(
            `fleet database unreachable (${(err as Error).message}); the round log keeps every line, retrying`,
          );
        warnedDown = true;
        if (signal?.aborted) return null;
        await ctx.sleep(wait, signal);
      }
    }
  };
  try {
    await retrying('schema', () => store.ensureSchema());
    await retrying('registered', () =>
      store.register(
        {
          hash,
          name: ctx.campaign.name,
          order: start.order,
          seed: start.seed,
          plan: start.plan,
          stop: ctx.campaign.stop,
          lease_s,
        },
        ctx.host,
      ),
    );
  } catch (err) {
    await store.close();
    throw err;
  }
  const runLog: RunLog = openRunLog(ctx, start, { campaign_hash: hash, lease_s });
  // The plan line, written before anyone listened; every later line is heard as it is written.
  const pending: LogLine[] = [{ seq: 1, line: readFileSync(runLog.log.path, 'utf8').split('\n')[0] }];
  // Lines go to the database with each claim and record; between those, an attempt's end (and its crash
  // reports) at once — a host killed after it must not leave the fleet believing the attempt was cut short —
  // and an attempt's start once it has run ATTEMPT_START_SEND_MS (so that a host killed mid-attempt leaves
  // its start where the host taking the round over finds it; a round over sooner sends it with its record).
  const take = () => pending.splice(0, pending.length);
  let sending: Promise<void> = Promise.resolve();
  let sendTimer: NodeJS.Timeout | null = null;
  const cancelSend = () => {
    if (sendTimer) clearTimeout(sendTimer);
    sendTimer = null;
  };
  const sendNow = () => {
    cancelSend();
    sending = sending.then(async () => {
      const lines = take();
      if (!lines.length) return;
      try {
        await store.putLines(hash, runLog.run, lines);
      } catch {
        pending.unshift(...lines);
      }
    });
  };
  runLog.log.onWrite = (lines) => {
    pending.push(...lines);
    if (lines.some((l) => /"type":"(attempt|crash_reports)"/.test(l.line))) sendNow();
    else if (!sendTimer && lines.some((l) => l.line.includes('"type":"attempt_start"')))
      sendTimer = setTimeout(sendNow, ATTEMPT_START_SEND_MS);
  };
  summary.run = runLog.run;
  summary.logFile = runLog.log.path;
  let held: Claim | null = null;
  const heartbeat = setInterval(
    () => {
      store.heartbeat(hash, runLog.run, held, lease_s).catch(() => {});
    },
    Math.max(200, (lease_s * 1000) / 3),
  );
  heartbeat.unref?.();
  const tallies = start.tallies;
  let aborted = false;
  try {
    await retrying('host recorded', () => store.hostStarted(hash, runLog.run, ctx.host));
    const fingerprints = await probeConfigs(ctx, start, runLog);
    progress?.start(tallies);
    /** Configurations other hosts' rounds decided: stopped here too. */
    const stopDecided = async () => {
      for (const [config, reason] of (await retrying('decisions', () => store.decisions(hash))) ?? []) {
        const t = tallies.get(config);
        if (t && !t.stopped) t.stopped = reason;
      }
    };
    await stopDecided();
    const t0 = performance.now();
    let nextClaim: ClaimResult | null = null;
    for (;;) {
      if (signal?.aborted) {
        aborted = true;
        break;
      }
      await sending;
      // The slot claimed with the last round's record, else a claim of its own. Lines are taken once: a try
      // that failed (the database out of reach) sends the same ones again.
      const sent = nextClaim ? [] : take();
      const claimed: ClaimResult | null =
        nextClaim ??
        (await retrying('claiming', () => store.claim(hash, ctx.host, runLog.run, lease_s, sent)));
      nextClaim = null;
      if (!claimed) {
        aborted = true;
        break;
      }
      if (claimed.kind === 'finished') break;
      if (claimed.kind === 'wait') {
        await ctx.sleep(poll_ms, signal);
        continue;
      }
      const claim: Claim = claimed.claim;
      held = claim;
      const from = claim.tookOverFrom;
      if (from) {
        const starts = await retrying('take-over read', () =>
          store.unfinishedStarts(hash, from.run, claim.config, claim.round),
        );
        recordTakeOver(ctx, runLog, claim, from, starts ?? []);
      }
      const p = { config: claim.config, round: claim.round };
      // The round's own `round` line is held back until the fleet has counted the round: a host killed
      // before that leaves its attempts but no round, which another host then runs (never counted twice).
      const result = await runPlannedRound(
        ctx,
        start,
        runLog,
        fingerprints.get(p.config) ?? null,
        p,
        claim.claims,
        true,
      );
      cancelSend();
      await sending;
      summary.attemptsRun += result.ran;
      warnLeftovers(p, result.attempts, progress);
      if (result.end !== 'complete') {
        // The round goes back to the queue for another host (its attempts so far stay in the log).
        const lines = take();
        await retrying('round given back', () => store.release(hash, claim, lines, runLog.run));
        held = null;
        if (result.end === 'error')
          summary.error = `${p.config} round ${p.round} attempt ${result.attempts.at(-1)?.attempt ?? 1}: ${result.reason}`;
        else aborted = true;
        break;
      }
      const one = emptyTally(0);
      addRound(one, result.event, result.attempts);
      const tally = tallies.get(p.config) as Tally;
      addRound(tally, result.event, result.attempts);
      summary.roundsRun++;
      // Recorded even when Ctrl-C came meanwhile (the round is complete and must count), and the next slot
      // claimed in the same transaction unless Ctrl-C came.
      const lines = take();
      const recorded: Awaited<ReturnType<FleetStore['record']>> | null = await retrying(
        'round recorded',
        () =>
          store.record(
            hash,
            runLog.run,
            ctx.host,
            claim,
            one,
            ctx.campaign.stop,
            lines,
            signal?.aborted ? null : { lease_s },
            result.held ? { seq: result.held.event.seq, line: result.held.line } : null,
          ),
      );
      held = null;
      if (!recorded) {
        aborted = true;
        break;
      }
      const rec = recorded.record;
      if (result.held && rec.status !== 'lost-lease') {
        runLog.log.writePrepared(result.held);
        pending.pop(); // in the database already, with the record
      }
      nextClaim = recorded.next;
      if (nextClaim?.kind === 'claimed') held = nextClaim.claim;
      if (rec.status === 'lost-lease')
        progress?.note(
          `warning: ${p.config} round ${p.round}: another host took this round over while the database was out of reach; its attempts stay in the log, the round is counted once, by that host`,
        );
      if (rec.decided) {
        runLog.log.write<StopEvent>({
          type: 'stop',
          config: p.config,
          decision: rec.decided.decision as StopEvent['decision'],
          reason: `${rec.decided.reason} (over the whole fleet)`,
          rounds: rec.tally.rounds,
          attempts: rec.tally.attempts,
          crashes: rec.tally.crashes,
          failures: rec.tally.failures,
        });
        progress?.note(`[${p.config}] stopped for every host: ${rec.decided.reason}`);
      }
      if (rec.stopped) tally.stopped = rec.stopped;
      if (progress) {
        const fleetNow = await store.progress(hash).catch(() => null);
        const elapsed = (performance.now() - t0) / 1000;
        const perRound = elapsed / summary.roundsRun;
        const eta = fleetNow
          ? (perRound * (fleetNow.planned - fleetNow.done)) / Math.max(1, fleetNow.hosts)
          : null;
        progress.update(p.config, tally, elapsed, eta);
        if (fleetNow) progress.fleet?.(fleetNow);
      }
    }
    // A slot claimed with the last record that this host will not run goes back to the queue.
    if (nextClaim?.kind === 'claimed') {
      const back = nextClaim.claim;
      await retrying('round given back', () => store.release(hash, back, [], runLog.run));
    }
    held = null;
    clearInterval(heartbeat);
    if (!aborted) await stopDecided();
    await sending;
    const end = endRun(runLog.log, tallies, aborted || Boolean(signal?.aborted), summary.error);
    const last = take();
    await retrying('ended', async () => {
      await store.putLines(hash, runLog.run, last);
      await store.hostEnded(hash, runLog.run, end.reason);
    });
    return { ...summary, complete: end.complete, reason: end.reason };
  } finally {
    clearInterval(heartbeat);
    cancelSend();
    progress?.stop();
    runLog.log.close();
    await store.close().catch(() => {});
  }
}

/**
 * Records, in this host's log, the attempts another host had in flight on a
 * round whose lease ran out: outcome `interrupted`, counted nowhere.
 */
function recordTakeOver(
  ctx: RunContext,
  runLog: RunLog,
  claim: Claim,
  from: { host: string; run: string },
  /** The `attempt_start` lines of `from` whose attempt never ended there. */
  starts: readonly string[],
): void {
  for (const line of starts) {
    const start = JSON.parse(line) as AttemptStartEvent;
    runLog.log.write(
      interruptedBody(
        ctx,
        start,
        `host ${from.host} stopped renewing its lease while the attempt ran (killed or cut off); ${ctx.host} took the round over`,
      ),
    );
  }
  ctx.options.progress?.note(
    `[${claim.config}] round ${claim.round}: taken over from ${from.host}, whose lease ran out${starts.length ? ` (${starts.length} attempt(s) recorded interrupted)` : ''}`,
  );
}
