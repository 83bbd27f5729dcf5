/**
 * Ties crashes to the runner attempts that produced them: first by the copied
 * report's hash (the runner names the reports each attempt left), then by
 * capture time inside an attempt's window (start … end + settle) and pid.
 * Fills `crashes.round_uid` where still empty, and ties a crash to an attempt
 * without one in `attempt_crashes` (which `attempts.crash_uid` shows).
 *
 * Run on every ingest, whatever it parsed, in one transaction: a kill while
 * linking leaves the links as they were, and the next ingest makes them. A
 * crash whose `round_uid` no attempt backs (its round's log was replaced, or
 * an older version was killed between its two writes) is linked again.
 */

import type { Db, SqlParam } from '../store/db.ts';
import { attachCrashesToAttempts, type CrashAttemptPair } from './crashAttempts.ts';

/** Seconds after an attempt ends during which its crash report may still appear (the wrapper's default). */
export const SETTLE_SECONDS = 6;

/** Pairs written per statement (three bound values each). */
const PAIRS_PER_STATEMENT = 1000;

export async function linkCrashes(db: Db): Promise<number> {
  return db.transaction(async () => {
    await db.run(
      `UPDATE crashes SET round_uid = NULL WHERE round_uid IS NOT NULL
       AND crash_uid NOT IN (SELECT crash_uid FROM attempts WHERE crash_uid IS NOT NULL)`,
    );
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
       WHERE outcome NOT IN ('pass', 'error') AND started_at IS NOT NULL ORDER BY started_at`, // an error attempt never ran
    );
    if (attempts.length === 0) return 0;
    const pairs = attachCrashesToAttempts(
      crashes,
      attempts.map((a) => ({ ...a, settle_s: SETTLE_SECONDS })),
    );
    for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT)
      await writePairs(db, pairs.slice(i, i + PAIRS_PER_STATEMENT));
    return pairs.length;
  });
}

/**
 * Each crash gets its attempt's round; an attempt without a crash yet gets
 * the first crash paired with it (in crash order) in `attempt_crashes`.
 */
async function writePairs(db: Db, pairs: readonly CrashAttemptPair[]): Promise<void> {
  if (pairs.length === 0) return;
  const values = (rows: readonly CrashAttemptPair[]) => ({
    sql: rows.map(() => '(?, ?, ?)').join(', '),
    params: rows.flatMap((p): SqlParam[] => [p.crash_uid, p.round_uid, p.attempt_no]),
  });
  const all = values(pairs);
  await db.run(
    `UPDATE crashes SET round_uid = p.round_uid FROM (VALUES ${all.sql}) p(crash_uid, round_uid, attempt_no)
     WHERE crashes.crash_uid = p.crash_uid`,
    all.params,
  );
  const seen = new Set<string>();
  const firsts = pairs.filter((p) => {
    const key = JSON.stringify([p.round_uid, p.attempt_no]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const first = values(firsts);
  await db.run(
    `INSERT INTO attempt_crashes SELECT p.round_uid, CAST(p.attempt_no AS INTEGER), p.crash_uid
     FROM (VALUES ${first.sql}) p(crash_uid, round_uid, attempt_no)
     WHERE EXISTS (SELECT 1 FROM attempts a WHERE a.round_uid = p.round_uid AND a.attempt_no = p.attempt_no
       AND a.crash_uid IS NULL)`,
    first.params,
  );
}
