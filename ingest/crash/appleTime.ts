/**
 * Converts an Apple crash-report time (`2025-12-23 10:46:40.1234 -0800`, as in
 * `captureTime` and `Date/Time:`) to an ISO-8601 UTC string with milliseconds
 * (`2025-12-23T18:46:40.123Z`). An ISO string passes through normalised.
 * Returns null for anything else (never throws).
 */
export function appleTimeToIso(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  let zone = m[4] ?? 'Z';
  if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${m[1]}T${m[2]}.${frac}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
