/**
 * The round-log format: JSON Lines, one event per line, each with the schema
 * version `v`, its `type` and its 1-based `seq` in the file. Attempts are raw
 * facts; a `round` event marks a round complete and states its summary. The
 * runner writes these events (runner/logFile.ts); ingest reads them with
 * DuckDB's JSON reader (store/roundEvents.ts says how they are stored).
 *
 * An attempt in version 2 is up to three events, each written the moment its
 * fact is known, so that a runner killed at any instant loses no attempt and
 * never loses failures rather than passes:
 * - `attempt_start`, just before its process is started;
 * - `attempt`, flushed the moment the process exits, before any settle wait
 *   (`reports_follow` says whether crash reports are still to be taken);
 * - `crash_reports`, the reports it left, once the settle wait is over (or,
 *   when the runner was killed in that wait, by the resumed run).
 * A resumed run records an `attempt_start` without its `attempt` as an
 * attempt of outcome `interrupted`, and continues the round it belonged to.
 *
 * Version 1 (the runner before it) wrote an attempt once, after the settle
 * wait, with its crash reports inline, and nothing of an attempt in flight.
 * Both versions are read (`READ_ROUND_LOG_VERSIONS`).
 */
import { readSync } from 'node:fs';
import type { AttemptOutcome, RoundStatus, Wrapper } from './vocabulary.ts';

/** The version written; bumped when an event changes shape or meaning. */
export const ROUND_LOG_VERSION = 2;

/** The versions read; a reader skips events of any other version, each with a problem. */
export const READ_ROUND_LOG_VERSIONS: readonly number[] = [1, 2];

/** How a campaign's rounds are ordered: configurations interleaved, shuffled per block, or one after another. */
export const ORDERS = ['interleaved', 'randomized', 'blocked'] as const;
export type Order = (typeof ORDERS)[number];

/** One planned round: configuration name and its 1-based round number within that configuration. */
export interface PlannedRound {
  config: string;
  round: number;
}

/** A shard: the `index`-th (1-based) of `count` slices. */
export interface Shard {
  index: number;
  count: number;
}

/** Labels recorded with every round of a configuration. */
export interface RoundLabels {
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  /** Which test runs (`complete_story`, `torch_story`, …); absent in logs written before it was recorded. */
  workload?: string | null;
  /** How the test serialises its GPU work (`none`, `python_lock`, `semaphore(1)`, …). */
  serialised?: string | null;
}

/** A crash report an attempt left, as copied beside the log. */
export interface CapturedReport {
  /** Path of the copy, relative to the campaign's log folder. */
  file: string;
  /** Where the report was found. */
  original: string;
  sha256: string;
}

/** A measurement read from an attempt's output. */
export interface Metric {
  name: string;
  value: number;
  threads: number | null;
  unit: string | null;
  /** Where it was read: `regex`, `table` or `json`. */
  from: 'regex' | 'table' | 'json';
}

/** One row of a thread-scaling table. */
export interface ScalingPoint {
  threads: number;
  throughput: number | null;
  speedup: number | null;
  efficiency_pct: number | null;
}

interface Base {
  v: number;
  seq: number;
  campaign: string;
  /** Identity of a campaign run on a host: `<host>-<start>` of its first log file (kept across resumes). */
  run: string;
  host: string;
  /** Wall-clock time the event was written (ISO). */
  at: string;
}

/** First event of every log file: what will be run, in which order. */
export interface PlanEvent extends Base {
  type: 'plan';
  order: Order;
  seed: number;
  shard: Shard;
  /** This host's slice of the plan, in order. */
  plan: PlannedRound[];
  /** The log files of the same run this one continues (`--resume`). */
  resumes: string[];
  campaign_file: string;
  campaign_sha256: string;
  configs: Record<string, { labels: RoundLabels; env: Record<string, string>; args: string[] }>;
  retry_attempts: number;
  /**
   * A fleet host's run (`run --fleet`): the campaign's hash in the fleet
   * database and the lease; `plan` is then the whole campaign's, of which this
   * host runs the rounds it claims.
   */
  fleet?: { campaign_hash: string; lease_s: number };
}

/** The fingerprint of a configuration's environment (probe output, dylib hashes). */
export interface ProbeEvent extends Base {
  type: 'probe';
  config: string;
  fingerprint: string;
  output: string | null;
  files: { env: string; path: string; sha256: string | null }[];
}

