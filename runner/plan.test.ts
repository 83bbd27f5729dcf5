import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseCampaign } from './campaign.ts';
import { campaignSeed, parseShard, planRounds, shardPlan } from './plan.ts';
import { runCampaign } from './runCampaign.ts';
import { wilson } from './wilson.ts';

const show = (p: { config: string; round: number }[]) => p.map((x) => `${x.config}${x.round}`).join(' ');

test('interleaved is A B A B; blocked is A A B B; randomised blocks hold each config once and follow the seed', () => {
  assert.equal(show(planRounds({ a: 2, b: 2 }, 'interleaved')), 'a1 b1 a2 b2');
  assert.equal(show(planRounds({ a: 2, b: 2 }, 'blocked')), 'a1 a2 b1 b2');
  assert.equal(show(planRounds({ a: 3, b: 1 }, 'interleaved')), 'a1 b1 a2 a3');
  const r1 = planRounds({ a: 20, b: 20, c: 20 }, 'randomized', 42);
  assert.deepEqual(r1, planRounds({ a: 20, b: 20, c: 20 }, 'randomized', 42));
  assert.notDeepEqual(r1, planRounds({ a: 20, b: 20, c: 20 }, 'randomized', 43));
  for (let b = 0; b < 20; b++)
    assert.deepEqual(new Set(r1.slice(3 * b, 3 * b + 3).map((x) => x.round)), new Set([b + 1]));
});

test('shards partition the plan and stay interleaved', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5 }), (rounds, n) => {
      const plan = planRounds({ a: rounds, b: rounds }, 'interleaved');
      const slices = Array.from({ length: n }, (_, i) => shardPlan(plan, { index: i + 1, count: n }));
      assert.equal(slices.flat().length, plan.length);
      assert.equal(new Set(slices.flat().map((p) => `${p.config}${p.round}`)).size, plan.length);
    }),
  );
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  assert.throws(() => parseShard('4/3'), /1 ≤ I ≤ N/);
});

test('Wilson interval: prop.test(3, 20, correct = FALSE) gives [0.0524, 0.3604]', () => {
  const w = wilson(3, 20);
  assert.ok(Math.abs(w.lower - 0.05236) < 1e-4 && Math.abs(w.upper - 0.3604) < 1e-4, JSON.stringify(w));
  assert.deepEqual([wilson(0, 0).lower, wilson(0, 0).upper], [0, 1]);
});

test('shards of one campaign cover its plan exactly once, for every order, seed and N, even when the file states no seed (property)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('interleaved', 'blocked', 'randomized'),
      fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 40 }),
      async (order, seed, n, rounds) => {
        const text = `campaign: fleet\ncommand: [node, x.js]\nconfigs:\n  a: {}\n  b: {rounds: ${rounds + 3}}\nrounds: ${rounds}\norder: ${order}\n${seed !== undefined && order === 'randomized' ? `seed: ${seed}\n` : ''}`;
        // Every host parses the same file from its own folder and plans its own shard (a dry run).
        const slots: string[] = [];
        for (let i = 0; i < n; i++) {
          const c = parseCampaign(text, `host${i}/fleet.yaml`, `/hosts/${i}`);
          const run = await runCampaign(c, {
            dryRun: true,
            host: `host${i}`,
            logsRoot: `/nonexistent/host${i}`,
            shard: { index: i + 1, count: n },
          });
          slots.push(...run.plan.map((p) => `${p.config}${p.round}`));
        }
        assert.equal(slots.length, 2 * rounds + 3);
        assert.equal(new Set(slots).size, 2 * rounds + 3);
      },
    ),
    { numRuns: 60, seed: 15 },
  );
  // The derived seed is the campaign's own: another file, another seed.
  const a = parseCampaign('command: [x]\nconfigs: {a: {}, b: {}}\norder: randomized\n', 'a.yaml');
  const b = parseCampaign('command: [x]\nconfigs: {a: {}, b: {}}\norder: randomized\nrounds: 11\n', 'a.yaml');
  assert.notEqual(campaignSeed({ ...a }), campaignSeed({ ...b }));
});
