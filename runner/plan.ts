/**
 * The planned order of rounds. Interleaving (A B A B …, or randomised blocks
 * that hold every configuration once) keeps slow drift over hours from posing
 * as a difference between configurations; `blocked` runs each configuration's
 * rounds together. Shards take every N-th slot of the plan, so each slice stays
 * interleaved.
 */
// The statistics' seeded PRNG: the same seed gives the same plan on every machine.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../analysis/stats/index.ts';
import type { Order, PlannedRound, Shard } from '../store/roundLog.ts';
import { shuffled } from './random.ts';

/**
 * Plans the rounds of every configuration in `order`. For `randomized` the
 * `seed` decides each block's order; configurations with fewer rounds drop
 * out of later blocks.
 *
 * @example planRounds({a: 2, b: 2}, 'interleaved') // a1 b1 a2 b2
 */
export function planRounds(rounds: Readonly<Record<string, number>>, order: Order, seed = 0): PlannedRound[] {
  const names = Object.keys(rounds);
  const max = Math.max(0, ...Object.values(rounds));
  const out: PlannedRound[] = [];
  if (order === 'blocked') {
    for (const config of names) for (let r = 1; r <= rounds[config]; r++) out.push({ config, round: r });
    return out;
  }
  const rand = mulberry32(seed);
  for (let r = 1; r <= max; r++) {
    const block = names.filter((n) => r <= rounds[n]);
    for (const config of order === 'randomized' ? shuffled(block, rand) : block)
      out.push({ config, round: r });
  }
  return out;
}

/** Parses `I/N` (1 ≤ I ≤ N); throws naming the bad value. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`shard ${JSON.stringify(text)}: expected I/N with 1 ≤ I ≤ N, e.g. 1/3`);
  return { index, count };
}

/** The slots of `plan` that belong to `shard`: positions index-1, index-1+count, … */
export function shardPlan<T>(plan: readonly T[], shard: Shard): T[] {
  return plan.filter((_, i) => i % shard.count === shard.index - 1);
}

/** JSON with object keys sorted at every level, so equal content gives equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The seed of a randomized plan whose file states none: derived from the
 * campaign's content (everything but where this host runs it and which shard
 * it takes), so every host of one campaign computes the same plan and each
 * shard takes its own slots of it. Recorded in the run's `plan` event.
 *
 * @example campaignSeed({name: 'c', command: ['x'], configs: {a: {}}, rounds: 10, order: 'randomized'}) // a number in [0, 2^31)
 */
export function campaignSeed(campaign: Readonly<Record<string, unknown>>): number {
  const { shard: _shard, file: _file, cwdAbs: _cwdAbs, seed: _seed, ...content } = campaign;
  const digest = createHash('sha256').update(canonicalJson(content)).digest();
  return digest.readUInt32BE(0) % 2 ** 31;
}

/**
 * The identity of a campaign's content (sha256, hex): everything but where
 * this host runs it and which shard it takes. Hosts of one fleet campaign
 * meet under it; a changed file is another campaign.
 *
 * @example campaignHash({name: 'c', command: ['x'], configs: {a: {}}, rounds: 10}).length // 64
 */
export function campaignHash(campaign: Readonly<Record<string, unknown>>): string {
  const { shard: _shard, file: _file, cwdAbs: _cwdAbs, ...content } = campaign;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
