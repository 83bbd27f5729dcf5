import type { SessionSelector } from './sessionTypes.ts';

/**
 * Reads `--session`: `A-B` (or `A–B`) is a round range, `N=2941` or
 * `worker 2941` / `worker:2941` a worker's reports, `CAMPAIGN/RUN` one run of
 * a campaign (`demo/mac1-20261206T160916213Z`), anything else a campaign's
 * runs. Throws a short message naming the bad value for an empty or reversed
 * one.
 *
 * @example parseSessionSelector('1740-1809') // {kind: 'rounds', first: 1740, last: 1809}
 * @example parseSessionSelector('N=2941') // {kind: 'worker', worker: 2941}
 * @example parseSessionSelector('demo') // {kind: 'campaign', campaign: 'demo'}
 */
export function parseSessionSelector(text: string): SessionSelector {
  const t = text.trim();
  const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(t);
  if (range) {
    const [first, last] = [Number(range[1]), Number(range[2])];
    if (last < first) throw new Error(`session ${JSON.stringify(text)}: the range ends before it starts`);
    return { kind: 'rounds', first, last };
  }
  const worker = /^(?:N\s*=\s*|worker[\s:=]*N?=?)(\d+)$/i.exec(t);
  if (worker) return { kind: 'worker', worker: Number(worker[1]) };
  if (t === '') throw new Error('session: give a campaign, a round range A-B or a worker N=…');
  const slash = t.indexOf('/');
  return slash > 0
    ? { kind: 'campaign', campaign: t.slice(0, slash), run: t.slice(slash + 1) }
    : { kind: 'campaign', campaign: t };
}
