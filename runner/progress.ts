/**
 * Progress of a campaign per configuration: the live failure rate per
 * attempt with its 95% Wilson interval first, then rounds done of planned,
 * passes, failed attempts, elapsed time and ETA. On a terminal, one live bar
 * per configuration (cli-progress), fitted to the terminal's width by
 * dropping the least needed fields whole (never cutting a number), in colour
 * when the terminal has it; otherwise one plain line per completed round.
 */
import cliProgress from 'cli-progress';
import { formatPercent } from '../analysis/stats/index.ts';
import type { Tally } from './tally.ts';
import { colourFor } from './terminalColour.ts';
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

/**
 * The failure rate per attempt (every attempt that did not pass: crash, hang, wrong result) with its 95% Wilson interval.
 *
 * @example rateText({...emptyTally(10), attempts: 3, failures: 2}) // '66.7% [20.8–93.9%]'
 */
export function rateText(t: Tally): string {
  const w = wilson(t.failures, t.attempts);
  return `${formatPercent(w.estimate)} [${formatPercent(w.lower)}–${formatPercent(w.upper)}]`;
}

/**
 * A duration in seconds, short.
 *
 * @example durationText(65) // '1m05s'
 */
export function durationText(s: number | null): string {
  if (s == null || !Number.isFinite(s)) return '?';
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** The bar's priority: the first field dropped. */
const BAR_PRIORITY = 9;

/** One piece of a progress line: its text, its colour role, and how much it is needed (0 most; dropped highest first). */
export interface ProgressField {
  text: string;
  priority: number;
  role?: 'name' | 'bad' | 'good' | 'dim';
}

/**
 * The fields of a configuration's progress line, in display order: name, failure rate and its interval, rounds
 * (with a bar of `bar` cells when `bar` > 0), passes, failed attempts, elapsed, ETA, why it stopped.
 */
export function progressFields(
  config: string,
  t: Tally,
  elapsed_s: number,
  eta_s: number | null,
  bar = 0,
): ProgressField[] {
  const w = wilson(t.failures, t.attempts);
  const filled = t.planned > 0 ? Math.round((bar * Math.min(t.rounds, t.planned)) / t.planned) : 0;
  const fields: ProgressField[] = [
    { text: config, priority: 0, role: 'name' },
    {
      text: `failed ${formatPercent(w.estimate)}`,
      priority: 0,
      role: t.attempts === 0 ? 'dim' : t.failures > 0 ? 'bad' : 'good',
    },
    { text: `[${formatPercent(w.lower)}–${formatPercent(w.upper)}]`, priority: 2, role: 'dim' },
    { text: `${t.rounds}/${t.planned} rounds`, priority: 1 },
  ];
  if (bar > 0)
    fields.push({ text: `${'█'.repeat(filled)}${'░'.repeat(bar - filled)}`, priority: BAR_PRIORITY });
  fields.push(
    { text: `${t.passes} passed`, priority: 4 },
    { text: `${t.failures}/${t.attempts} attempts failed`, priority: 5 },
    { text: durationText(elapsed_s), priority: 6, role: 'dim' },
    { text: `ETA ${durationText(eta_s)}`, priority: 3 },
  );
  if (t.stopped) fields.push({ text: `stopped: ${t.stopped}`, priority: 1 });
  return fields;
}

/** Characters a terminal shows for `s` (code points; the fields are plain text). */
const visible = (s: string) => [...s].length;

/**
 * The fields that fit in `width` columns joined by `sep`: the least needed dropped whole, the last listed first among
 * equals, until the line fits; a field of priority 0 is never dropped (a line too narrow for those is cut, at its end).
 *
 * @example fitFields([{text: 'a', priority: 0}, {text: 'bbbb', priority: 1}], 5, ' | ') // [{text: 'a', priority: 0}]
 */
export function fitFields(fields: readonly ProgressField[], width: number, sep = ' │ '): ProgressField[] {
  const kept = [...fields];
  const length = () =>
    kept.reduce((n, f) => n + visible(f.text), 0) + visible(sep) * Math.max(0, kept.length - 1);
  while (length() > width) {
    let drop = -1;
    for (let i = 0; i < kept.length; i++)
      if (kept[i].priority > 0 && (drop < 0 || kept[i].priority >= kept[drop].priority)) drop = i;
    if (drop < 0) break;
    kept.splice(drop, 1);
  }
  return kept;
}

const ANSI: Record<NonNullable<ProgressField['role']>, string> = {
  name: '1',
  bad: '31',
  good: '32',
  dim: '2',
};

/**
 * A configuration's progress line fitted to `width` columns (cut only when even the name and rate do not fit),
 * coloured with ANSI codes when `colour`.
 *
 * @example progressLine('native', tally, 30, 60, 80, false) // 'native │ failed 40.0% │ [11.8–76.9%] │ 5/20 rounds │ …'
 */
export function progressLine(
  config: string,
  t: Tally,
  elapsed_s: number,
  eta_s: number | null,
  width: number,
  colour: boolean,
): string {
  const sep = ' │ ';
  const measure = (fs: readonly ProgressField[]) => visible(fs.map((f) => f.text).join(sep));
  let kept = fitFields(progressFields(config, t, elapsed_s, eta_s), width, sep);
  // A bar only in the room left over: it never pushes a number out.
  const room = width - measure(kept) - visible(sep);
  if (room >= 8) {
    const withBar = progressFields(config, t, elapsed_s, eta_s, Math.min(20, room));
    const bar = withBar.find((f) => f.priority === BAR_PRIORITY);
    const rounds = kept.findIndex((f) => f.text.endsWith(' rounds'));
    if (bar && rounds >= 0) kept = [...kept.slice(0, rounds + 1), bar, ...kept.slice(rounds + 1)];
  }
  const plain = kept.map((f) => f.text).join(sep);
  if (visible(plain) > width) return `${[...plain].slice(0, Math.max(0, width - 1)).join('')}…`;
  if (!colour) return plain;
  return kept.map((f) => (f.role ? `\u001b[${ANSI[f.role]}m${f.text}\u001b[0m` : f.text)).join(sep);
}

export { colourFor };

/** One plain line for a configuration's tally (logs and pipes: every field, no width limit). */
export function tallyLine(config: string, t: Tally, elapsed_s: number, eta_s: number | null): string {
  return `[${config}] ${progressFields(config, t, elapsed_s, eta_s)
    .slice(1)
    .map((f) => f.text)
    .join('  ')}`;
}

/** Plain lines, for logs and pipes. */
export function plainProgress(write: (s: string) => void = (s) => process.stderr.write(s)): ProgressSink {
  let lastTenth = -1;
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
    fleet(c) {
      // A line per tenth of the campaign, not per round: the hosts' own lines say the rest.
      const tenth = Math.floor((10 * c.done) / Math.max(1, c.planned));
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      write(`${fleetText(c)}\n`);
    },
    stop() {},
  };
}

