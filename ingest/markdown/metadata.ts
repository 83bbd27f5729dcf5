/**
 * Report metadata: title, date, worker N and hardware. What a report says
 * about the environment of its runs (fix variant, torch, threads, wrapper,
 * workload, serialisation) is read by envStatements.ts and resolved per block
 * by resolveEnvironment.ts.
 */
import type { Field } from './fields.ts';
import { reportedAt } from './reportedAt.ts';
import type { WalkedBlock } from './walk.ts';

/** What the header of a report says about the report itself. */
export interface ReportMetadata {
  title: string | null;
  titleLine: number | null;
  report_date: string | null;
  /** The date-time the report states for itself, as written (ingest/markdown/reportedAt.ts). */
  reported_at: string | null;
  /** The latest date the date keys give (`2025-12-23 (Updated 2025-12-25)` → 2025-12-25), else `report_date`. */
  updated_date: string | null;
  worker_n: number | null;
  hardware: string | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An ISO date (YYYY-MM-DD) from the date formats reports use: `2025-12-23`,
 * `2025-12-23 14:05 PST`, `2025-12-23T05:23:53Z`, `20251224`, `December 23, 2025`,
 * `23 Dec 2025`. The date is taken as written (no time-zone shift). Month-only
 * dates (`December 2025`) give null.
 *
 * @example parseReportDate('2025-12-20 17:42:41.7696 -0800') // '2025-12-20'
 */
export function parseReportDate(text: string): string | null {
  let m = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)/.exec(text);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  if (m && MONTHS.includes(m[1].slice(0, 3).toLowerCase()))
    return isoDate(+m[3], MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, +m[2]);
  m = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/.exec(text);
  if (m && MONTHS.includes(m[2].slice(0, 3).toLowerCase()))
    return isoDate(+m[3], MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1, +m[1]);
  return null;
}

/**
 * The worker N in a `**Worker**` value: `N=2809`, `N=98 (N mod 7 = 0 …)`,
 * `#3151`, `3065`, `Claude (N=3715)`; null for `AI`.
 *
 * @example workerFromValue('N=11, Updated N=952') // 11
 */
export function workerFromValue(value: string): number | null {
  const m =
    /\bN\s*=\s*(\d{1,6})/i.exec(value) ?? /#\s*(\d{1,6})\b/.exec(value) ?? /^\s*(\d{1,6})\b/.exec(value);
  return m ? Number(m[1]) : null;
}

/**
 * The worker N from a file name: `_N2941_`, `verification_n3170_…`; never the
 * number after `verification_round_` (a round number).
 *
 * @example workerFromPath('archive/x/verification_round_1000_N2860_2025-12-23.md') // 2860
 */
export function workerFromPath(path: string): number | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const m = /(?:^|[_-])N(\d{1,5})(?=[_.-]|$)/i.exec(base);
  return m ? Number(m[1]) : null;
}

function cleanHardware(value: string): string | null {
  let v = value.replace(/`/g, '').trim();
  const apple = v.search(/Apple\s/);
  if (apple > 0) v = v.slice(apple);
  // Cut at the first comma or semicolon outside parentheses ("Apple M4 Max, macOS 15.7.3").
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === ';') && depth === 0 && !/\d/.test(v[i + 1] ?? '')) {
      v = v.slice(0, i);
      break;
    }
  }
  v = v.trim();
  if (!v || v.length > 80 || /^macos/i.test(v) || !/apple|\bM\d\b|arm64|mac(?!os)/i.test(v)) return null;
  return v;
}

const DATE_KEY = /^(?:date|report date|created|generated|timestamp|updated|last updated)$/;

/**
 * The report's date (the first date key, else the file name's date) and the
 * date it was last updated: the latest date an `Updated` key or an
 * "(Updated …)" note gives, never before the report's date.
 *
 * @param fields the report's fields, header first
 * @param path the file path, for the date in its name ('' for none)
 * @example reportDates(fieldsOf(walk(tree)), '').updated_date // '2025-12-25' for "**Date**: 2025-12-23 (Updated 2025-12-25)"
 */
export function reportDates(
  fields: readonly Field[],
  path: string,
): { report_date: string | null; updated_date: string | null } {
  let report_date: string | null = null;
  const updates: string[] = [];
  for (const f of fields) {
    if (!DATE_KEY.test(f.key)) continue;
    const d = parseReportDate(f.value);
    if (d && !report_date) report_date = d;
    if (d && /^(?:updated|last updated)$/.test(f.key)) updates.push(d);
    for (const m of f.value.matchAll(/\b(?:updated|revised)\b[^)\n]*/gi)) {
      const u = parseReportDate(m[0]);
      if (u) updates.push(u);
    }
  }
  if (!report_date && path) report_date = parseReportDate(path.split(/[\\/]/).pop() ?? '');
  const latest = updates.sort().pop() ?? null;
  const updated_date = latest != null && (report_date == null || latest > report_date) ? latest : report_date;
  return { report_date, updated_date };
}

/**
 * Reads the report metadata from walked blocks and their fields. Worker N
 * comes from `**Worker**`, then `**Iteration**`, then the title's `N=`, then
 * the file name.
 */
export function readMetadata(blocks: WalkedBlock[], fields: Field[], path: string): ReportMetadata {
  const firstSection = blocks.findIndex(
    (b) => b.kind === 'text' && b.role === 'heading' && b.context.headingPath.length >= 2,
  );
  const headerEnd = firstSection < 0 ? blocks.length : firstSection;
  const inHeader = (f: Field) => f.block < headerEnd;
  const ordered = [...fields.filter(inHeader), ...fields.filter((f) => !inHeader(f))];
  const get = (re: RegExp, where: (f: Field) => boolean = () => true) =>
    ordered.filter((f) => re.test(f.key) && where(f));

  const titleBlock = blocks.find((b) => b.kind === 'text' && b.role === 'heading');
  const title = titleBlock && titleBlock.kind === 'text' ? titleBlock.text : null;

  const { report_date, updated_date } = reportDates(ordered, path);

  let worker_n: number | null = null;
  for (const f of get(/^worker(?: n| id)?$/)) {
    worker_n = workerFromValue(f.value);
    if (worker_n != null) break;
  }
  if (worker_n == null)
    for (const f of get(/^iteration$/)) {
      worker_n = workerFromValue(f.value);
      if (worker_n != null) break;
    }
  if (worker_n == null && title) {
    const m = /\bN\s*=\s*(\d{1,6})/.exec(title);
    if (m) worker_n = Number(m[1]);
  }
  if (worker_n == null) worker_n = workerFromPath(path);

  let hardware: string | null = null;
  for (const f of get(/^(?:hardware|machine|chip|device|metal device|gpu|platform|system|host|soc)$/)) {
    hardware = cleanHardware(f.value);
    if (hardware) break;
  }

  return {
    title,
    titleLine: titleBlock?.line ?? null,
    report_date,
    reported_at: reportedAt(
      get(DATE_KEY).map((f) => f.value),
      path,
    ),
    updated_date,
    worker_n,
    hardware,
  };
}
