/**
 * Ties crashes found by the runner to the attempt that produced them. Pure.
 */

/** The crash columns matching reads. */
export interface CrashTime {
  crash_uid: string;
  captured_at: string | null;
  pid: number | null;
}

/** An attempt's time window: [started_at, started_at + duration_s + settle_s]. */
export interface AttemptWindow {
  round_uid: string;
  attempt_no: number;
  started_at: string | null;
  duration_s: number | null;
  /** Process id of the attempt's child, when the runner recorded it. */
  pid?: number | null;
  /** Seconds after the end during which a crash report may still appear (the wrapper waits 6 s). */
  settle_s: number;
}

/** A crash tied to an attempt. */
export interface CrashAttemptPair {
  crash_uid: string;
  round_uid: string;
  attempt_no: number;
}

/**
 * Ties each crash to the attempt whose window [start, start + duration +
 * settle] holds its capture time (bounds included). When both sides know a
 * pid, they must match. If several windows hold it (a settle window
 * overlapping the next attempt), a pid match wins, then the attempt that
 * started last before the crash. Crashes with no time, or no window, are left
 * out; an attempt with no start or duration has no window.
 * Returns at most one pair per crash, in input order of the crashes.
 *
 * @example attachCrashesToAttempts([{crash_uid:'c', captured_at:'2025-01-01T00:00:05Z', pid:null}],
 *   [{round_uid:'r', attempt_no:1, started_at:'2025-01-01T00:00:00Z', duration_s:3, settle_s:6}])
 *   // [{crash_uid:'c', round_uid:'r', attempt_no:1}]
 */
export function attachCrashesToAttempts(
  crashes: readonly CrashTime[],
  attempts: readonly AttemptWindow[],
): CrashAttemptPair[] {
  const windows = attempts
    .map((a) => {
      const start = a.started_at ? Date.parse(a.started_at) : Number.NaN;
      if (Number.isNaN(start) || a.duration_s === null || !Number.isFinite(a.duration_s)) return null;
      return { a, start, end: start + (a.duration_s + Math.max(0, a.settle_s)) * 1000 };
    })
    .filter((w) => w !== null)
    .sort((x, y) => x.start - y.start);
  const pairs: CrashAttemptPair[] = [];
  for (const c of crashes) {
    const t = c.captured_at ? Date.parse(c.captured_at) : Number.NaN;
    if (Number.isNaN(t)) continue;
    let best: (typeof windows)[number] | null = null;
    let bestPid = false;
    for (const w of windows) {
      if (t < w.start || t > w.end) continue;
      const known = c.pid !== null && w.a.pid !== undefined && w.a.pid !== null;
      if (known && w.a.pid !== c.pid) continue;
      if (!best || (known && !bestPid) || (known === bestPid && w.start >= best.start)) {
        best = w;
        bestPid = known;
      }
    }
    if (best)
      pairs.push({ crash_uid: c.crash_uid, round_uid: best.a.round_uid, attempt_no: best.a.attempt_no });
  }
  return pairs;
}
