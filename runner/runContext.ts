/**
 * What every step of a run shares: the campaign, this host's name and log
 * folder, and the side effects (spawning, the clock, sleeping). The effects
 * come in through `RunOptions`, so that tests can use fakes; the defaults are
 * the real ones.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Shard } from '../store/roundLog.ts';
import type { Campaign } from './campaign.ts';
import type { ProgressSink } from './progress.ts';
import { processSpawner, type Spawner } from './spawn/index.ts';

/** How a host joins a fleet (runner/fleet/). */
export interface FleetOptions {
  /** The connection string (already resolved: never logged). */
  url: string;
  /** Seconds a claimed round stays this host's without a heartbeat (default 30). */
  lease_s?: number;
  /** Milliseconds between polls when every open round is leased by others (default lease/6, at most 1 s). */
  poll_ms?: number;
}

/** How to run a campaign: where to log, resume or plan only, and the side effects to use. */
export interface RunOptions {
  /** Root of the round logs (default `data/rounds`). */
  logsRoot?: string;
  /** Continue this host's latest run of the campaign. */
  resume?: boolean;
  /** Only plan: nothing is run or written. */
  dryRun?: boolean;
  /** This host's slice of the plan (default: the campaign's `shard`, else 1/1). */
  shard?: Shard;
  /** Host name used in file names and events (default: this machine's, sanitised). */
  host?: string;
  /** Aborting stops the run after recording what finished (Ctrl-C). */
  signal?: AbortSignal;
  /** Runs the attempts and probes (default `processSpawner`). */
  spawner?: Spawner;
  /** The clock of every event and file name. */
  now?: () => Date;
  /** Pauses between attempts and before crash capture (default: an abortable `setTimeout`). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Where progress goes (default: nowhere). */
  progress?: ProgressSink;
  /** Run as one host of a fleet coordinated through PostgreSQL (runner/fleet/). */
  fleet?: FleetOptions;
}

/** A run's campaign, options and resolved effects, handed to each step. */
export interface RunContext {
  campaign: Campaign;
  options: RunOptions;
  /** This host's name, safe for file names. */
  host: string;
  /** The campaign's log folder, `<logsRoot>/<campaign>`. */
  dir: string;
  spawner: Spawner;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The context of a run of `campaign`: the options' effects, or the real ones
 * where none is given.
 *
 * @example runContext(campaign, { logsRoot: 'data/rounds', host: 'mac1' }).dir // 'data/rounds/demo'
 */
export function runContext(campaign: Campaign, options: RunOptions): RunContext {
  return {
    campaign,
    options,
    host: safeHost(options.host ?? hostname()),
    dir: join(options.logsRoot ?? 'data/rounds', campaign.name),
    spawner: options.spawner ?? processSpawner,
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? sleep,
  };
}

/**
 * Host name safe for file names: letters, digits, `.`, `_`; everything else
 * becomes `_`, a leading dot too; an empty name becomes `host`.
 *
 * @example safeHost('Jane’s Mac') // 'Jane_s_Mac'
 */
export function safeHost(name: string): string {
  return name.replace(/[^A-Za-z0-9._]/g, '_').replace(/^\.+/, '_') || 'host';
}

/** Sleeps `ms`, returning at once when `signal` aborts (or already has, or `ms` ≤ 0). */
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
