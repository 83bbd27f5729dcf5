/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG (Tommy Ettinger, 2017; public
 * domain). Period 2³², passes gjrand and PractRand to a few GB — plenty for
 * bootstrap resampling and permutation tests, where determinism (the same
 * seed gives the same derived tables) matters more than cryptographic quality.
 * Returns a function yielding uniform floats in [0, 1).
 *
 * Reference: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 *
 * Edge cases: any number is accepted as seed (taken modulo 2³²); seed 0 is fine.
 *
 * @example const rand = mulberry32(42); rand() // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
