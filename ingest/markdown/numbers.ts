/**
 * Number normalisation for report text: thousands separators, K/M suffixes,
 * approximations (`~14`, `15+`), uncertainties (`6,232 ± 43`), units (`%`, `x`,
 * `ms`, …), ranges (`13.9% - 15.4%`) and fractions (`27-28/30`). Pure; never
 * throws on bad input (returns null).
 */

/** A number as written in a report, with what was said around it. */
export interface ParsedNumber {
  /** The point value; for a range, its midpoint. Suffixes applied (`468K` → 468000). */
  value: number;
  /** True for `~14`, `≈14`, `15+`, `>100`, `<1`, `about 14`. */
  approx: boolean;
  /** Lower bound: the range start, or `value - pm`; equal to `value` for a plain point. */
  low: number;
  /** Upper bound: the range end, or `value + pm`; equal to `value` for a plain point. */
  high: number;
  /** True when written as a range (`13.9% - 15.4%`, `~14-16%`). */
  range: boolean;
  /** The ± part (`6,232 ± 43` → 43), or null. */
  pm: number | null;
  /** Unit as written, lower-cased and normalised: `%`, `x`, `ms`, `us`, `s`, `ops/s`, …, or null. */
  unit: string | null;
}

/** A `k/n` fraction; `k` may be a range (`27-28/30` → kLow 27, kHigh 28, k 27). */
export interface Fraction {
  k: number;
  n: number;
  kLow: number;
  kHigh: number;
  approx: boolean;
}

const NUM = String.raw`[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−]?\.\d+`;
const SUFFIX = '[kKmMbB](?![a-zA-Z])';
const ONE = new RegExp(String.raw`^(${NUM})\s*(${SUFFIX})?`);

const UNIT_ALIASES: Record<string, string> = {
  '%': '%',
  x: 'x',
  '×': 'x',
  ms: 'ms',
  us: 'us',
  µs: 'us',
  μs: 'us',
  ns: 'ns',
  s: 's',
  sec: 's',
  secs: 's',
  seconds: 's',
  second: 's',
  min: 'min',
  mins: 'min',
  minutes: 'min',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hours: 'h',
  'ops/s': 'ops/s',
  'ops/sec': 'ops/s',
  ops: 'ops',
  'samples/s': 'samples/s',
  'samples/sec': 'samples/s',
  mb: 'MB',
  gb: 'GB',
  kb: 'KB',
};
const UNIT_RE =
  /^(%|×|x(?![a-z])|ops\/s(?:ec)?|samples\/s(?:ec)?|ops(?![a-z])|ms|[µμu]s|ns|seconds?|secs?|s(?![a-z])|minutes|mins?|hours|hrs?|h(?![a-z])|[mkg]b(?![a-z]))/i;

