/**
 * The first step of a resumed run once its log is open: recording what the
 * killed runner left half-recorded, so that no attempt is lost and no
 * failure is dropped for being slower to record than a pass.
 * - An attempt whose process started and whose exit was never written is an
 *   attempt of outcome `interrupted` (killed with the runner).
 * - An attempt written at its exit whose settle wait never ended gets its
 *   crash reports now: after what is left of its window (its start … its
 *   exit + settle), the reports written in that window and taken by no other
 *   attempt, in a `crash_reports` event (`taken: 'resume'`).
 * The rounds in flight of the resumed state see both, and continue from there.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type {
  AttemptEvent,
  AttemptStartEvent,
  CrashReportsEvent,
  EventBody,
  RoundRef,
} from '../store/roundLog.ts';
import { definingEnv } from './childEnv.ts';
import { copyReports, copyTag, reportsWrittenBetween, watchedFolders } from './crashReports.ts';
import type { LogWriter } from './logFile.ts';
import { outcomeWithReports } from './outcome.ts';
import { type RunState, roundKey, takenKey } from './resume.ts';
import { crashReportsBody } from './round.ts';
import type { RunContext } from './runContext.ts';

/** What recovering did: attempts recorded `interrupted`, and attempts whose reports were taken late. */
export interface Recovered {
  interrupted: number;
  captured: number;
}

/**
 * Records the resumed run's half-recorded attempts (see the module's doc) in
 * `log` and in `state`'s rounds in flight. An abort while waiting out a
 * settle window leaves the reports to the next resume.
 */
export async function recoverAttempts(ctx: RunContext, state: RunState, log: LogWriter): Promise<Recovered> {
  for (const start of state.unfinished) {
    log.write<AttemptEvent>(interruptedBody(ctx, start));
    const round = state.inFlight.get(roundKey(start.config, start.round));
    if (round?.round_uid === start.round_uid) {
      round.attempts.push({
        attempt: start.attempt,
        outcome: 'interrupted',
        retried: false,
        metrics: [],
        scaling: [],
      });
      round.attempts.sort((a, b) => a.attempt - b.attempt);
    }
  }
  const spec = ctx.campaign.crash_reports;
  const capture = spec && watchedFolders(spec).length > 0 ? spec : null;
  const windows = state.uncaptured
    .map((a) => ({ a, from: Date.parse(a.started_at), to: Date.parse(a.at) + (capture?.settle ?? 0) * 1000 }))
    .sort((x, y) => x.from - y.from);
  if (windows.length === 0) return { interrupted: state.unfinished.length, captured: 0 };
  // Reports may still land until the last window closes.
  const wait = Math.max(...windows.map((w) => w.to)) - ctx.now().getTime();
  await ctx.sleep(wait, ctx.options.signal);
  if (ctx.options.signal?.aborted) return { interrupted: state.unfinished.length, captured: 0 };
  for (const { a, from, to } of windows) {
    const found = capture
      ? reportsWrittenBetween(capture, from, to).filter((p) => !state.taken.has(takenKey(p, sha256Of(p))))
      : [];
    const reports = copyReports(found, ctx.dir, copyTag(a, a.attempt, from));
    for (const r of reports) state.taken.add(takenKey(r.original, r.sha256));
    const revised = outcomeWithReports(a.outcome, ctx.campaign.pass, reports.length);
    log.write<CrashReportsEvent>(crashReportsBody(refOf(a), a.attempt, reports, revised, 'resume'));
    const round = state.inFlight.get(roundKey(a.config, a.round));
    const record =
      round?.round_uid === a.round_uid ? round.attempts.find((r) => r.attempt === a.attempt) : null;
    if (record && revised) record.outcome = revised.outcome;
  }
  return { interrupted: state.unfinished.length, captured: windows.length };
}

/** The attempt event of an attempt whose process started and whose exit nobody saw. */
export function interruptedBody(
  { campaign }: Pick<RunContext, 'campaign'>,
  start: AttemptStartEvent,
  reason = 'the runner was killed while the attempt ran: no exit was recorded',
): EventBody<AttemptEvent> {
  return {
    type: 'attempt',
    ...refOf(start),
    attempt: start.attempt,
    started_at: start.started_at,
    duration_s: null,
    pid: null,
    exit_code: null,
    signal: null,
    outcome: 'interrupted',
    reason,
    retried: false,
    reports_follow: false,
    leftovers: [],
    metrics: [],
    scaling: [],
    env: campaign.configs[start.config] ? definingEnv(campaign, start.config) : {},
    output_tail: null,
  };
}

/** The round fields of an event. */
function refOf(e: RoundRef): RoundRef {
  const { config, labels, wrapper, round, try: tryNo, round_uid, fingerprint } = e;
  return { config, labels, wrapper, round, try: tryNo, round_uid, fingerprint };
}

/** sha256 of a file's bytes ('' when it cannot be read). */
function sha256Of(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}