/**
 * The whole fleet's progress, for a host's terminal.
 *
 * @example fleetText({ done: 37, planned: 40, hosts: 4 }) // 'fleet: 37/40 rounds done by every host, 4 hosts running'
 */
export function fleetText(c: { done: number; planned: number; hosts: number }): string {
  return `fleet: ${c.done}/${c.planned} rounds done by every host, ${c.hosts} host${c.hosts === 1 ? '' : 's'} running`;
}

/** Live lines on a terminal, one per configuration, refitted to the terminal's width at every redraw. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  const colour = colourFor(stream);
  // cli-progress's last redraw, after stop() turns wrapping back on, cuts at the width counting colour codes: plain then.
  let stopping = false;
  // The last column is left free: writing into it makes some terminals wrap.
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  const state = new Map<string, { t: Tally; elapsed: number; eta: number | null }>();
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      // The line is fitted here. (linewrap: true would make cli-progress cut it at the width, counting colour codes.)
      linewrap: false,
      format: (_options, _params, payload: { name: string }) => {
        if (payload.name === FLEET_BAR) return fleetNow ? fleetText(fleetNow).slice(0, width()) : '';
        const s = state.get(payload.name);
        return s
          ? progressLine(payload.name.padEnd(nameWidth), s.t, s.elapsed, s.eta, width(), colour && !stopping)
          : payload.name;
      },
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  // Names padded to the longest, so the rates stand in one column.
  let nameWidth = 0;
  let elapsed = 0;
  let eta: number | null = null;
  let fleetNow: { done: number; planned: number; hosts: number } | null = null;
  let fleetBar: cliProgress.SingleBar | null = null;
  return {
    start(tallies) {
      nameWidth = Math.max(0, ...[...tallies.keys()].map((n) => n.length));
      for (const [name, t] of tallies) {
        state.set(name, { t: { ...t }, elapsed, eta });
        bars.set(name, multi.create(t.planned, t.rounds, { name }));
      }
    },
    update(config, t, e, remaining) {
      elapsed = e;
      eta = remaining;
      state.set(config, { t: { ...t }, elapsed, eta });
      for (const [name, s] of state) if (name !== config) state.set(name, { ...s, elapsed, eta });
      for (const [name, bar] of bars) bar.update(state.get(name)?.t.rounds ?? 0, { name });
    },
    note(text) {
      multi.log(`${text}\n`);
    },
    fleet(c) {
      fleetNow = c;
      fleetBar ??= multi.create(c.planned, c.done, { name: FLEET_BAR });
      fleetBar.setTotal(c.planned);
      fleetBar.update(c.done, { name: FLEET_BAR });
    },
    stop() {
      stopping = true;
      multi.stop();
    },
  };
}

/** The name of the fleet's line among the configurations' (no configuration can be named so). */
const FLEET_BAR = '\u0000fleet';

/** Bars on a TTY, plain lines otherwise. */
export function autoProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? terminalProgress(stream) : plainProgress((s) => stream.write(s));
}
