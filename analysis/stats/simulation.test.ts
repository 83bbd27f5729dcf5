import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clopperPearsonInterval } from './clopperPearsonInterval.ts';
import { jeffreysInterval } from './jeffreysInterval.ts';
import { mulberry32 } from './mulberry32.ts';
import { wilsonInterval } from './wilsonInterval.ts';

test('coverage over 2,000 simulated campaigns (seeded): Wilson and Jeffreys 93–97%, Clopper-Pearson ≥ 95%', () => {
  const rand = mulberry32(20240605);
  const rates = [0.1, 0.3, 0.5, 0.7, 0.85, 0.95];
  const sizes = [20, 50, 100];
  const campaigns = 2000;
  const hits = { wilson: 0, jeffreys: 0, cp: 0 };
  for (let i = 0; i < campaigns; i++) {
    const p = rates[i % rates.length];
    const n = sizes[Math.floor(i / rates.length) % sizes.length];
    let k = 0;
    for (let j = 0; j < n; j++) if (rand() < p) k++;
    const inside = (r: { lower: number; upper: number }) => (r.lower <= p && p <= r.upper ? 1 : 0);
    hits.wilson += inside(wilsonInterval(k, n));
    hits.jeffreys += inside(jeffreysInterval(k, n));
    hits.cp += inside(clopperPearsonInterval(k, n));
  }
  const cover = {
    wilson: hits.wilson / campaigns,
    jeffreys: hits.jeffreys / campaigns,
    cp: hits.cp / campaigns,
  };
  assert.ok(cover.wilson >= 0.93 && cover.wilson <= 0.97, `wilson ${cover.wilson}`);
  assert.ok(cover.jeffreys >= 0.93 && cover.jeffreys <= 0.97, `jeffreys ${cover.jeffreys}`);
  assert.ok(cover.cp >= 0.95, `clopper-pearson ${cover.cp}`);
});
