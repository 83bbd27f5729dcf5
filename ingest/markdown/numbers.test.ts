import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isMissing,
  parseDurationS,
  parseFraction,
  parseLatencyMs,
  parseNumber,
  parsePercent,
} from './numbers.ts';

test('parseNumber: separators, suffixes, approximations, units', () => {
  assert.equal(parseNumber('1,234')?.value, 1234);
  assert.equal(parseNumber('468K')?.value, 468000);
  assert.equal(parseNumber('1.4M')?.value, 1400000);
  assert.equal(parseNumber('482k ops')?.value, 482000);
  assert.deepEqual(parseNumber('~14'), {
    value: 14,
    approx: true,
    low: 14,
    high: 14,
    range: false,
    pm: null,
    unit: null,
  });
  assert.equal(parseNumber('15+')?.approx, true);
  assert.equal(parseNumber('2,966+')?.value, 2966);
  const pm = parseNumber('6,232 ± 43');
  assert.equal(pm?.value, 6232);
  assert.equal(pm?.pm, 43);
  assert.equal(pm?.low, 6189);
  assert.deepEqual([parseNumber('**17.93x**')?.value, parseNumber('**17.93x**')?.unit], [17.93, 'x']);
  assert.deepEqual([parseNumber('83.0%')?.value, parseNumber('83.0%')?.unit], [83, '%']);
  assert.equal(parseNumber('8161.3 ops/s')?.unit, 'ops/s');
  assert.equal(parseNumber('1.4M samples/s')?.unit, 'samples/s');
});

test('parseNumber: ranges are ranges, not points', () => {
  const r = parseNumber('13.9% - 15.4%');
  assert.deepEqual([r?.range, r?.low, r?.high, r?.unit], [true, 13.9, 15.4, '%']);
  const a = parseNumber('~14-16%');
  assert.deepEqual([a?.range, a?.approx, a?.low, a?.high, a?.unit], [true, true, 14, 16, '%']);
  assert.equal(parsePercent('13.0% - 15.7%'), null);
});

test('missing and bad input give null', () => {
  for (const s of ['-', 'N/A', '—', '', 'PASS', 'baseline', 'SIGSEGV (3 attempts)'])
    assert.equal(parseNumber(s), null, s);
  assert.ok(isMissing('N/A') && isMissing('-') && !isMissing('0'));
});

test('parseFraction, parsePercent, durations, latency', () => {
  assert.deepEqual(parseFraction('27-28/30'), { k: 27, n: 30, kLow: 27, kHigh: 28, approx: true });
  assert.deepEqual(parseFraction('**17/20** (85.0%)'), { k: 17, n: 20, kLow: 17, kHigh: 17, approx: false });
  assert.equal(parseFraction('21/20'), null);
  assert.equal(parsePercent('14.7%'), 14.7);
  assert.equal(parsePercent('1.17x'), null);
  assert.equal(parseDurationS('20.5s'), 20.5);
  assert.equal(parseDurationS('5 min'), 300);
  assert.equal(parseLatencyMs('850µs'), 0.85);
  assert.equal(parseLatencyMs('1.2 ms'), 1.2);
});

test('property: never throws; round-trips en-US formatting', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseNumber(s);
      parseFraction(s);
      parsePercent(s);
      parseDurationS(s);
      parseLatencyMs(s);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1e12 }),
      (n) => parseNumber(n.toLocaleString('en-US'))?.value === n,
    ),
  );
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
      const s = x.toLocaleString('en-US', { maximumFractionDigits: 3 });
      return parseNumber(s)?.value === Number(s.replace(/,/g, ''));
    }),
  );
});
