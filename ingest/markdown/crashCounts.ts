/**
 * Crash-log counts around a session (`crash_logs_before`, `crash_logs_after`,
 * `crash_logs_new`) in one line of text, in the wordings the reports use.
 *
 * Decisions: a crash *total* ("Total crashes: 274", "Crash Count: 260
 * (unchanged)") is `crash_logs_after`; "unchanged" (or "no new") says the
 * count before was the same, so it gives `crash_logs_before` the same value
 * and `crash_logs_new = 0`. A bare total is no `before`. Bare "- Before: N" / "- After: N" count only
 * under a heading that names crashes, and never when followed by "files"
 * (cleanup file counts).
 */
import type { MetricName } from '../../store/vocabulary.ts';
import type { Found } from './metricRow.ts';
import { numberValue } from './numbers.ts';
import { plainText } from './plainText.ts';

/**
 * Crash-log counts in one line of text, in their many wordings: "Crashes
 * before: 260", "Crash count after tests: 261", "Before tests: 274" (with
 * `crashHeading`), "New crashes: 0", "0 new crashes", "no new crashes",
 * "Crashes: 0 new", "Crash Count: 260 (unchanged)", "Total crashes: 274",
 * "Crash count unchanged at 274", "252 before → 253 after (+1 new)",
 * "248 → 249 (+1 new crash)", "256 (was 254 at session start, +2 during
 * testing)", "Total crash logs: 248 (was 247, +1 from this test)".
 * `crashHeading` says the line stands under a crash heading, which allows the
 * bare "- Before: N" form ("- Before: 312 files" is still refused).
 *
 * @example crashCounts('252 before → 253 after (+1 new crash)')
 *   // [{metric:'crash_logs_before',value:252},{metric:'crash_logs_after',value:253},{metric:'crash_logs_new',value:1}]
 */
export function crashCounts(line: string, crashHeading = false): Found[] {
  const s = plainText(line);
  const out: Found[] = [];
  const add = (metric: MetricName, v: string | number | null) => {
    const value = typeof v === 'number' ? v : v == null ? null : numberValue(v);
    if (value != null && value >= 0 && !out.some((f) => f.metric === metric))
      out.push({ metric, value, threads: null });
  };
  const crashy = crashHeading || /crash/i.test(s);
  if (!crashy) return out;
  const notFiles = String.raw`(?![\d,.])(?!\s*(?:files?|reports?|bytes|lines|KB|MB)\b)`;
  let m: RegExpExecArray | null;
  // Arrow forms: "252 before → 253 after", "248 → 249 (+1 new crash)".
  m = new RegExp(
    String.raw`(\d+(?:,\d{3})*)\s*(?:before\s*)?(?:→|->|=>)\s*(\d+(?:,\d{3})*)(?:\s*after)?${notFiles}`,
    'i',
  ).exec(s);
  if (m && /crash/i.test(s)) {
    add('crash_logs_before', m[1]);
    add('crash_logs_after', m[2]);
  }
  for (const [re, metric] of [
    [
      /crash(?:es|[ _]logs?|[ _]count)?\s*(?:count\s*)?before(?:\s+(?:tests?|testing|session|run))?\s*[:=|]\s*(\d+(?:,\d{3})*)/i,
      'crash_logs_before',
    ],
    [
      /crash(?:es|[ _]logs?|[ _]count)?\s*(?:count\s*)?after(?:\s+(?:tests?|testing|session|run))?\s*[:=|]\s*(\d+(?:,\d{3})*)/i,
      'crash_logs_after',
    ],
    [/(?:^|[\s-])before\s+(?:tests?|testing|session)\s*[:=|]\s*(\d+(?:,\d{3})*)/i, 'crash_logs_before'],
    [/(?:^|[\s-])after\s+(?:tests?|testing|session)\s*[:=|]\s*(\d+(?:,\d{3})*)/i, 'crash_logs_after'],
  ] as [RegExp, MetricName][]) {
    m = re.exec(s);
    if (m && new RegExp(`^${notFiles}`).test(s.slice(m.index + m[0].length))) add(metric, m[1]);
  }
  if (crashHeading) {
    m = new RegExp(String.raw`^(?:[-*+]\s*)?before\s*[:=|]\s*(\d+(?:,\d{3})*)${notFiles}`, 'i').exec(s);
    if (m) add('crash_logs_before', m[1]);
    m = new RegExp(String.raw`^(?:[-*+]\s*)?after\s*[:=|]\s*(\d+(?:,\d{3})*)${notFiles}`, 'i').exec(s);
    if (m) add('crash_logs_after', m[1]);
  }
  // Totals: "Crash Count: 260 (unchanged)", "Total crashes: 274", "Crash logs: 256 (was 254 …, +2 …)".
  m =
    /(?:crash[ _]count|total[ _]crash(?:es|[ _]logs?)|crash[ _]logs?(?:[ _]total)?|crash[ _]reports?)\s*(?:total)?\s*[:=|]\s*(\d+(?:,\d{3})*)(?!\s*(?:new|\/))(\s*\(([^)]*)\))?/i.exec(
      s,
    );
  if (m && !out.some((f) => f.metric === 'crash_logs_after')) {
    add('crash_logs_after', m[1]);
    const paren = m[3] ?? '';
    const was = /\bwas\s*(\d+(?:,\d{3})*)/i.exec(paren);
    if (was) add('crash_logs_before', was[1]);
    const plus = /\+\s*(\d+(?:,\d{3})*)/.exec(paren);
    if (plus) add('crash_logs_new', plus[1]);
    // An unchanged total was the same before the session: before = after, none new.
    if (/unchanged|no new/i.test(paren)) {
      add('crash_logs_before', m[1]);
      add('crash_logs_new', 0);
    }
  }
  m = /crash(?:[ _]count|es|[ _]logs?)\s+unchanged\s+at\s+(\d+(?:,\d{3})*)/i.exec(s);
  if (m) {
    add('crash_logs_before', m[1]);
    add('crash_logs_after', m[1]);
    add('crash_logs_new', 0);
  }
  // "(274 before/after)".
  m = /(\d+(?:,\d{3})*)\s*before\s*\/\s*after/i.exec(s);
  if (m) {
    add('crash_logs_before', m[1]);
    add('crash_logs_after', m[1]);
  }
  // New crashes.
  m = /new[ _]crash(?:es|[ _]logs?)?(?:\s+(?:this|during|in)\s+\w+)?\s*[:=|]\s*(\d+(?:,\d{3})*)/i.exec(s);
  if (m) add('crash_logs_new', m[1]);
  m = /(?:^|[^\w/.])(\+?\d+(?:,\d{3})*|zero|no)\s+new\s+crash(?:es|[ _]logs?)?\b/i.exec(s);
  if (m) add('crash_logs_new', /^(zero|no)$/i.test(m[1]) ? 0 : m[1].replace('+', ''));
  m = /crash(?:es|[ _]logs?)\s*[:=|]\s*(\d+(?:,\d{3})*)\s+new\b/i.exec(s);
  if (m) add('crash_logs_new', m[1]);
  m = /\(\s*\+\s*(\d+(?:,\d{3})*)\s+(?:new|during|from)/i.exec(s);
  if (m) add('crash_logs_new', m[1]);
  if (/\b(?:without|no) dylib\b/i.test(s)) for (const f of out) f.native = true;
  return out;
}
