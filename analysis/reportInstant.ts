/**
 * When a report was written, in UTC, from the date-time it states for itself
 * (`reports.reported_at`, ingest/markdown/reportedAt.ts). Reports mix zones:
 * `**Date**: 2025-12-24 00:05 UTC` in a file named `…2025-12-24` is Dec 23,
 * 16:05 in the team's Pacific time, and plenty of dates name no zone at all
 * (`2025-12-23 16:44`, every time in a file name). The rule:
 *
 * 1. a stated zone is taken as stated (`PST` = UTC−08:00, `UTC`);
 * 2. a time without a zone is the writer's local time, and the writer's
 *    offset is the one the crash captures of the same machine show nearest
 *    that time (analysis/localZone.ts) — on the corpus, UTC−08:00;
 * 3. otherwise (no capture within a week to read an offset from) the time
 *    cannot be placed, and the instant is null with the reason.
 *
 * Checked on the corpus: placed by this rule, 277 of the 280 crash-log
 * totals that reports with a time state equal the number of captures made
 * by that time (to the minute); the other three were read before the
 * report was written (N2992:29, the first half of its session; N2993
 * "17:30 PST (updated)"; N2994).
 */
import { localOffset, type OffsetReading } from './localZone.ts';

/** A report's time in UTC and how it was read, or null with the reason. */
export interface ReportInstant {
  /** ISO 8601 UTC, or null when the report's time cannot be placed. */
  at: string | null;
  /** How: `stated -08:00`, `stated UTC`, `local, UTC-08:00 as the captures of … show`, or why not. */
  rule: string;
}

const ZONED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** `-480` → `UTC-08:00`. */
export function utcOffsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * The UTC instant of a stated report time under the rule above.
 *
 * @example reportInstant('2025-12-23T16:18:00-08:00', []) // { at: '2025-12-24T00:18:00.000Z', rule: 'stated UTC-08:00' }
 * @example reportInstant(null, []) // { at: null, rule: 'the report states no time of day' }
 */
export function reportInstant(reportedAt: string | null, readings: readonly OffsetReading[]): ReportInstant {
  if (!reportedAt) return { at: null, rule: 'the report states no time of day' };
  const zoned = ZONED.exec(reportedAt);
  if (zoned) {
    const t = Date.parse(reportedAt);
    if (Number.isNaN(t)) return { at: null, rule: `unreadable time ${reportedAt}` };
    const zone = zoned[2] === 'Z' ? 'UTC' : `UTC${zoned[2]}`;
    return { at: new Date(t).toISOString(), rule: `stated ${zone}` };
  }
  if (!LOCAL.test(reportedAt)) return { at: null, rule: `unreadable time ${reportedAt}` };
  const offset = localOffset(readings, reportedAt);
  if (!offset)
    return {
      at: null,
      rule: 'no zone stated, and no crash capture within a week to read the local offset from',
    };
  const t = Date.parse(`${reportedAt}Z`) - offset.offsetMinutes * 60_000;
  return {
    at: new Date(t).toISOString(),
    rule: `no zone stated: local time, ${utcOffsetText(offset.offsetMinutes)} as the crash captures show (${offset.readAt.replace('T', ' ')})`,
  };
}
