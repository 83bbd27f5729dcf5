/**
 * Seeded fuzz inputs: input `i` of seed `s` is one of the project's seeds
 * (ingest/fuzz/seeds.ts) with one to three mutations (ingest/fuzz/mutations.ts)
 * drawn from a random source of its own, so that any one input can be made
 * again alone (`npm run fuzz -- --seed s --only i`). The file name carries
 * the number, the seed's kind and the mutations.
 */
import { mulberry32 } from '../../analysis/stats/index.ts';
import { drawMutation, MUTATIONS } from './mutations.ts';
import { fuzzSeeds, SEED_EXTENSIONS, type Seed, type SeedKind } from './seeds.ts';

export interface FuzzInput {
  /** File name: `s<seed>-<i>-<kind>-<mutations><ext>`. */
  name: string;
  kind: SeedKind;
  /** The seed it was made from. */
  origin: string;
  mutations: string[];
  bytes: Buffer;
}

/** File endings put on an input now and then in place of its kind's, so that content, not name, has to tell. */
const OTHER_ENDINGS = ['.txt', '.md', '.json', '.ips', '.crash', '.jsonl'];

/** The random source of input `index` of `seed` (independent of how many inputs are made). */
function randomFor(seed: number, index: number): () => number {
  return mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** Input `index` of `seed`. */
export function fuzzInput(seed: number, index: number, seeds: readonly Seed[] = fuzzSeeds()): FuzzInput {
  const rand = randomFor(seed, index);
  const base = seeds[Math.floor(rand() * seeds.length)];
  const mutations = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => drawMutation(rand));
  let bytes = base.bytes;
  const other = () => seeds[Math.floor(rand() * seeds.length)].bytes;
  for (const m of mutations) bytes = MUTATIONS[m](bytes, { rand, other });
  const ending =
    base.kind !== 'campaign' && rand() < 0.05
      ? OTHER_ENDINGS[Math.floor(rand() * OTHER_ENDINGS.length)]
      : SEED_EXTENSIONS[base.kind];
  return {
    name: `s${seed}-${String(index).padStart(5, '0')}-${base.kind}-${mutations.join('+')}${ending}`,
    kind: base.kind,
    origin: base.origin,
    mutations,
    bytes,
  };
}

/** Inputs `from` … `from + count - 1` of `seed`. */
export function fuzzInputs(seed: number, count: number, from = 0): FuzzInput[] {
  const seeds = fuzzSeeds();
  return Array.from({ length: count }, (_, i) => fuzzInput(seed, from + i, seeds));
}
