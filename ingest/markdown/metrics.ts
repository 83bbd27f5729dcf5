/**
 * Measurements other than pass rates and scaling points (DESIGN.md `metrics`):
 * crash-log counts around a session, soak/stress results, throughput, latency,
 * samples/s, efficiency. One block in, rows out; never throws.
 *
 * Vocabulary: `crash_logs_before`, `crash_logs_after`, `crash_logs_new`, `ops`,
 * `ops_per_s`, `samples_per_s`, `errors`, `duration_s`, `efficiency_pct`,
 * `latency_ms`.
 *
 * Decisions:
 * - "Crashes | 0" in a run summary (a row labelled just "Crashes") counts crashes
 *   during the run, i.e. new crash logs: `crash_logs_new`. A crash *total*
 *   ("Total crashes: 274", "Crash Count: 260 (unchanged)") is `crash_logs_after`;
 *   "unchanged" adds `crash_logs_new = 0`; no `before` is invented.
 * - Bare "- Before: N" / "- After: N" count only under a heading that names
 *   crashes, and never when followed by "files" (cleanup file counts).
 * - Headings yield nothing (their numbers restate the section); tables that are
 *   thread-scaling tables yield no metrics (they are `scaling` rows).
 * - Text under "Findings", "Conclusion", "Analysis", "Recommendations" (and
 *   similar) headings gives crash counts only: its run numbers restate the
 *   results above ("127K ops, 0 errors" in seed 002's findings).
 * - An efficiency stated with a thread count is a scaling point, not a metric;
 *   averages ("Avg Efficiency") belong to `batches`, not here.
 */
import { configKey } from '../../store/configKey.ts';
import type { MetricRow } from '../../store/rawTables.ts';
import type { Block, BlockContext, TableBlock } from './blocks.ts';
import { normHeader } from './normHeader.ts';
import { isMissing, parseDurationS, parseFraction, parseLatencyMs, parseNumber } from './numbers.ts';
import { isScalingTable } from './scaling.ts';
import { threadsIn } from './threadsIn.ts';

export type MetricName =
  | 'crash_logs_before'
  | 'crash_logs_after'
  | 'crash_logs_new'
  | 'ops'
  | 'ops_per_s'
  | 'samples_per_s'
  | 'errors'
  | 'duration_s'
  | 'efficiency_pct'
  | 'latency_ms';

const UNITS: Record<MetricName, string | null> = {
  crash_logs_before: 'count',
  crash_logs_after: 'count',
  crash_logs_new: 'count',
  ops: 'ops',
  ops_per_s: 'ops/s',
  samples_per_s: 'samples/s',
  errors: 'count',
  duration_s: 's',
  efficiency_pct: '%',
  latency_ms: 'ms',
};

/** A measurement found in a piece of text, before provenance and config are attached. */
export interface Found {
  metric: MetricName;
  value: number;
  threads: number | null;
  /** Set when the text itself says which configuration ("… without dylib"). */
  native?: boolean;
}

const CONTEXTS: [RegExp, string][] = [
  [/soak/i, 'soak'],
  [/stress|max_threads/i, 'stress'],
  [/multi[- _]?model|real models|models? parallel/i, 'multi_model'],
  [/batch/i, 'batching'],
  [/thread[ _]?safety/i, 'thread_safety'],
  [/churn/i, 'thread_churn'],
  [/graph[ _]?compil/i, 'graph_compilation'],
  [/memory[ _]?leak/i, 'memory_leak'],
  [/complete[ _]?story/i, 'complete_story'],
  [/async|pipelin|depth/i, 'async_pipeline'],
  [/multi[- _]?queue|queue/i, 'multi_queue'],
  [/throttl|semaphore/i, 'throttle'],
  [/efficien/i, 'efficiency'],
  [/benchmark|performance|throughput/i, 'benchmark'],
];

/**
 * Which test a label or heading names: `soak`, `stress`, `multi_model`,
 * `batching`, `thread_safety`, `thread_churn`, `graph_compilation`,
 * `memory_leak`, `complete_story`, `async_pipeline`, `multi_queue`, `throttle`,
 * `efficiency`, `benchmark`; null when none.
 *
 * @example metricContext('Soak Test (60s)') // 'soak'
 */
export function metricContext(label: string | null | undefined): string | null {
  if (!label) return null;
  for (const [re, name] of CONTEXTS) if (re.test(label)) return name;
  return null;
}

const N = String.raw`(\d+(?:,\d{3})*(?:\.\d+)?\s*[kKM]?)`;
function num(s: string): number | null {
  const p = parseNumber(s);
  return p && !p.range ? p.value : null;
}

