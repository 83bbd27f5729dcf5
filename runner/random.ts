/**
 * The seeded PRNG of the statistics (mulberry32): the same seed gives the same
 * sequence on every machine, so a randomised plan is reproducible from the
 * seed recorded in the log.
 */
export { mulberry32 } from '../analysis/stats/mulberry32.ts';

/** Fisher–Yates shuffle of a copy of `items` with `rand`. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
