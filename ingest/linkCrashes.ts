/**
 * Ties crashes to the runner attempts that produced them: first by the copied
 * report's hash (the runner names the reports each attempt left), then by
 * capture time inside an attempt's window (start … end + settle) and pid.
 * Fills `crashes.round_uid` where still empty, and ties a crash to an attempt
 * without one in `attempt_crashes` (which `attempts.crash_uid` shows).
 */

import type { Db } from '../store/db.ts';
import { attachCrashesToAttempts } from './crashAttempts.ts';

/** Seconds after an attempt ends during which its crash report may still appear (the wrapper's default). */
export const SETTLE_SECONDS = 6;

export async function linkCrashes(db: Db): Promise<number> {
  await db.run(
    `UPDATE crashes SET round_uid = a.round_uid FROM attempts a
     WHERE a.crash_uid = crashes.crash_uid AND crashes.round_uid IS NULL`,
  );
  const crashes = await db.all<{ crash_uid: string; captured_at: string | null; pid: number | null }>(
    'SELECT crash_uid, captured_at, pid FROM crashes WHERE round_uid IS NULL AND captured_at IS NOT NULL ORDER BY crash_uid',
  );
  if (crashes.length === 0) return 0;
  const attempts = await db.all<{
    round_uid: string;
    attempt_no: number;
    started_at: string | null;
    duration_s: number | null;
    pid: number | null;
  }>(
    `SELECT round_uid, attempt_no, started_at, duration_s, pid FROM attempts
     WHERE outcome <> 'pass' AND started_at IS NOT NULL ORDER BY started_at`,
  );
  if (attempts.length === 0) return 0;
  const pairs = attachCrashesToAttempts(
    crashes,
    attempts.map((a) => ({ ...a, settle_s: SETTLE_SECONDS })),
  );
  for (const p of pairs) {
    await db.run('UPDATE crashes SET round_uid = ? WHERE crash_uid = ?', [p.round_uid, p.crash_uid]);
    await db.run(
      `INSERT INTO attempt_crashes SELECT round_uid, attempt_no, ? FROM attempts
       WHERE round_uid = ? AND attempt_no = ? AND crash_uid IS NULL LIMIT 1`,
      [p.crash_uid, p.round_uid, p.attempt_no],
    );
  }
  return pairs.length;
}
