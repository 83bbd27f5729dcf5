/**
 * Signal names as the runner records them. Some numbers have two names on
 * Linux (6 is SIGABRT and SIGIOT, 29 is SIGIO and SIGPOLL); a map built from
 * `os.constants.signals` keeps whichever comes last, so a SIGABRT would be
 * recorded as `SIGIOT` and `retry.on_signals: [SIGABRT]` would never match.
 * Every name here is the canonical one, as Node reports a child's signal and
 * as POSIX lists it.
 */
import { constants } from 'node:os';

/** Second names of a signal number, and the canonical name each stands for. */
const ALIASES: Readonly<Record<string, string>> = {
  SIGIOT: 'SIGABRT',
  SIGPOLL: 'SIGIO',
  SIGCLD: 'SIGCHLD',
  SIGUNUSED: 'SIGSYS',
};

const BY_NUMBER = new Map<number, string>();
for (const [name, n] of Object.entries(constants.signals) as [string, number][])
  if (!(name in ALIASES) && !BY_NUMBER.has(n)) BY_NUMBER.set(n, name);

/**
 * The canonical name of a signal name (an alias becomes the name it stands
 * for; any other name is returned as it is).
 *
 * @example canonicalSignal('SIGIOT') // 'SIGABRT'
 */
export function canonicalSignal(name: string): string {
  return ALIASES[name] ?? name;
}

/**
 * The canonical name of signal number `n` on this platform, or null when it
 * has none (a real-time signal).
 *
 * @example signalName(6) // 'SIGABRT'
 */
export function signalName(n: number): string | null {
  return BY_NUMBER.get(n) ?? null;
}