/** What every event of a round says of it. */
export interface RoundRef {
  config: string;
  labels: RoundLabels;
  wrapper: Wrapper;
  round: number;
  /** 1 for a round's first execution; a round interrupted and restarted gets the next. */
  try: number;
  round_uid: string;
  fingerprint: string | null;
}

/** An attempt's process is about to start (written before it is started; version 2). */
export interface AttemptStartEvent extends Base, RoundRef {
  type: 'attempt_start';
  attempt: number;
  started_at: string;
}

/**
 * How an attempt's process ended, written when it exits. An attempt whose
 * process never got to exit is written by the resumed run, with outcome
 * `interrupted` and nulls for what nobody saw (duration, pid, exit status).
 */
export interface AttemptEvent extends Base, RoundRef {
  type: 'attempt';
  attempt: number;
  started_at: string;
  duration_s: number | null;
  pid: number | null;
  exit_code: number | null;
  signal: string | null;
  /** The outcome at exit; a `crash_reports` event may revise it (strict: an exit 0 that left a report fails). */
  outcome: AttemptOutcome;
  reason: string | null;
  retried: boolean;
  /** Version 2: a `crash_reports` event for this attempt follows, after the settle wait. */
  reports_follow?: boolean;
  /** Version 1 only: the reports the attempt left (version 2 writes them in a `crash_reports` event). */
  crash_reports?: CapturedReport[];
  /** Version 2: processes the attempt left running outside its process group, killed (`<pid> <name>`). */
  leftovers?: string[];
  metrics: Metric[];
  scaling: ScalingPoint[];
  /** Environment variables that define the configuration (campaign + config env). */
  env: Record<string, string>;
  /** Last part of the output, kept for attempts that did not pass. */
  output_tail: string | null;
}

/** The crash reports an attempt left, taken after the settle wait that follows its exit (version 2). */
export interface CrashReportsEvent extends Base, RoundRef {
  type: 'crash_reports';
  attempt: number;
  crash_reports: CapturedReport[];
  /** The attempt's outcome when the reports change it (strict: an exit 0 that left a report fails), else null. */
  outcome: AttemptOutcome | null;
  reason: string | null;
  /** Taken after the settle wait (`settle`), or by the resumed run of a runner killed in that wait (`resume`). */
  taken: 'settle' | 'resume';
}

/**
 * A round is complete: its status and counts. `attempts` counts the attempts
 * that spend the retry budget (not those `interrupted` or in `error`).
 */
export interface RoundEvent extends Base, RoundRef {
  type: 'round';
  status: RoundStatus;
  attempts: number;
  crashed_attempts: number;
  started_at: string;
  duration_s: number;
  efficiency_pct: number | null;
}

/** A configuration stopped early by the sequential rule. */
export interface StopEvent extends Base {
  type: 'stop';
  config: string;
  /** `safe` / `unsafe` by the always-valid procedure; `accept_p0` / `accept_p1` in logs of the retired SPRT rule. */
  decision: 'safe' | 'unsafe' | 'accept_p0' | 'accept_p1';
  reason: string;
  rounds: number;
  attempts: number;
  crashes: number;
  /** Attempts that did not pass (crash, hang, wrong result): what the procedure judged (absent in older logs). */
  failures?: number;
}

/** Last event of a log file: the run finished, or was interrupted (Ctrl-C). */
export interface EndEvent extends Base {
  type: 'end';
  complete: boolean;
  reason: string;
}

export type LogEvent =
  | PlanEvent
  | ProbeEvent
  | AttemptStartEvent
  | AttemptEvent
  | CrashReportsEvent
  | RoundEvent
  | StopEvent
  | EndEvent;

/** An event before the writer fills in the common fields. */
export type EventBody<E extends LogEvent = LogEvent> = E extends LogEvent ? Omit<E, keyof Base> : never;

/**
 * Offset of the last newline in the first `size` bytes of an open file, or -1:
 * the complete lines of a log end there, a torn last line starts after it.
 * Reads backwards in 64 KB steps.
 */
export function lastNewlineOffset(fd: number, size: number): number {
  const buf = Buffer.alloc(Math.min(65536, Math.max(1, size)));
  let pos = size;
  while (pos > 0) {
    const len = Math.min(buf.length, pos);
    pos -= len;
    readSync(fd, buf, 0, len, pos);
    const i = buf.subarray(0, len).lastIndexOf(10);
    if (i >= 0) return pos + i;
  }
  return -1;
}
