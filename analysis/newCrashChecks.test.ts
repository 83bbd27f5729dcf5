import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CaptureRecord, type CrashLogStatement, newCrashChecks } from './newCrashChecks.ts';

/** A capture copied at local (PST) time `local` of the original `name`. */
function cap(line: number, local: string, name: string): CaptureRecord {
  const [d, t] = local.split(' ');
  const prefix = `${d.replaceAll('-', '')}_${t.replaceAll(':', '')}`;
  return {
    crash_uid: `summary:${name}`,
    source_id: 'summary',
    line,
    captured_at: new Date(Date.parse(`${d}T${t}-08:00`)).toISOString(),
    file: `/Users/dev/crash_logs/${prefix}_${name}`,
    original_name: name,
  };
}

const A = 'Python-2025-12-23-092750.ips';
const B = 'Python-2025-12-23-144000.ips';
const C = 'Python-2025-12-23-115959.ips';
const captures = [
  cap(10, '2025-12-23 10:12:14', A), // #1: A first captured, 45 min after it crashed
  cap(20, '2025-12-23 12:00:00', C), // #2
  cap(30, '2025-12-23 14:29:11', A), // #3: A copied again
  cap(40, '2025-12-23 14:40:05', B), // #4: B, new
];
const crashTimes = new Map([
  [A, '2025-12-23T17:27:50.000Z'],
  [B, '2025-12-23T22:40:00.000Z'],
  [C, '2025-12-23T19:59:59.000Z'],
]);
const st = (over: Partial<CrashLogStatement>): CrashLogStatement => ({
  source_id: 'r',
  line: 5,
  source_path: 'r.md',
  worker_n: 1,
  reported_at: null,
  crash_logs_new: null,
  crash_logs_before: null,
  crash_logs_after: null,
  ...over,
});

test('a "+1 new crash" whose capture is a copy of an older original is a re-copy; one of a fresh original is new', () => {
  const rows = newCrashChecks(
    [
      // The previous reading bounds the first window: 2 logs at 14:00.
      st({ source_id: 'r0', reported_at: '2025-12-23T14:00:00-08:00', crash_logs_after: 2 }),
      st({
        source_id: 'r1',
        reported_at: '2025-12-23T14:30:00-08:00',
        crash_logs_before: 2,
        crash_logs_after: 3,
        crash_logs_new: 1,
      }),
      // No zone: local time, the offset read from the captures (UTC-08:00).
      st({ source_id: 'r2', reported_at: '2025-12-23T14:41:00', crash_logs_before: 3, crash_logs_after: 4 }),
    ],
    captures,
    crashTimes,
  );
  assert.deepEqual(
    rows.map((r) => [r.source_id, r.matched_by, r.capture_no, r.flag, r.note]),
    [
      ['r1', 'count', 3, 're-copy', `re-copy of ${A}, first captured 2025-12-23 18:12:14 UTC (#1)`],
      ['r2', 'count', 4, 'new', `first capture of ${B}, crashed 2025-12-23 22:40:00 UTC`],
    ],
  );
  const r1 = rows[0];
  assert.equal(r1.report_time, '2025-12-23T22:30:00.000Z');
  assert.equal(r1.time_rule, 'stated UTC-08:00');
  // From the previous reading (14:00) to the report, 15 minutes wider each side: #3, and #4 (14:40,
  // counted by the next report) — the stated numbers 2 → 3 pick #3.
  assert.equal(r1.window_start, '2025-12-23T21:45:00.000Z');
  assert.equal(r1.window_end, '2025-12-23T22:45:00.000Z');
  assert.equal(r1.captures_in_window, 2);
  assert.equal(r1.first_captured_at, '2025-12-23T18:12:14.000Z');
  const r2 = rows[1];
  assert.equal(r2.report_time, '2025-12-23T22:41:00.000Z');
  assert.match(r2.time_rule ?? '', /^no zone stated: local time, UTC-08:00 as the crash captures show/);
});

test('without before and after, the latest captures made by the report time are the ones counted', () => {
  const rows = newCrashChecks(
    [st({ reported_at: '2025-12-23T14:30:00-08:00', crash_logs_new: 1 })],
    captures,
    crashTimes,
  );
  assert.deepEqual(
    rows.map((r) => [r.matched_by, r.capture_no, r.flag]),
    [['time', 3, 're-copy']],
  );
});

test('the first capture of a crash from before the session is not new', () => {
  const rows = newCrashChecks(
    [st({ reported_at: '2025-12-23T10:13:00-08:00', crash_logs_before: 0, crash_logs_after: 1 })],
    captures,
    crashTimes,
  );
  // No earlier reading: the window reaches back 6 hours (04:13 PST, 15 minutes wider), and A crashed at 09:27.
  assert.deepEqual(
    rows.map((r) => [r.capture_no, r.flag]),
    [[1, 'new']],
  );
  const late = newCrashChecks(
    [
      st({ source_id: 'r0', reported_at: '2025-12-23T10:00:00-08:00', crash_logs_after: 0 }),
      st({ reported_at: '2025-12-23T10:13:00-08:00', crash_logs_before: 0, crash_logs_after: 1 }),
    ],
    captures,
    crashTimes,
  );
  assert.deepEqual(
    late.map((r) => [r.capture_no, r.flag, r.note]),
    [
      [
        1,
        'before session',
        `first capture of ${A}, but the crash itself is from 2025-12-23 17:27:50 UTC, before this session`,
      ],
    ],
  );
});

test('statements that cannot be checked say why; statements of no new crash are only readings', () => {
  const rows = newCrashChecks(
    [
      st({ line: 1, crash_logs_new: 2 }),
      st({
        line: 2,
        reported_at: '2026-01-14T10:05:00-08:00',
        crash_logs_before: 312,
        crash_logs_after: 314,
      }),
      st({ line: 3, reported_at: '2026-03-01T10:05:00', crash_logs_new: 1 }),
      st({ line: 4, reported_at: '2025-12-23T14:30:00-08:00', crash_logs_before: 3, crash_logs_after: 3 }),
    ],
    captures,
    crashTimes,
  );
  assert.deepEqual(
    rows.map((r) => [r.line, r.flag, r.note]),
    [
      [1, 'unmatched', 'not checked: the report states no time of day'],
      [2, 'unmatched', 'no crash capture between 2026-01-14 11:50:00 UTC and 2026-01-14 18:20:00 UTC'],
      [
        3,
        'unmatched',
        'not checked: no zone stated, and no crash capture within a week to read the local offset from',
      ],
    ],
  );
  assert.deepEqual(newCrashChecks([], captures, crashTimes), []);
});