function strip(text: string): string {
  return text
    .replace(/\*\*|__|`/g, '')
    .replace(/\u00a0|\u202f/g, ' ')
    .trim();
}

function toNumber(raw: string, suffix: string | undefined): number {
  const n = Number(raw.replace(/,/g, '').replace('−', '-'));
  const mult = !suffix ? 1 : /k/i.test(suffix) ? 1e3 : /m/i.test(suffix) ? 1e6 : 1e9;
  // Avoid 1.4 * 1e6 = 1399999.9999999998.
  return mult === 1 ? n : Number((n * mult).toPrecision(12));
}

function readUnit(rest: string): { unit: string | null; len: number } {
  const m = UNIT_RE.exec(rest.replace(/^\s+/, ''));
  if (!m) return { unit: null, len: 0 };
  const lead = rest.length - rest.replace(/^\s+/, '').length;
  return { unit: UNIT_ALIASES[m[1].toLowerCase()] ?? m[1].toLowerCase(), len: lead + m[1].length };
}

/**
 * Parse one number as written in a report cell or phrase.
 *
 * Accepts `1,234`, `468K`, `1.4M`, `~14`, `≈14`, `15+`, `>100`, `6,232 ± 43`
 * (also `+/-`), `**17.93x**`, `83.0%`, ranges `13.9% - 15.4%`, `~14-16%`,
 * `14–16`, `14 to 16`. Leading prose is not skipped: the text must start with
 * the number (after `~`, `<`, `>`, `≈`, `about`). Trailing text after the unit
 * is ignored (`8161.3 ops/s (peak)` → 8161.3). `-`, `N/A`, `—`, empty → null.
 *
 * @example parseNumber('~14-16%') // {value: 15, low: 14, high: 16, range: true, approx: true, unit: '%', pm: null}
 */
export function parseNumber(text: string): ParsedNumber | null {
  if (typeof text !== 'string') return null;
  let s = strip(text);
  let approx = false;
  const pre = /^(?:~|≈|∼|about\s+|approx\.?\s+|approximately\s+|>=?|<=?|≥|≤)\s*/i.exec(s);
  if (pre) {
    approx = true;
    s = s.slice(pre[0].length);
  }
  const first = ONE.exec(s);
  if (!first) return null;
  let value = toNumber(first[1], first[2]);
  if (!Number.isFinite(value)) return null;
  let rest = s.slice(first[0].length);
  let unit: string | null = null;
  let u = readUnit(rest);
  if (u.unit) {
    unit = u.unit;
    rest = rest.slice(u.len);
  }
  if (/^\+(?![\d/])/.test(rest)) {
    approx = true;
    rest = rest.slice(1);
  }
  let low = value;
  let high = value;
  let range = false;
  let pm: number | null = null;
  const pmm = /^\s*(?:±|\+\/-|\+-)\s*/.exec(rest);
  const rng = /^\s*(?:-|–|—|to)\s*~?\s*/.exec(rest);
  if (pmm) {
    const m = ONE.exec(rest.slice(pmm[0].length));
    if (m) {
      pm = Math.abs(toNumber(m[1], m[2]));
      low = value - pm;
      high = value + pm;
      rest = rest.slice(pmm[0].length + m[0].length);
      if (!unit) {
        u = readUnit(rest);
        unit = u.unit;
      }
    }
  } else if (rng && !/^\s*-\s*$/.test(rest)) {
    const after = rest.slice(rng[0].length);
    const m = ONE.exec(after);
    // A range needs a second number not starting a fraction's denominator context ("27-28/30" handled by parseFraction).
    if (m && !m[1].startsWith('-') && !m[1].startsWith('−')) {
      const second = toNumber(m[1], m[2] ?? first[2]);
      const u2 = readUnit(after.slice(m[0].length));
      if (Number.isFinite(second) && (!unit || !u2.unit || u2.unit === unit)) {
        low = Math.min(value, second);
        high = Math.max(value, second);
        value = (low + high) / 2;
        range = true;
        unit = unit ?? u2.unit;
      }
    }
  }
  return { value, approx, low, high, range, pm, unit };
}

/**
 * The point value of a cell, or null. Ranges give null (a range is not a
 * point); use {@link parseNumber} to see them.
 *
 * @example numberValue('**17.93x**') // 17.93
 */
export function numberValue(text: string): number | null {
  const p = parseNumber(text);
  return p && !p.range ? p.value : null;
}

/**
 * A percentage as a number of percent (`83.0%` → 83). Bare numbers are
 * accepted as percent (a cell under an "Efficiency" header); other units →
 * null; ranges → null.
 *
 * @example parsePercent('14.7%') // 14.7
 */
export function parsePercent(text: string): number | null {
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (p.unit && p.unit !== '%') return null;
  return p.value;
}

/**
 * A speedup factor (`1.66x`, `**17.93x**`, `1.66`). Units other than `x` → null.
 *
 * @example parseFactor('1.17x') // 1.17
 */
export function parseFactor(text: string): number | null {
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (p.unit && p.unit !== 'x') return null;
  return p.value;
}

/**
 * A fraction `k/n` (`17/20`, `1,234/1,500`, `~27-28/30`, `20 / 20`), found at
 * the start of the text. Returns null when absent or when k > n or n ≤ 0.
 *
 * @example parseFraction('27-28/30') // {k: 27, kLow: 27, kHigh: 28, n: 30, approx: true}
 */
export function parseFraction(text: string): Fraction | null {
  if (typeof text !== 'string') return null;
  const s = strip(text);
  const m = new RegExp(String.raw`^(~|≈)?\s*(${NUM})(?:\s*[-–]\s*(${NUM}))?\s*/\s*(${NUM})`).exec(s);
  if (!m) return null;
  const a = toNumber(m[2], undefined);
  const b = m[3] ? toNumber(m[3], undefined) : a;
  const n = toNumber(m[4], undefined);
  if (![a, b, n].every(Number.isFinite) || n <= 0 || a < 0) return null;
  const kLow = Math.min(a, b);
  const kHigh = Math.max(a, b);
  if (kHigh > n) return null;
  return { k: kLow, n, kLow, kHigh, approx: !!m[1] || kLow !== kHigh };
}

/**
 * A duration in seconds from `60s`, `20.5 s`, `5 min`, `1.5h`, `120 seconds`,
 * `250ms`. A bare number is taken as seconds. Null when no duration.
 *
 * @example parseDurationS('5 min') // 300
 */
export function parseDurationS(text: string): number | null {
  const p = parseNumber(text);
  if (!p || p.range) return null;
  const f: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9, min: 60, h: 3600 };
  if (p.unit == null) return p.value;
  const k = f[p.unit];
  return k == null ? null : Number((p.value * k).toPrecision(12));
}

/**
 * A latency in milliseconds from `1.2ms`, `850µs`, `850 us`, `0.5 s`. A bare
 * number is taken as ms. Null otherwise.
 *
 * @example parseLatencyMs('850µs') // 0.85
 */
export function parseLatencyMs(text: string): number | null {
  const p = parseNumber(text);
  if (!p || p.range) return null;
  const f: Record<string, number> = { ms: 1, us: 1e-3, ns: 1e-6, s: 1e3 };
  if (p.unit == null) return p.value;
  const k = f[p.unit];
  return k == null ? null : Number((p.value * k).toPrecision(12));
}

/** True for cells that mean "no value": `-`, `—`, `N/A`, `n/a`, `TBD`, `?`, empty. */
export function isMissing(text: string): boolean {
  return /^\s*(?:[-–—?]|n\/?a|tbd|none|)\s*$/i.test(strip(String(text ?? '')));
}
