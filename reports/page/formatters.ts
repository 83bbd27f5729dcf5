/**
 * Formatters for inline values (`{{ x.rate | pct:1 }}`) and the plain display
 * of any value in text and table cells. Deterministic: no locale or time zone
 * from the environment.
 */

/** Shown for null / missing values. */
export const MISSING = '—';

/**
 * Plain display of a row value: integers as is, other numbers with 4
 * significant digits, lists joined with `; `, objects as JSON, null as `—`.
 */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  }
  if (Array.isArray(value)) return value.map(displayValue).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

type Formatter = {
  /** Checks the argument; returns an error message or undefined. */
  check(arg: string | undefined): string | undefined;
  apply(value: unknown, arg: string | undefined): string;
};

const digits = (def: number) => ({
  check: (arg: string | undefined) =>
    arg === undefined || /^\d$/.test(arg) ? undefined : `expects a digit 0–9, got "${arg}"`,
  n: (arg: string | undefined) => (arg === undefined ? def : Number(arg)),
});

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

const noArg = (arg: string | undefined) => (arg === undefined ? undefined : 'takes no argument');

const group = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Every formatter by name. `pct[:d]` 0.1234 → `12.3%` (d decimals, default 1);
 * `fixed[:d]` → d decimals (default 2); `sig[:d]` → d significant digits
 * (default 3); `int` → rounded with thousands commas; `date` → `YYYY-MM-DD`;
 * `datetime` → `YYYY-MM-DD HH:MM` (UTC); `count:NOUN` → `1 NOUN`, `2 NOUNs` (a
 * whole number as `int` writes it, and the noun in the singular only for 1,
 * so a page never says "1 files"; `count:ONE/MANY` names both forms, and may
 * carry the verb: `count:crash is/crashes are` → `1 crash is`, `2 crashes are`); `default:TEXT` replaces a null; `source`
 * adds a footnote naming the row's `source_path:line` (handled by the renderer).
 * A non-numeric value given to a numeric formatter is shown as is.
 */
export const FORMATTERS: Record<string, Formatter> = {
  pct: {
    check: digits(1).check,
    apply: (v, a) => {
      const n = num(v);
      return n === undefined ? displayValue(v) : `${(n * 100).toFixed(digits(1).n(a))}%`;
    },
  },
  fixed: {
    check: digits(2).check,
    apply: (v, a) => {
      const n = num(v);
      return n === undefined ? displayValue(v) : n.toFixed(digits(2).n(a));
    },
  },
  sig: {
    check: (a) => (a === undefined || /^[1-9]$/.test(a) ? undefined : `expects a digit 1–9, got "${a}"`),
    apply: (v, a) => {
      const n = num(v);
      return n === undefined
        ? displayValue(v)
        : String(Number(n.toPrecision(a === undefined ? 3 : Number(a))));
    },
  },
  int: {
    check: noArg,
    apply: (v) => {
      const n = num(v);
      if (n === undefined) return displayValue(v);
      const r = Math.round(n);
      return (r < 0 ? '-' : '') + group(String(Math.abs(r)));
    },
  },
  count: {
    check: (a) => (a ? undefined : 'needs the noun: count:NOUN'),
    apply: (v, a) => {
      const n = num(v);
      if (n === undefined) return displayValue(v);
      const [one, many = `${one}s`] = (a ?? '').split('/');
      return `${FORMATTERS.int.apply(n, undefined)} ${Math.round(n) === 1 ? one : many}`;
    },
  },
  date: {
    check: noArg,
    apply: (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : displayValue(v)),
  },
  datetime: {
    check: noArg,
    apply: (v) =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)
        ? `${v.slice(0, 10)} ${v.slice(11, 16)}`
        : displayValue(v),
  },
  default: {
    check: (a) => (a === undefined ? 'needs the text to show: default:TEXT' : undefined),
    apply: (v, a) => (v === null || v === undefined ? (a ?? '') : displayValue(v)),
  },
  source: { check: noArg, apply: (v) => displayValue(v) },
};

/** Columns a row needs for the `source` formatter. */
export const SOURCE_COLUMNS = ['source_path', 'line'] as const;

/**
 * Applies a chain of formatters (other than `source`) to a value: null stays
 * `—` unless a `default` says otherwise.
 */
export function applyFormats(value: unknown, formats: readonly { name: string; arg?: string }[]): string {
  let current: unknown = value;
  let text: string | undefined;
  for (const f of formats) {
    if (f.name === 'source') continue;
    if (current === null || current === undefined) {
      if (f.name !== 'default') continue;
    }
    text = FORMATTERS[f.name].apply(current, f.arg);
    current = text;
  }
  return text ?? displayValue(value);
}
