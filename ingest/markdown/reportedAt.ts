/**
 * The date-time a report states for itself, as written: the first of its date
 * values (`**Date**`, `**Updated**`, …, in the order given) that holds a time
 * of day, else a time in its file name (`verification_n3231_20251224_062420.md`,
 * `verification_3059_2025-12-23-22-32.md`). Normalised to
 * `YYYY-MM-DDTHH:MM:SS`, with the zone appended only when the value names one
 * (`PST` → `-08:00`, `PDT` → `-07:00`, `UTC`/`GMT`/`Z` → `Z`, `-0800` →
 * `-08:00`). A time without a zone (every file-name time, `16:44`, `16:15
 * (local)`) stays without one: it is the writer's local time, and which zone
 * that was is the analysis' question (analysis/reportInstant.ts). A range
 * (`14:05-14:30 PST`) gives its end, when the report was written. Null when no
 * value and no file name holds a time.
 *
 * @example reportedAt(['2025-12-23 16:18 PST'], 'x.md') // '2025-12-23T16:18:00-08:00'
 * @example reportedAt(['2025-12-24'], 'verification_N3025_20251223_200037.md') // '2025-12-23T20:00:37'
 */
export function reportedAt(dateValues: readonly string[], path: string): string | null {
  for (const value of dateValues) {
    const t = timeInValue(value);
    if (t) return t;
  }
  return timeInFileName(path.split(/[\\/]/).pop() ?? '');
}

/** Offsets of the zone names reports use (US Pacific, where the team's Macs ran, and UTC). */
const ZONES: Record<string, string> = {
  pst: '-08:00',
  pdt: '-07:00',
  mst: '-07:00',
  mdt: '-06:00',
  cst: '-06:00',
  cdt: '-05:00',
  est: '-05:00',
  edt: '-04:00',
  utc: 'Z',
  gmt: 'Z',
  z: 'Z',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const two = (n: string | number) => String(n).padStart(2, '0');

function stamp(
  date: string,
  h: string,
  m: string,
  s: string | undefined,
  zone: string | undefined,
): string | null {
  if (+h > 23 || +m > 59 || (s !== undefined && +s > 59)) return null;
  const [y, mo, d] = date.split('-').map(Number);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return `${date}T${two(h)}:${m}:${s ?? '00'}${zoneOffset(zone)}`;
}

function zoneOffset(zone: string | undefined): string {
  if (!zone) return '';
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  return m ? `${m[1]}${m[2]}:${m[3]}` : '';
}

const ZONE = String.raw`(?:\s*\(?\s*(PST|PDT|MST|MDT|CST|CDT|EST|EDT|UTC|GMT|Z\b|[+-]\d{2}:?\d{2}))?`;
/**
 * `2025-12-23 16:18`, `2025-12-23T16:18:05.123`, `2025-12-23 14:05-14:30`, then an optional zone. A
 * range is only `HH:MM-HH:MM` after a space: `2025-12-20T02:55:00-08:00` ends in a zone offset.
 */
const ISO_TIME = new RegExp(
  String.raw`(\d{4})-(\d{1,2})-(\d{1,2})(?:[ ]+(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})(?![:\d])|[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)${ZONE}`,
);
/** `date(1)` output: `Wed Dec 23 16:18:00 PST 2025`. */
const DATE_CMD = /\b([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+([A-Z]{3,4})?\s*(\d{4})\b/;

function timeInValue(value: string): string | null {
  const m = ISO_TIME.exec(value);
  if (m) {
    const date = `${m[1]}-${two(m[2])}-${two(m[3])}`;
    // Groups: 4-5 the start of a range and 6-7 its end (the time taken); 8-10 a single time.
    if (m[6] !== undefined) return stamp(date, m[6], m[7], undefined, m[11]);
    return stamp(date, m[8], m[9], m[10], m[11]);
  }
  const c = DATE_CMD.exec(value);
  if (c && MONTHS.includes(c[1].toLowerCase())) {
    const date = `${c[7]}-${two(MONTHS.indexOf(c[1].toLowerCase()) + 1)}-${two(c[2])}`;
    return stamp(date, c[3], c[4], c[5], c[6]);
  }
  return null;
}

function timeInFileName(base: string): string | null {
  let m = /(?<!\d)(20\d{2})(\d{2})(\d{2})[_T-](\d{2})(\d{2})(\d{2})(?!\d)/.exec(base);
  if (m) return stamp(`${m[1]}-${m[2]}-${m[3]}`, m[4], m[5], m[6], undefined);
  m = /(?<!\d)(20\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})(?:-(\d{2}))?(?!\d)/.exec(base);
  if (m) return stamp(`${m[1]}-${m[2]}-${m[3]}`, m[4], m[5], m[6], undefined);
  return null;
}
