/**
 * One round: attempts until one is not retried (or the attempts run out),
 * each recorded as an `attempt` event the moment it ends, then a `round`
 * event. With 3 attempts, "PASS after 2 retries" is crash, crash, pass and
 * "FAIL exhausted" is crash, crash, crash — the team's wrapper semantics.
 */

import type { AttemptEvent, EventBody, RoundEvent, RoundLabels } from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import {
  copyReports,
  newReports,
  type ReportSnapshot,
  snapshotReports,
  watchedFolders,
} from './crashReports.ts';
import type { LogWriter } from './logFile.ts';
import { extractMetrics } from './metrics.ts';
import { classifyAttempt, roundStatus } from './outcome.ts';
import type { Spawner } from './spawn/index.ts';

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
  logDir: string;
  log: LogWriter;
  spawner: Spawner;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** The round's event, or `aborted` when it was interrupted (nothing of the attempt in flight is recorded). */
export type RoundResult =
  | { aborted: false; event: RoundEvent; attempts: AttemptEvent[] }
  | { aborted: true; attempts: AttemptEvent[] };

const TAIL = 2000;

export async function runRound(ctx: RoundContext): Promise<RoundResult> {
  const { campaign } = ctx;
  const maxAttempts = campaign.retry.attempts;
  const capture =
    campaign.crash_reports && watchedFolders(campaign.crash_reports).length > 0
      ? campaign.crash_reports
      : null;
  const wrapper = maxAttempts > 1 ? 'retry' : 'none';
  // What every attempt and round event of this round says of it.
  const ref = {
    config: ctx.config,
    labels: ctx.labels,
    wrapper,
    round: ctx.round,
    try: ctx.try,
    round_uid: ctx.round_uid,
    fingerprint: ctx.fingerprint,
  } as const;
  const roundStart = ctx.now();
  const roundT0 = performance.now();
  const attempts: AttemptEvent[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const before: ReportSnapshot | null = capture ? snapshotReports(capture) : null;
    const startedAt = ctx.now();
    const result = await ctx.spawner.run({
      argv: ctx.argv,
      shell: campaign.shell,
      cwd: campaign.cwdAbs,
      env: { ...ctx.env, ROUNDBOOK_ROUND: String(ctx.round), ROUNDBOOK_ATTEMPT: String(attempt) },
      timeoutMs: campaign.timeout * 1000,
      signal: ctx.signal,
    });
    if (result.aborted || ctx.signal?.aborted) return { aborted: true, attempts };
    let classified = classifyAttempt(result, campaign.pass, campaign.retry, 0);
    let reports: AttemptEvent['crash_reports'] = [];
    if (capture && before && (classified.outcome !== 'pass' || campaign.pass.strict)) {
      await ctx.sleep(capture.settle * 1000, ctx.signal);
      if (ctx.signal?.aborted) return { aborted: true, attempts };
      const tag = `${ctx.config}-r${ctx.round}.${ctx.try}-a${attempt}-${startedAt.getTime()}`;
      reports = copyReports(newReports(capture, before), ctx.logDir, tag);
      classified = classifyAttempt(result, campaign.pass, campaign.retry, reports.length);
    }
    const { metrics, scaling } = extractMetrics(
      campaign.metrics,
      result.stdout,
      result.stderr,
      campaign.cwdAbs,
      startedAt.getTime(),
    );
    const body: EventBody<AttemptEvent> = {
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
      retried: classified.retried && attempt < maxAttempts,
      crash_reports: reports,
      metrics,
      scaling,
      env: ctx.definingEnv,
      output_tail: classified.outcome === 'pass' ? null : tail(result.stdout, result.stderr),
    };
    if (classified.retried && attempt < maxAttempts) {
      attempts.push(ctx.log.write<AttemptEvent>(body));
      await ctx.sleep(campaign.retry.pause * 1000, ctx.signal);
      if (ctx.signal?.aborted) return { aborted: true, attempts };
      continue;
    }
    // The last attempt and the round it ends go out in one write and one flush.
    const all = [...attempts, body];
    const roundBody: EventBody<RoundEvent> = {
      type: 'round',
      ...ref,
      status: roundStatus(classified),
      attempts: all.length,
      crashed_attempts: all.filter((a) => a.outcome === 'crash').length,
      started_at: roundStart.toISOString(),
      duration_s: round6((performance.now() - roundT0) / 1000),
      efficiency_pct: efficiencyOf(body),
    };
    const [attemptEvent, roundEvent] = ctx.log.writeAll<AttemptEvent | RoundEvent>([body, roundBody]);
    attempts.push(attemptEvent as AttemptEvent);
    return { aborted: false, event: roundEvent as RoundEvent, attempts };
  }
  throw new Error('unreachable: a round ends at its last attempt');
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
