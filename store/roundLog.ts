/**
 * The round-log format: JSON Lines, one event per line, each with the schema
 * version `v`, its `type` and its 1-based `seq` in the file. Attempts are raw
 * facts; a `round` event marks a round complete and states its summary. The
 * runner writes these events (runner/logFile.ts); ingest reads them with
 * DuckDB's JSON reader (store/roundEvents.ts says how they are stored).
 */
import { readSync } from 'node:fs';
import type { AttemptOutcome, RoundStatus, Wrapper } from './vocabulary.ts';

/** Bumped when an event changes shape; readers skip events of another version, each with a problem. */
export const ROUND_LOG_VERSION = 1;

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
}

/** The fingerprint of a configuration's environment (probe output, dylib hashes). */
export interface ProbeEvent extends Base {
  type: 'probe';
  config: string;
  fingerprint: string;
  output: string | null;
  files: { env: string; path: string; sha256: string | null }[];
}

interface RoundRef {
  config: string;
  labels: RoundLabels;
  wrapper: Wrapper;
  round: number;
  /** 1 for a round's first execution; a round interrupted and restarted gets the next. */
  try: number;
  round_uid: string;
  fingerprint: string | null;
}

export interface AttemptEvent extends Base, RoundRef {
  type: 'attempt';
  attempt: number;
  started_at: string;
  duration_s: number;
  pid: number | null;
  exit_code: number | null;
  signal: string | null;
  outcome: AttemptOutcome;
  reason: string | null;
  retried: boolean;
  crash_reports: CapturedReport[];
  metrics: Metric[];
  scaling: ScalingPoint[];
  /** Environment variables that define the configuration (campaign + config env). */
  env: Record<string, string>;
  /** Last part of the output, kept for attempts that did not pass. */
  output_tail: string | null;
}

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
  decision: 'accept_p0' | 'accept_p1';
  reason: string;
  rounds: number;
  attempts: number;
  crashes: number;
}

/** Last event of a log file: the run finished, or was interrupted (Ctrl-C). */
export interface EndEvent extends Base {
  type: 'end';
  complete: boolean;
  reason: string;
}

export type LogEvent = PlanEvent | ProbeEvent | AttemptEvent | RoundEvent | StopEvent | EndEvent;

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
