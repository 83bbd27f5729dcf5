import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AttemptWindow, attachCrashesToAttempts } from './crashAttempts.ts';

const attempt = (
  round: string,
  no: number,
  start: string,
  duration: number | null,
  pid?: number,
): AttemptWindow => ({
  round_uid: round,
  attempt_no: no,
  started_at: start,
  duration_s: duration,
  pid,
  settle_s: 6,
});

test('a crash goes to the attempt whose window [start, end + settle] holds it', () => {
  const attempts = [
    attempt('r1', 1, '2025-12-23T10:00:00Z', 10, 100),
    attempt('r1', 2, '2025-12-23T10:00:12Z', 10, 101),
    attempt('r2', 1, '2025-12-23T11:00:00Z', null),
  ];
  const pairs = attachCrashesToAttempts(
    [
      { crash_uid: 'in-settle', captured_at: '2025-12-23T10:00:15Z', pid: 100 }, // overlaps both windows, pid says attempt 1
      { crash_uid: 'latest', captured_at: '2025-12-23T10:00:15Z', pid: null }, // no pid: the later attempt
      { crash_uid: 'edge', captured_at: '2025-12-23T10:00:28Z', pid: null }, // end 10:00:22 + 6 s, bound included
      { crash_uid: 'late', captured_at: '2025-12-23T10:00:29Z', pid: null },
      { crash_uid: 'wrong-pid', captured_at: '2025-12-23T10:00:05Z', pid: 999 },
      { crash_uid: 'no-duration', captured_at: '2025-12-23T11:00:01Z', pid: null },
      { crash_uid: 'no-time', captured_at: null, pid: null },
    ],
    attempts,
  );
  assert.deepEqual(pairs, [
    { crash_uid: 'in-settle', round_uid: 'r1', attempt_no: 1 },
    { crash_uid: 'latest', round_uid: 'r1', attempt_no: 2 },
    { crash_uid: 'edge', round_uid: 'r1', attempt_no: 2 },
  ]);
  assert.deepEqual(attachCrashesToAttempts([], attempts), []);
});
