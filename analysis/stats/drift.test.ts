import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changePointScan, changePoints } from './changePoints.ts';
import { holmAdjust } from './holmAdjust.ts';
import { mulberry32 } from './mulberry32.ts';

function noisy(seed: number, means: [number, number][], sd: number): number[] {
  const rand = mulberry32(seed);
  const z = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return means.flatMap(([m, count]) => Array.from({ length: count }, () => m + sd * z()));
}

describe('changePoints', () => {
  test('efficiency falling from ~19.8% to ~14.8% is found at the right index', () => {
    const series = noisy(
      11,
      [
        [19.8, 25],
        [14.8, 20],
      ],
      0.8,
    );
    const r = changePoints(series, { minEffect: 1, alpha: 0.01 });
    assert.equal(r.changePoints.length, 1);
    const [c] = r.changePoints;
    assert.equal(c.index, 25);
    assert.ok(Math.abs(c.before - 19.8) < 0.5 && Math.abs(c.after - 14.8) < 0.5, `${c.before} → ${c.after}`);
    assert.ok(c.pValue <= 0.001, String(c.pValue));
    assert.deepEqual(changePoints(series, { minEffect: 1, alpha: 0.01 }), r, 'deterministic');
  });

  test('a flat noisy series has no change point', () => {
    for (const seed of [1, 2, 3]) {
      const r = changePoints(noisy(seed, [[17, 40]], 1), { minEffect: 0.5 });
      assert.equal(r.changePoints.length, 0, `seed ${seed}: ${JSON.stringify(r.changePoints)}`);
    }
  });

  test('a small shift below the minimum effect is not reported', () => {
    const series = noisy(
      5,
      [
        [20, 30],
        [19.5, 30],
      ],
      0.1,
    );
    assert.equal(changePoints(series, { minEffect: 1 }).changePoints.length, 0);
    assert.equal(changePoints(series, { minEffect: 0.2 }).changePoints[0]?.index, 30);
  });

  test('two changes are both found (binary segmentation)', () => {
    const series = noisy(
      8,
      [
        [20, 20],
        [15, 20],
        [18, 20],
      ],
      0.5,
    );
    assert.deepEqual(
      changePoints(series, { minEffect: 1 }).changePoints.map((c) => c.index),
      [20, 40],
    );
  });

  test('binary crash series: crashes start after 40 clean rounds', () => {
    const rand = mulberry32(3);
    const crashes = [
      ...Array.from({ length: 40 }, () => false),
      ...Array.from({ length: 40 }, () => rand() < 0.5),
    ];
    const firstCrash = crashes.indexOf(true);
    assert.ok(firstCrash >= 40);
    const r = changePoints(crashes, { kind: 'binary', minEffect: 0.2 });
    assert.equal(r.changePoints.length, 1);
    assert.equal(r.changePoints[0].index, firstCrash);
    assert.equal(r.changePoints[0].before, 0);
    assert.ok(r.changePoints[0].effect > 0.3 && r.changePoints[0].pValue < 0.01);
    // a binary series with a constant crash rate has none
    const flat = Array.from({ length: 80 }, () => rand() < 0.2);
    assert.equal(changePoints(flat, { kind: 'binary', minEffect: 0.2 }).changePoints.length, 0);
  });

  test('autocorrelated noise (AR(1), φ = 0.3) raises no more false alarms than α = 0.01', () => {
    // The plain permutation test assumes exchangeable rounds; on AR(1) noise with φ = 0.3 it raised
    // false alarms at 0.10–0.12 for α = 0.01 (and whitening by an estimated φ alone, 0.03–0.05 on 40
    // rounds). 400 series each of 40, 100 and 300 rounds; tolerance 3.5 Monte-Carlo SE at 0.01 over
    // 400 series: ≤ 0.027.
    for (const n of [40, 100, 300]) {
      const rand = mulberry32(n);
      const z = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      let alarms = 0;
      const sims = 400;
      for (let s = 0; s < sims; s++) {
        let e = z() / Math.sqrt(1 - 0.09);
        const series = Array.from({ length: n }, () => {
          e = 0.3 * e + z();
          return 14.8 + e;
        });
        if (changePoints(series, { alpha: 0.01, seed: s + 1 }).changePoints.length > 0) alarms++;
      }
      assert.ok(alarms / sims <= 0.027, `n = ${n}: false-alarm rate ${alarms / sims}`);
    }
  });

  test('a scan adjusts by Holm over its family and still finds a real change', () => {
    assert.deepEqual(holmAdjust([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06]);
    assert.deepEqual(holmAdjust([]), []);
    const flat = (seed: number) => noisy(seed, [[17, 40]], 1);
    const shifted = noisy(
      9,
      [
        [20, 30],
        [16, 30],
      ],
      1,
    );
    const scan = changePointScan(
      [
        { name: 'a', values: flat(1) },
        { name: 'b', values: shifted },
        { name: 'c', values: flat(2) },
      ],
      { alpha: 0.01, minEffect: 1 },
    );
    assert.equal(scan.familySize, 3);
    // the noise puts the best split of b at 31 (round 30 drew 18.2), with or without whitening
    assert.deepEqual(
      scan.series.map((s) => [s.name, s.changePoints.map((c) => c.index)]),
      [
        ['a', []],
        ['b', [31]],
        ['c', []],
      ],
    );
    const [c] = scan.series[1].changePoints;
    assert.ok(c.adjustedP >= c.pValue && c.adjustedP <= 0.01 && c.familySize === 3, JSON.stringify(c));
    assert.match(scan.method, /Holm/);
    assert.deepEqual(changePointScan([]).series, []);
  });

  test('a scan of 20 AR(1) series holds the family-wise rate; testing each at α does not', () => {
    // 200 families of 20 null series (60 rounds, AR(1) φ = 0.3), α = 0.05. Each series at α on its own:
    // a family with a false change ≈ 0.6 of the time. The scan: ≤ α + 3.5 Monte-Carlo SE = 0.104.
    const families = 200;
    let scanAlarms = 0;
    let eachAlarms = 0;
    for (let f = 0; f < families; f++) {
      const rand = mulberry32(1000 + f);
      const z = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      const list = Array.from({ length: 20 }, (_, c) => {
        let e = z() / Math.sqrt(1 - 0.09);
        const values = Array.from({ length: 60 }, () => {
          e = 0.3 * e + z();
          return e;
        });
        return { name: `s${c}`, values };
      });
      if (changePointScan(list, { alpha: 0.05 }).series.some((s) => s.changePoints.length)) scanAlarms++;
      if (list.some((s, i) => changePoints(s.values, { alpha: 0.05, seed: i + 1 }).changePoints.length))
        eachAlarms++;
    }
    assert.ok(
      scanAlarms / families <= 0.05 + 3.5 * Math.sqrt((0.05 * 0.95) / families),
      `scan: ${scanAlarms}`,
    );
    assert.ok(eachAlarms / families > 0.3, `each at α: ${eachAlarms}`);
  });

  test('edge cases and misuse', () => {
    assert.deepEqual(changePoints([]).changePoints, []);
    assert.deepEqual(changePoints([1, 1, 1, 1, 1, 1, 1]).changePoints, []);
    assert.throws(() => changePoints([0, 1, 2], { kind: 'binary' }), /binary series\[2\] is 2/);
    assert.throws(() => changePoints([1, Number.NaN]), /series\[1\] is NaN/);
    assert.throws(() => changePoints([1], { alpha: 2 }), /alpha must be in \(0, 1\), got 2/);
  });
});
