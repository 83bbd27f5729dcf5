/**
 * One round: attempts until one is not retried (or the attempts run out),
 * then a `round` event. With 3 attempts, "PASS after 2 retries" is crash,
 * crash, pass and "FAIL exhausted" is crash, crash, crash — the team's
 * wrapper semantics.
 *
 * Each fact is written the moment it is known (store/roundLog.ts): an
 * `attempt_start` before the process starts, the `attempt` flushed when it
 * exits, before any settle wait, and the crash reports it left in a
 * `crash_reports` event once the wait is over. A runner killed at any instant
 * so loses no attempt, and never a failure rather than a pass: a resumed run
 * records the attempt in flight as `interrupted`, takes the reports of an
 * unfinished settle wait (runner/recoverAttempts.ts) and continues the round
 * where it stopped (`inFlight`).
 */

import type {
  AttemptEvent,
  AttemptStartEvent,
  CrashReportsEvent,
  EventBody,
  RoundEvent,
  RoundLabels,
  RoundRef,
} from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import { copyReports, copyTag, newReports, snapshotReports, watchedFolders } from './crashReports.ts';
import type { LogWriter, PreparedEvent } from './logFile.ts';
import { extractMetrics } from './metrics.ts';
import {
  type Classified,
  classifyAttempt,
  outcomeWithReports,
  roundStatus,
  spendsAttempt,
} from './outcome.ts';
import type { Spawner, SpawnResult } from './spawn/index.ts';

/** An attempt as its round counts it: number, final outcome, whether it is retried, what it measured. */
export type AttemptRecord = Pick<AttemptEvent, 'attempt' | 'outcome' | 'retried' | 'metrics' | 'scaling'> & {
  /** Processes it left running outside its group, killed (`<pid> <name>`). */
  leftovers?: string[];
};

/** A round an earlier run of the campaign started and did not complete: the resumed run continues it. */
export interface InFlightRound {
  try: number;
  round_uid: string;
  /** Its attempts so far, in order, with their final outcomes. */
  attempts: AttemptRecord[];
  started_at: Date;
  /** Seconds it had run when the runner stopped. */
  elapsed_s: number;
}

/** Everything a round needs; side effects (spawning, clock, sleeping) come in here. */
export interface RoundContext {
  campaign: Campaign;
  config: string;
  labels: RoundLabels;
  /** The complete child environment. */
  env: Record<string, string>;
  /** The variables that define the configuration (recorded with each attempt). */
  definingEnv: Record<string, string>;
  argv: string[];
  round: number;
  try: number;
  round_uid: string;
  fingerprint: string | null;
  /** What an earlier run recorded of this round (null: a round not started before). */
  inFlight?: InFlightRound | null;
  logDir: string;
  log: LogWriter;
  spawner: Spawner;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /**
   * Write the round's last attempt (or crash reports) but not its `round` event: the result carries it
   * prepared (`held`), for a fleet host to write once the fleet database has counted the round.
   */
  holdRound?: boolean;
}

/**
 * How a round ended: `complete` (its `round` event written), `aborted` (Ctrl-C:
 * the attempt in flight is recorded `interrupted`; resume continues the round)
 * or `error` (an attempt could not start: recorded, and the run stops). `ran`
 * counts the processes this call started.
 */
export type RoundResult =
  | {
      end: 'complete';
      event: RoundEvent;
      attempts: AttemptRecord[];
      ran: number;
      held?: PreparedEvent<RoundEvent>;
    }
  | { end: 'aborted'; attempts: AttemptRecord[]; ran: number }
  | { end: 'error'; reason: string; attempts: AttemptRecord[]; ran: number };

const TAIL = 2000;

