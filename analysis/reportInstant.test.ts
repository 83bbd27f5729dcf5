import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offsetReadings } from './localZone.ts';
import { reportInstant } from './reportInstant.ts';

const readings = offsetReadings([
  { file: '/x/20251223_161736_Python-2025-12-23-104640.ips', captured_at: '2025-12-24T00:17:36.713Z' },
  { file: '/x/no-prefix.ips', captured_at: '2025-12-24T00:20:00.000Z' },
  { file: '/x/20251223_162018_Python-2025-12-23-092750.ips', captured_at: null },
]);

test('reportInstant: a stated zone as stated, a bare local time at the offset the captures show', () => {
  assert.equal(readings.length, 1);
  assert.equal(readings[0].offsetMinutes, -480);
  // N2983: "2025-12-24 00:05 UTC" in a file named …2025-12-24 is Dec 23, 16:05 PST.
  assert.deepEqual(reportInstant('2025-12-24T00:05:00Z', readings), {
    at: '2025-12-24T00:05:00.000Z',
    rule: 'stated UTC',
  });
  assert.deepEqual(reportInstant('2025-12-23T16:18:00-08:00', []), {
    at: '2025-12-24T00:18:00.000Z',
    rule: 'stated UTC-08:00',
  });
  assert.deepEqual(reportInstant('2025-12-23T16:44:00', readings), {
    at: '2025-12-24T00:44:00.000Z',
    rule: 'no zone stated: local time, UTC-08:00 as the crash captures show (2025-12-23 16:17:36)',
  });
  // More than a week from every capture: the offset could differ (a daylight-saving change).
  assert.equal(reportInstant('2025-12-31T16:44:00', readings).at, null);
  assert.equal(reportInstant(null, readings).at, null);
  assert.equal(reportInstant('yesterday', readings).at, null);
});
