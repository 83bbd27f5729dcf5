/**
 * Progress of a campaign per configuration: rounds done of planned, passes,
 * crashes, the live crash rate per attempt with its 95% Wilson interval,
 * elapsed time and ETA. On a terminal, one live bar per configuration
 * (cli-progress); otherwise one plain line per completed round.
 */
import cliProgress from 'cli-progress';
import { formatPercent } from '../analysis/stats/index.ts';
import type { Tally } from './tally.ts';
import { wilson } from './wilson.ts';

export interface ProgressSink {
  start(tallies: ReadonlyMap<string, Tally>): void;
  /** After each completed round of `config`; `eta_s` is the whole run's. */
  update(config: string, tally: Tally, elapsed_s: number, eta_s: number | null): void;
  /** A line that is not a progress update (stop decisions, notes). */
  note(text: string): void;
  /** A fleet host: the whole campaign's rounds done and planned, and the hosts running it. */
  fleet?(campaign: { done: number; planned: number; hosts: number }): void;
  stop(): void;
}

/** `12.5% [4.1–30.2%]` */
export function rateText(t: Tally): string {
  const w = wilson(t.crashes, t.attempts);
  const pct = (x: number) => formatPercent(x);
  return `${pct(w.estimate)} [${pct(w.lower)}–${pct(w.upper)}]`;
}

/** `1m05s` */
export function durationText(s: number | null): string {
  if (s == null || !Number.isFinite(s)) return '?';
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** One plain line for a configuration's tally. */
export function tallyLine(config: string, t: Tally, elapsed_s: number, eta_s: number | null): string {
  const stop = t.stopped ? ` — stopped: ${t.stopped}` : '';
  return `[${config}] rounds ${t.rounds}/${t.planned}  passes ${t.passes}  crashes ${t.crashes}/${t.attempts} attempts  crash rate ${rateText(t)}  elapsed ${durationText(elapsed_s)}  ETA ${durationText(eta_s)}${stop}`;
}

/** Plain lines, for logs and pipes. */
export function plainProgress(write: (s: string) => void = (s) => process.stderr.write(s)): ProgressSink {
  return {
    start(tallies) {
      for (const [name, t] of tallies) write(`${tallyLine(name, t, 0, null)}\n`);
    },
    update(config, tally, elapsed, eta) {
      write(`${tallyLine(config, tally, elapsed, eta)}\n`);
    },
    note(text) {
      write(`${text}\n`);
    },
    stop() {},
  };
}

/** Live bars on a terminal, one per configuration. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      format:
        ' {name} {bar} {value}/{total} rounds | passes {passes} | crashes {crashes}/{attempts} | rate {rate} | {elapsed} | ETA {eta_text}{stopped}',
      barsize: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const payload = (name: string, t: Tally, elapsed: number, eta: number | null) => ({
    name: name.padEnd(12),
    passes: t.passes,
    crashes: t.crashes,
    attempts: t.attempts,
    rate: rateText(t),
    elapsed: durationText(elapsed),
    eta_text: durationText(eta),
    stopped: t.stopped ? ` | stopped: ${t.stopped}` : '',
  });
  return {
    start(tallies) {
      for (const [name, t] of tallies)
        bars.set(name, multi.create(t.planned, t.rounds, payload(name, t, 0, null)));
    },
    update(config, t, elapsed, eta) {
      bars.get(config)?.update(t.rounds, payload(config, t, elapsed, eta));
      for (const [name, bar] of bars)
        if (name !== config) bar.update({ elapsed: durationText(elapsed), eta_text: durationText(eta) });
    },
    note(text) {
      multi.log(`${text}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}

/** Bars on a TTY, plain lines otherwise. */
export function autoProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? terminalProgress(stream) : plainProgress((s) => stream.write(s));
}
