/**
 * The UTC offset of the machine that wrote the reports, as its own crash
 * captures show it: the team's collector names each copy `YYYYMMDD_HHMMSS_…`
 * in local time and a crash summary records the same moment in UTC
 * (`timestamp`), so each capture is one reading of the local offset at that
 * date. No time-zone database is consulted: the offset is what the machine
 * used, daylight-saving changes included.
 */
import { capturePrefixTime } from '../ingest/crash/originalName.ts';

/** One reading: a local wall-clock time (read as if UTC, in ms) and the offset then, in minutes east of UTC. */
export interface OffsetReading {
  localMs: number;
  offsetMinutes: number;
}

/** How a local time was placed: its offset and the capture that showed it. */
export interface LocalOffset {
  offsetMinutes: number;
  /** The local time of the capture it was read from, `YYYY-MM-DDTHH:MM:SS`. */
  readAt: string;
}

/** A local time farther than this from every capture is not placed (its offset may differ). */
export const OFFSET_REACH_MS = 7 * 86_400_000;

/**
 * The offset readings of captures that carry both a local `YYYYMMDD_HHMMSS_`
 * file prefix and a UTC time; offsets are rounded to 15 minutes (every real
 * zone is a multiple of it). Captures without either are passed over.
 *
 * @example offsetReadings([{ file: '/x/20251223_161736_P.ips', captured_at: '2025-12-24T00:17:36.713Z' }])
 *   // [{ localMs: Date.UTC(2025, 11, 23, 16, 17, 36), offsetMinutes: -480 }]
 */
export function offsetReadings(
  captures: readonly { file: string; captured_at: string | null }[],
): OffsetReading[] {
  const out: OffsetReading[] = [];
  for (const c of captures) {
    const local = capturePrefixTime(c.file);
    const utc = c.captured_at ? Date.parse(c.captured_at) : Number.NaN;
    const localMs = local ? Date.parse(`${local}Z`) : Number.NaN;
    if (Number.isNaN(utc) || Number.isNaN(localMs)) continue;
    out.push({ localMs, offsetMinutes: Math.round((localMs - utc) / 900_000) * 15 });
  }
  return out.sort((a, b) => a.localMs - b.localMs || a.offsetMinutes - b.offsetMinutes);
}

/**
 * The offset of the local time `local` (`YYYY-MM-DDTHH:MM:SS`, no zone): the
 * reading nearest to it (the earlier one on a tie), or null when there is no
 * reading within {@link OFFSET_REACH_MS} (a week: far enough to cover a
 * report written between captures, near enough not to cross a
 * daylight-saving change unnoticed more than once).
 *
 * @example localOffset(readings, '2025-12-23T16:44:00') // { offsetMinutes: -480, readAt: '2025-12-23T16:43:36' }
 */
export function localOffset(readings: readonly OffsetReading[], local: string): LocalOffset | null {
  const ms = Date.parse(`${local}Z`);
  if (Number.isNaN(ms)) return null;
  let best: OffsetReading | null = null;
  for (const r of readings) {
    if (!best || Math.abs(r.localMs - ms) < Math.abs(best.localMs - ms)) best = r;
  }
  if (!best || Math.abs(best.localMs - ms) > OFFSET_REACH_MS) return null;
  return { offsetMinutes: best.offsetMinutes, readAt: new Date(best.localMs).toISOString().slice(0, 19) };
}
