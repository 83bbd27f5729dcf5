/**
 * What a campaign's earlier logs on this host say: the latest run's plan, the
 * rounds it completed, how often each was started, the configurations the
 * sequential rule stopped, and whether the run ended. `--resume` continues
 * from there; a torn last line left by a kill is cut off first (it is the
 * event in flight, never a completed one).
 */
import { closeSync, ftruncateSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptEvent, PlanEvent, RoundEvent, StopEvent } from '../store/roundLog.ts';
import { lastNewlineOffset } from '../store/roundLog.ts';
import { readLogEvents } from './logFile.ts';

export interface RunState {
  plan: PlanEvent;
  /** Log files of the run, oldest first (file names). */
  files: string[];
  /** `config#round` of every completed round. */
  done: Set<string>;
  /** Highest try started per `config#round` (completed or not). */
  tries: Map<string, number>;
  /** Completed rounds and attempts, per configuration (for progress and the stop rule). */
  rounds: RoundEvent[];
  attempts: AttemptEvent[];
  stopped: Map<string, StopEvent>;
  complete: boolean;
}

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
    tries: new Map(),
    rounds: [],
    attempts: [],
    stopped: new Map(),
    complete: false,
  };
  files.forEach((file, i) => {
    const events = eventsByFile[i].filter((e) => e.run === run);
    if (events.length) state.files.push(file);
    for (const e of events) {
      if (e.type === 'attempt') {
        const k = roundKey(e.config, e.round);
        state.tries.set(k, Math.max(state.tries.get(k) ?? 0, e.try));
        state.attempts.push(e);
      } else if (e.type === 'round') {
        const k = roundKey(e.config, e.round);
        state.tries.set(k, Math.max(state.tries.get(k) ?? 0, e.try));
        if (!state.done.has(k)) state.rounds.push(e);
        state.done.add(k);
      } else if (e.type === 'stop') state.stopped.set(e.config, e);
      else if (e.type === 'end' && e.complete) state.complete = true;
    }
  });
  // Attempts of rounds that never completed stay in the log but count for nothing here.
  const completedUids = new Set(state.rounds.map((r) => r.round_uid));
  state.attempts = state.attempts.filter((a) => completedUids.has(a.round_uid));
  return state;
}