function clean(text: string): string {
  return String(text ?? '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

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
  const s = clean(line);
  const out: Found[] = [];
  const add = (metric: MetricName, v: string | number | null) => {
    const value = typeof v === 'number' ? v : v == null ? null : num(v);
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
    if (/unchanged|no new/i.test(paren)) add('crash_logs_new', 0);
    if (/unchanged/i.test(paren) && !/from|since/i.test(paren)) {
      /* no before: an unchanged total says nothing about the start */
    }
  }
  m = /crash(?:[ _]count|es|[ _]logs?)\s+unchanged\s+at\s+(\d+(?:,\d{3})*)/i.exec(s);
  if (m) {
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

/** The thread count a measurement clause states, else the one its row label states. */
function threadTag(clause: string, label: string): number | null {
  return threadsIn(clause) ?? threadsIn(label);
}

// Compiled once: runMetrics runs on every clause of every line of the corpus.
const RATE = new RegExp(
  String.raw`(?:^|[^\d/.,])~?${N}\s*(ops\/s(?:ec)?|ops per second|samples\/s(?:ec)?|samp\/s)(?![\w/])`,
  'gi',
);
const OPS = new RegExp(
  String.raw`(?:^|[^\d/.,+])${N}\+?\s*(?:total\s+)?(?:ops|operations)\b(?!\s*\/|\/)`,
  'gi',
);
const OPS_LABELLED = new RegExp(
  String.raw`(?:total\s+)?(?:ops|operations)\s*(?:completed)?\s*[:=]\s*${N}(?!\s*\/|\d)`,
  'i',
);
const THROUGHPUT_LABELLED = new RegExp(
  String.raw`(?:throughput|ops\/s)\s*[:=]\s*~?${N}(?!\s*[-–/]\s*\d)`,
  'i',
);

/**
 * Soak/stress/throughput measurements in one piece of text: "60s, 489,706 ops,
 * 8161.3 ops/s", "482k ops", "N ops @ M ops/s, 0 errors", "Ops: N, Errors: M",
 * "8t: 4922.7 ops/s, 16t: 5068.8 ops/s", "1.4M samples/s", "avg latency 1.2 ms",
 * "Total ops: 127,818", "Duration: 20.5s", "Throughput: 6,232 ops/s". `label`
 * (a row label such as "Soak Test (60s)") is used for thread tags and the
 * soak duration. Fractions ("160/160 ops") are not op counts; errors and
 * durations count only beside an op count or throughput, or when labelled.
 *
 * @example runMetrics('489,836 ops @ 8162.9 ops/s, 0 errors') // ops 489836, ops_per_s 8162.9, errors 0
 */
export function runMetrics(text: string, label = ''): Found[] {
  const s = clean(text);
  const out: Found[] = [];
  const push = (metric: MetricName, value: number | null, threads: number | null) => {
    if (value == null || !Number.isFinite(value) || value < 0) return;
    if (!out.some((f) => f.metric === metric && f.value === value && f.threads === threads))
      out.push({ metric, value, threads });
  };
  const clauses = s.split(/[,;]\s+|\s+\|\s+/);
  for (const c of clauses) {
    if (!/\d/.test(c)) continue; // nothing to read
    let m: RegExpExecArray | null;
    RATE.lastIndex = 0;
    for (m = RATE.exec(c); m; m = RATE.exec(c)) {
      const after = c.slice(m.index + m[0].length);
      if (/^\s*[-–]\s*\d/.test(after) || /\d\s*[-–]\s*$/.test(c.slice(0, m.index + 1))) continue;
      push(/samp/i.test(m[2]) ? 'samples_per_s' : 'ops_per_s', num(m[1]), threadTag(c, label));
    }
    OPS.lastIndex = 0;
    for (m = OPS.exec(c); m; m = OPS.exec(c)) push('ops', num(m[1]), threadTag(c, label));
    m = OPS_LABELLED.exec(c);
    if (m) push('ops', num(m[1]), threadTag(c, label));
    m = THROUGHPUT_LABELLED.exec(c);
    if (m && !/samp/i.test(c)) push('ops_per_s', num(m[1]), threadTag(c, label));
  }
  const hasRun = out.some((f) => f.metric === 'ops' || f.metric === 'ops_per_s');
  let m =
    /(?:^|[^\w/])(\d+(?:,\d{3})*|no|zero)\s+errors?\b/i.exec(s) ??
    /\berrors?\s*[:=]\s*(\d+(?:,\d{3})*)/i.exec(s);
  if (m && (hasRun || /^\s*(total\s+)?errors?\s*:/i.test(s) || /soak|stress/i.test(label))) {
    push('errors', /^(no|zero)$/i.test(m[1]) ? 0 : num(m[1]), null);
  }
  m =
    /\b(?:duration|elapsed|time|wall time|run time)\s*(?:\(s\))?\s*[:=]\s*(\d+(?:,\d{3})*(?:\.\d+)?\s*(?:ms|s|sec|seconds|min|minutes|h)?)\b/i.exec(
      s,
    );
  if (m) push('duration_s', parseDurationS(m[1]), null);
  else if (hasRun) {
    m =
      /(?:^|[\s(,])(\d+(?:\.\d+)?)\s*(?:s|sec|seconds)\b(?!\s*\/)/i.exec(s) ??
      (/soak/i.test(label) ? /\((\d+(?:\.\d+)?)\s*(?:s|sec|seconds)\b/i.exec(label) : null);
    if (m) push('duration_s', num(m[1]), null);
  }
  const lat =
    /\b(latency|avg|mean|p50|p9\d|median|per[- ]op)\b[^,;|]{0,25}?(\d+(?:,\d{3})*(?:\.\d+)?)\s*(ms|µs|μs|us)\b/gi;
  for (let l = lat.exec(s); l; l = lat.exec(s))
    push('latency_ms', parseLatencyMs(`${l[2]} ${l[3]}`), threadTag(s, label));
  const eff =
    /(?:^|[^\d.~≈\-–])(\d{1,3}(?:\.\d+)?)\s*%\s*(?:scaling\s+)?efficiency\b(?!\s*(?:at|@|with|for|on)\s*\d)/gi;
  for (let e = eff.exec(s); e; e = eff.exec(s)) {
    const before = s.slice(Math.max(0, e.index - 25), e.index + 1);
    if (/\b(avg|average|mean|median|target|documented|expected|ceiling)\b/i.test(before)) continue;
    if (threadTag(s.slice(e.index, e.index + e[0].length + 12), '') != null) continue;
    push('efficiency_pct', num(e[1]), null);
  }
  return out;
}

/** The test a row label or line lead names, ignoring labels that are metric names ("Throughput", "Errors"). */
function labelContext(label: string): string | null {
  if (
    /^(total |avg |average |mean )?(ops|operations|throughput|duration|time|errors?|efficiency|latency|result|status|value|crashes)\b/i.test(
      label.trim(),
    )
  )
    return null;
  return metricContext(label);
}

/** Sections whose text restates results measured elsewhere in the report. */
const RESTATING =
  /^(\d+\.\s*)?(key )?(findings|conclusions?|analysis|recommendations?|interpretation|blockers|next steps|comparison|discussion|notes)\b/i;

function cfg(ctx: BlockContext, threads: number | null, native: boolean | undefined): string | null {
  const labels = {
    ...ctx,
    threads: threads ?? ctx.threads,
    fix_variant: native ? 'native' : ctx.fix_variant,
  };
  if (
    labels.fix_variant == null &&
    labels.torch_version == null &&
    labels.threads == null &&
    labels.wrapper == null
  )
    return null;
  return configKey(labels);
}

function headingContext(ctx: BlockContext): string | null {
  for (let i = ctx.headingPath.length - 1; i >= 0; i--) {
    const c = metricContext(ctx.headingPath[i]);
    if (c) return c;
  }
  return null;
}

const COLUMN_METRICS: [RegExp, MetricName][] = [
  [/^(total )?(ops|operations|total ops|ops completed)$/, 'ops'],
  [/samples\/s|samp\/s/, 'samples_per_s'],
  [/ops\/s|ops\/sec|throughput/, 'ops_per_s'],
  [/^(errors?|failures)$/, 'errors'],
  [/new crash/, 'crash_logs_new'],
  [/^(duration|time|elapsed)( \((s|sec|ms|min)\))?$/, 'duration_s'],
  [/latency|^(avg|mean|p50|p9\d|median)( latency)? \((ms|µs|us)\)$/, 'latency_ms'],
];

function columnar(t: TableBlock): { cols: [number, MetricName][]; threadsCol: number } | null {
  const h = t.header.map(normHeader);
  const cols: [number, MetricName][] = [];
  h.forEach((x, i) => {
    if (i === 0) return;
    const hit = COLUMN_METRICS.find(([re]) => re.test(x));
    if (hit && !/per[- ]?(thread|user)|speedup|scaling/.test(x)) cols.push([i, hit[1]]);
  });
  if (cols.length === 0) return null;
  return { cols, threadsCol: h.findIndex((x, i) => i > 0 && /^threads?$/.test(x)) };
}

function cellValue(metric: MetricName, text: string, header: string): number | null {
  if (isMissing(text)) return null;
  if (metric === 'duration_s') return parseDurationS(/\(ms\)/i.test(header) ? `${num(text)} ms` : text);
  if (metric === 'latency_ms')
    return /\((µs|us)\)/i.test(header) ? (num(text) ?? NaN) / 1000 : parseLatencyMs(text);
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (metric === 'ops_per_s' && p.unit && p.unit !== 'ops/s') return null;
  if (/^\d+\s*\/\s*\d+/.test(clean(text))) return null;
  return p.value;
}

function fromTable(t: TableBlock): MetricRow[] {
  if (isScalingTable(t)) return [];
  const ctx = t.context;
  const hctx = headingContext(ctx);
  const crashHeading = ctx.headingPath.some((h) => /crash/i.test(h));
  const out: MetricRow[] = [];
  const col = columnar(t);
  for (const r of t.rows) {
    const label = clean(r.cells[0]?.text ?? '');
    const context = labelContext(label) ?? hctx;
    const found: Found[] = [];
    if (col) {
      const threadsCell = col.threadsCol > 0 ? num(r.cells[col.threadsCol]?.text ?? '') : null;
      const threads =
        threadsCell != null && Number.isInteger(threadsCell) ? threadsCell : threadTag('', label);
      for (const [i, metric] of col.cols) {
        const v = cellValue(metric, r.cells[i]?.text ?? '', t.header[i]);
        if (v != null && Number.isFinite(v)) found.push({ metric, value: v, threads });
      }
    } else {
      const rest = r.cells
        .slice(1)
        .map((c) => c.text)
        .join(' | ');
      const kv = `${label}: ${rest}`;
      // "Completed | 160/160" in a test's Metric|Result table: operations done and failed.
      const done = /^(?:ops |operations )?completed$/i.test(label)
        ? parseFraction(r.cells[1]?.text ?? '')
        : null;
      if (done && !done.approx) {
        const opsRow = t.rows.some((x) =>
          /^(?:total )?(?:ops|operations)$/i.test(clean(x.cells[0]?.text ?? '')),
        );
        if (!opsRow) found.push({ metric: 'ops', value: done.k, threads: null });
        found.push({ metric: 'errors', value: done.n - done.k, threads: null });
        for (const f of found) out.push(row(r.line, f, context, ctx));
        continue;
      }
      if (/^crash(es)?( during (the )?run)?$/i.test(label)) {
        const v = num(r.cells[1]?.text ?? '');
        if (v != null) found.push({ metric: 'crash_logs_new', value: v, threads: null });
      }
      found.push(...crashCounts(kv, crashHeading));
      if (!/crash/i.test(label)) {
        const kvLabel = /^(total ops|ops|operations|duration|time|throughput|errors?|total errors)$/i.test(
          label,
        );
        found.push(...runMetrics(kvLabel ? kv : rest, label));
      }
    }
    for (const f of found) out.push(row(r.line, f, f.metric.startsWith('crash_') ? 'session' : context, ctx));
  }
  return out;
}

function row(line: number, f: Found, context: string | null, ctx: BlockContext): MetricRow {
  return {
    line,
    metric: f.metric,
    value: f.value,
    unit: UNITS[f.metric],
    threads: f.threads,
    config: cfg(ctx, f.threads, f.native),
    context,
  };
}

/**
 * Measurements from one block, in the shared vocabulary (see the module doc).
 * Text blocks (paragraphs, list items): crash counts and run metrics; the
 * context is the test named at the start of the line ("soak_test_quick: …",
 * "Extended stress (8 threads): …") or else the nearest heading that names one
 * (`soak`, `stress`, `multi_model`, …); crash counts get context `session`.
 * Tables: columns named like metrics (`Operations`, `Throughput`, `Errors`,
 * `New Crashes`, `Avg (ms)`) are read per row, with a `Threads` column or a
 * thread tag in the row label; other tables are read as label + free text
 * (`Metric|Result`, `Test|Result|Details`). Thread-scaling tables give nothing
 * here. `config` is the block context (threads from the row when stated), or
 * null when nothing is known.
 *
 * @example extractMetrics(textUnder('## Crash Status', '- Crashes before: 260'))
 *   // [{metric: 'crash_logs_before', value: 260, unit: 'count', context: 'session', …}]
 */
export function extractMetrics(block: Block): MetricRow[] {
  try {
    if (block.kind === 'table') return dedupe(fromTable(block));
    if (block.role === 'heading') return [];
    const ctx = block.context;
    const text = clean(block.text);
    const crashHeading = ctx.headingPath.some((h) => /crash/i.test(h));
    const lead = /^(?:[-*+]\s*)?([^:]{2,60}?):\s/.exec(text);
    const label = lead?.[1] ?? '';
    const context = labelContext(label) ?? headingContext(ctx);
    const restating = RESTATING.test(ctx.headingPath[ctx.headingPath.length - 1] ?? '');
    const found = [
      ...crashCounts(text, crashHeading),
      ...(/crash/i.test(label) || restating ? [] : runMetrics(text, label)),
    ];
    return dedupe(
      found.map((f) => row(block.line, f, f.metric.startsWith('crash_') ? 'session' : context, ctx)),
    );
  } catch {
    return [];
  }
}

function dedupe(rows: MetricRow[]): MetricRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.line}|${r.metric}|${r.value}|${r.threads}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
