/**
 * What a campaign's earlier logs on this host say: the latest run's plan, the
 * rounds it completed, the rounds in flight and what they recorded, the
 * attempts a kill left half-recorded (started but never exited; exited but
 * their crash reports never taken), the configurations the sequential rule
 * stopped, and whether the run ended. `--resume` continues from there; a torn
 * last line left by a kill is cut off first (it is the event in flight, never
 * a completed one).
 */
import { closeSync, ftruncateSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AttemptEvent,
  type AttemptStartEvent,
  type CrashReportsEvent,
  lastNewlineOffset,
  type PlanEvent,
  type RoundEvent,
  type RoundRef,
  type StopEvent,
} from '../store/roundLog.ts';
import { readLogEvents } from './logFile.ts';
import type { AttemptRecord, InFlightRound } from './round.ts';

export interface RunState {
  plan: PlanEvent;
  /** Log files of the run, oldest first (file names). */
  files: string[];
  /** `config#round` of every completed round. */
  done: Set<string>;
  /** Completed rounds, per configuration (for progress and the stop rule). */
  rounds: RoundEvent[];
  /** The attempts of each completed round (by round_uid), with their final outcomes. */
  attempts: Map<string, AttemptRecord[]>;
  stopped: Map<string, StopEvent>;
  complete: boolean;
  /** Rounds started and not completed, per `config#round`: the resumed run continues each. */
  inFlight: Map<string, InFlightRound>;
  /** Attempts whose process started and whose exit was never written (the runner was killed meanwhile). */
  unfinished: AttemptStartEvent[];
  /** Attempts written at their exit whose crash reports were never taken (killed in the settle wait). */
  uncaptured: AttemptEvent[];
  /** Every report taken so far, as `takenKey(original, sha256)`: none is taken twice. */
  taken: Set<string>;
}

/** What identifies a taken crash report: where it was found and its bytes' hash. */
export const takenKey = (original: string, sha256: string) => `${sha256} ${original}`;

export const roundKey = (config: string, round: number) => `${config}#${round}`;

/** Log files of `host` in a campaign folder, oldest first. */
export function hostLogFiles(dir: string, host: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const prefix = `${host}-`;
  return names
    .filter((n) => n.startsWith(prefix) && /^\d{8}T\d{9}Z(-\d+)?\.jsonl$/.test(n.slice(prefix.length)))
    .sort();
}

/** Cuts a torn last line (bytes after the last newline) off a log file. Returns the bytes removed. */
export function cutTornTail(path: string): number {
  const size = statSync(path).size;
  if (size === 0) return 0;
  const fd = openSync(path, 'r+');
  try {
    const keep = lastNewlineOffset(fd, size) + 1;
    if (keep < size) ftruncateSync(fd, keep);
    return size - keep;
  } finally {
    closeSync(fd);
  }
}

/** The latest run of this host in `dir`, or null when there is none. */
export function readRunState(dir: string, host: string): RunState | null {
  const files = hostLogFiles(dir, host);
  let plan: PlanEvent | null = null;
  const eventsByFile = files.map((f) => readLogEvents(join(dir, f)));
  for (const events of eventsByFile) for (const e of events) if (e.type === 'plan') plan = e;
  if (!plan) return null;
  const run = plan.run;
  const state: RunState = {
    plan,
    files: [],
    done: new Set(),
    rounds: [],
    attempts: new Map(),
    stopped: new Map(),
    complete: false,
    inFlight: new Map(),
    unfinished: [],
    uncaptured: [],
    taken: new Set(),
  };
  // Per round_uid, the events of its attempts: starts, exits and crash reports by attempt number.
  const byUid = new Map<string, RoundEvents>();
  const of = (e: RoundRef) => {
    const found = byUid.get(e.round_uid);
    if (found) return found;
    const r: RoundEvents = { ref: e, starts: new Map(), exits: new Map(), reports: new Map(), at: [] };
    byUid.set(e.round_uid, r);
    return r;
  };
  files.forEach((file, i) => {
    const events = eventsByFile[i].filter((e) => e.run === run);
    if (events.length) state.files.push(file);
    for (const e of events) {
      if (e.type === 'attempt_start') setOnce(of(e).starts, e.attempt, e);
      else if (e.type === 'attempt') setOnce(of(e).exits, e.attempt, e);
      else if (e.type === 'crash_reports') setOnce(of(e).reports, e.attempt, e);
      else if (e.type === 'round') {
        const k = roundKey(e.config, e.round);
        if (!state.done.has(k)) state.rounds.push(e);
        state.done.add(k);
      } else if (e.type === 'stop') state.stopped.set(e.config, e);
      else if (e.type === 'end' && e.complete) state.complete = true;
      if ('round_uid' in e && e.type !== 'round') of(e).at.push(Date.parse(e.at));
      if (e.type === 'attempt' || e.type === 'crash_reports')
        for (const r of e.crash_reports ?? []) state.taken.add(takenKey(r.original, r.sha256));
    }
  });
  const completed = new Set(state.rounds.map((r) => r.round_uid));
  for (const [uid, r] of byUid) {
    for (const [n, start] of r.starts) if (!r.exits.has(n)) state.unfinished.push(start);
    for (const [n, exit] of r.exits)
      if (exit.reports_follow && !r.reports.has(n)) state.uncaptured.push(exit);
    const records = [...r.exits.values()]
      .sort((a, b) => a.attempt - b.attempt)
      .map((a) => recordOf(a, r.reports.get(a.attempt)));
    if (completed.has(uid)) {
      state.attempts.set(uid, records);
      continue;
    }
    const k = roundKey(r.ref.config, r.ref.round);
    if (state.done.has(k) || (state.inFlight.get(k)?.try ?? 0) > r.ref.try) continue;
    const starts = [...r.starts.values(), ...r.exits.values()].map((e) => Date.parse(e.started_at));
    const started = Math.min(...starts, ...r.at);
    state.inFlight.set(k, {
      try: r.ref.try,
      round_uid: uid,
      attempts: records,
      started_at: new Date(started),
      elapsed_s: Math.max(0, Math.max(...r.at) - started) / 1000,
    });
  }
  return state;
}

interface RoundEvents {
  ref: RoundRef;
  starts: Map<number, AttemptStartEvent>;
  exits: Map<number, AttemptEvent>;
  reports: Map<number, CrashReportsEvent>;
  /** Times its events were written (ms). */
  at: number[];
}

/** The first event of an attempt number is the one that counts (a log never holds two). */
function setOnce<E>(map: Map<number, E>, n: number, e: E): void {
  if (!map.has(n)) map.set(n, e);
}

/** An attempt as its round counts it, with the outcome its crash reports gave it. */
export function recordOf(a: AttemptEvent, reports?: CrashReportsEvent): AttemptRecord {
  return {
    attempt: a.attempt,
    outcome: reports?.outcome ?? a.outcome,
    retried: a.retried,
    metrics: a.metrics,
    scaling: a.scaling,
  };
}
