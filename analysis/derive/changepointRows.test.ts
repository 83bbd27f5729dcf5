import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../stats/index.ts';
import { changepointRows } from './changepointRows.ts';
import type { DriftSeries, SeriesPoint } from './loadDriftSeries.ts';

/** A drift load of `configs` configurations, each with an efficiency and a crash series of `n` rounds and no change. */
function nullFamily(seed: number, configs: number, n: number): DriftSeries {
  const rand = mulberry32(seed);
  const z = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const point = (config: string, pos: number, value: number): SeriesPoint => ({
    config,
    pos,
    value,
    n: 1,
    round_no: pos + 1,
    started_at: null,
    source_id: 'src',
    line: pos + 1,
    session: null,
  });
  const drift: DriftSeries = { efficiency_pct: new Map(), crash_rate: new Map() };
  for (let c = 0; c < configs; c++) {
    const config = `config ${c}`;
    drift.efficiency_pct.set(
      config,
      Array.from({ length: n }, (_, i) => point(config, i, 14.8 + 2 * z())),
    );
    drift.crash_rate.set(
      config,
      Array.from({ length: n }, (_, i) => point(config, i, rand() < 0.2 ? 1 : 0)),
    );
  }
  return drift;
}

test('the family-wise false-alarm rate of a scan of 10 configurations × 2 metrics stays at α = 0.01', () => {
  // 300 families of 20 null series (60 rounds each) through the derive step; tolerance 3.5 Monte-Carlo SE at
  // 0.01: ≤ 0.029. (With these minimum effects, each series at 0.01 on its own gives 6/300 families, so this
  // checks the wiring and the level; the multiplicity itself is shown in analysis/stats/drift.test.ts.)
  const families = 300;
  let alarms = 0;
  for (let f = 0; f < families; f++) if (changepointRows(nullFamily(f + 1, 10, 60)).length > 0) alarms++;
  assert.ok(
    alarms / families <= 0.01 + 3.5 * Math.sqrt((0.01 * 0.99) / families),
    `family-wise rate ${alarms / families}`,
  );
});

test('a real drift in one configuration of the family is still found, with its Holm-adjusted p-value', () => {
  const drift = nullFamily(7, 10, 60);
  const points = drift.efficiency_pct.get('config 3')!;
  for (const p of points.slice(30)) p.value -= 5;
  const rows = changepointRows(drift);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].config, 'config 3');
  assert.equal(rows[0].metric, 'efficiency_pct');
  const position = rows[0].position ?? Number.NaN;
  assert.ok(Math.abs(position - 30) <= 1, `position ${position} (noise sd 2 around a step of 5)`);
  const p = rows[0].p_value ?? Number.NaN;
  assert.ok(p <= 0.01 && p >= 1 / 8000, String(p));
});