export async function runRound(ctx: RoundContext): Promise<RoundResult> {
  const { campaign } = ctx;
  const maxAttempts = campaign.retry.attempts;
  const capture =
    campaign.crash_reports && watchedFolders(campaign.crash_reports).length > 0
      ? campaign.crash_reports
      : null;
  const wrapper = maxAttempts > 1 ? 'retry' : 'none';
  // What every event of this round says of it.
  const ref = {
    config: ctx.config,
    labels: ctx.labels,
    wrapper,
    round: ctx.round,
    try: ctx.try,
    round_uid: ctx.round_uid,
    fingerprint: ctx.fingerprint,
  } as const;
  const records: AttemptRecord[] = [...(ctx.inFlight?.attempts ?? [])];
  const roundStart = ctx.inFlight?.started_at ?? ctx.now();
  const elapsedBefore = ctx.inFlight?.elapsed_s ?? 0;
  const t0 = performance.now();
  let ran = 0;
  const roundBody = (): EventBody<RoundEvent> => {
    const spent = records.filter((a) => spendsAttempt(a.outcome));
    const last = spent[spent.length - 1];
    return {
      type: 'round',
      ...ref,
      status: roundStatus(last.outcome),
      attempts: spent.length,
      crashed_attempts: spent.filter((a) => a.outcome === 'crash').length,
      started_at: roundStart.toISOString(),
      duration_s: round6(elapsedBefore + (performance.now() - t0) / 1000),
      efficiency_pct: efficiencyOf(last),
    };
  };
  const complete = (event: RoundEvent): RoundResult => ({ end: 'complete', event, attempts: records, ran });
  /** Writes `last` (the round's last attempt or its crash reports) and its round event, or with `holdRound` only `last`. */
  const finish = (last: EventBody<AttemptEvent> | EventBody<CrashReportsEvent>): RoundResult => {
    if (!ctx.holdRound)
      return complete(
        ctx.log.writeAll<AttemptEvent | CrashReportsEvent | RoundEvent>([last, roundBody()])[1] as RoundEvent,
      );
    ctx.log.write<AttemptEvent | CrashReportsEvent>(last);
    const held = ctx.log.prepare<RoundEvent>(roundBody());
    return { end: 'complete', event: held.event, attempts: records, ran, held };
  };
  const aborted = (): RoundResult => ({ end: 'aborted', attempts: records, ran });

  // A round continued after a kill may have nothing left to run but its `round` event.
  const lastSpent = records.filter((a) => spendsAttempt(a.outcome)).pop();
  if (lastSpent && !lastSpent.retried) return complete(ctx.log.write<RoundEvent>(roundBody()));

  for (let attempt = (records[records.length - 1]?.attempt ?? 0) + 1; ; attempt++) {
    const spentBefore = records.filter((a) => spendsAttempt(a.outcome)).length;
    const before = capture ? snapshotReports(capture) : null;
    const startedAt = ctx.now();
    ctx.log.write<AttemptStartEvent>(
      { type: 'attempt_start', ...ref, attempt, started_at: startedAt.toISOString() },
      { flush: false },
    );
    const result = await ctx.spawner.run({
      argv: ctx.argv,
      shell: campaign.shell,
      cwd: campaign.cwdAbs,
      env: { ...ctx.env, ROUNDBOOK_ROUND: String(ctx.round), ROUNDBOOK_ATTEMPT: String(attempt) },
      timeoutMs: campaign.timeout * 1000,
      signal: ctx.signal,
    });
    ran++;
    const classified: Classified = result.aborted
      ? { outcome: 'interrupted', reason: 'killed with the runner', crashSignal: null, retried: false }
      : classifyAttempt(result, campaign.pass, campaign.retry, 0);
    const retried = classified.retried && spentBefore + 1 < maxAttempts;
    const follows =
      capture !== null &&
      (['crash', 'fail', 'timeout'].includes(classified.outcome) ||
        (classified.outcome === 'pass' && campaign.pass.strict));
    const body = attemptBody(ctx, ref, attempt, startedAt, result, classified, retried, follows);
    const record: AttemptRecord = {
      attempt,
      outcome: classified.outcome,
      retried,
      metrics: body.metrics,
      scaling: body.scaling,
      leftovers: result.leftovers,
    };
    records.push(record);
    const ends = spendsAttempt(classified.outcome) && !retried;
    // The attempt is on disk the moment its process has exited; the last one that needs no
    // settle wait goes out with its round in one write and one flush.
    if (ends && !follows) return finish(body);
    ctx.log.write<AttemptEvent>(body);
    if (classified.outcome === 'interrupted') return aborted();
    if (classified.outcome === 'error')
      return { end: 'error', reason: classified.reason ?? 'could not start', attempts: records, ran };
    if (follows && capture && before) {
      // A kill or Ctrl-C in this wait leaves the reports to the resumed run (runner/recoverAttempts.ts).
      await ctx.sleep(capture.settle * 1000, ctx.signal);
      if (ctx.signal?.aborted) return aborted();
      const tag = copyTag(ref, attempt, startedAt.getTime());
      const reports = copyReports(newReports(capture, before), ctx.logDir, tag);
      const revised = outcomeWithReports(classified.outcome, campaign.pass, reports.length);
      const event = crashReportsBody(ref, attempt, reports, revised, 'settle');
      record.outcome = event.outcome ?? record.outcome;
      if (ends) return finish(event);
      ctx.log.write<CrashReportsEvent>(event);
    } else if (ctx.signal?.aborted) return aborted();
    await ctx.sleep(campaign.retry.pause * 1000, ctx.signal);
    if (ctx.signal?.aborted) return aborted();
  }
}

/** The `attempt` event of an attempt whose process has ended: how, and what it measured. */
function attemptBody(
  ctx: RoundContext,
  ref: RoundRef,
  attempt: number,
  startedAt: Date,
  result: SpawnResult,
  classified: Classified,
  retried: boolean,
  follows: boolean,
): EventBody<AttemptEvent> {
  const { campaign } = ctx;
  const { metrics, scaling } = extractMetrics(
    campaign.metrics,
    result.stdout,
    result.stderr,
    campaign.cwdAbs,
    startedAt.getTime(),
  );
  return {
    type: 'attempt',
    ...ref,
    attempt,
    started_at: startedAt.toISOString(),
    duration_s: round6(result.durationMs / 1000),
    pid: result.pid,
    exit_code: result.exitCode,
    signal: result.signal,
    outcome: classified.outcome,
    reason: classified.reason,
    retried,
    reports_follow: follows,
    leftovers: result.leftovers,
    metrics,
    scaling,
    env: ctx.definingEnv,
    output_tail: classified.outcome === 'pass' ? null : tail(result.stdout, result.stderr),
  };
}

/** The `crash_reports` event of an attempt: the reports it left, and the outcome they give it. */
export function crashReportsBody(
  ref: RoundRef,
  attempt: number,
  reports: CrashReportsEvent['crash_reports'],
  revised: Pick<Classified, 'outcome' | 'reason'> | null,
  taken: CrashReportsEvent['taken'],
): EventBody<CrashReportsEvent> {
  return {
    type: 'crash_reports',
    ...ref,
    attempt,
    crash_reports: reports,
    outcome: revised?.outcome ?? null,
    reason: revised?.reason ?? null,
    taken,
  };
}

/** Efficiency of an attempt: the `efficiency_pct` metric at the most threads, else the table's last row. */
export function efficiencyOf(a: Pick<AttemptEvent, 'metrics' | 'scaling'>): number | null {
  const m = a.metrics
    .filter((x) => x.name === 'efficiency_pct')
    .sort((x, y) => (y.threads ?? 0) - (x.threads ?? 0))[0];
  if (m) return m.value;
  const s = a.scaling.filter((p) => p.efficiency_pct != null).sort((x, y) => y.threads - x.threads)[0];
  return s?.efficiency_pct ?? null;
}

function tail(stdout: string, stderr: string): string {
  const text = `${stdout}${stderr ? `\n[stderr]\n${stderr}` : ''}`;
  return text.length > TAIL ? `…${text.slice(-TAIL)}` : text;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
