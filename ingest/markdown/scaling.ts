/**
 * Thread-scaling points (MAP §4, §5) from one block: the four table layouts
 * (row per thread count, column per thread count, long form, thread count in a
 * heading/caption or row label) and single statements in text
 * ("14.7% efficiency at 8 threads"). Look-alikes (async depth, batch size,
 * throttle, sync mode, mutex on/off, stress subtests) give nothing.
 */
import { configKey } from '../../store/configKey.ts';
import type { ScalingRow } from '../../store/rawTables.ts';
import type { Block, BlockContext, TableBlock, TextBlock } from './blocks.ts';
import { normHeader } from './normHeader.ts';
import { isMissing, parseNumber } from './numbers.ts';
import { isThreadCount, threadsIn } from './threadsIn.ts';

type Point = Pick<ScalingRow, 'line' | 'series' | 'threads' | 'throughput' | 'speedup' | 'efficiency_pct'>;

/** First-column headers of tables that are never thread scaling. */
const REJECT_FIRST =
  /^(depth|async depth|batch|batch size|throttle|metric|statistic|field|property|round|run|cycle|spec|gap|component|chapter|check|file|item|category|session|worker|step|phase|date)\b/;
/** Any header that marks an async-depth / batch / throttle / mutex comparison. */
const REJECT_ANY = /depth|^(batch( size)?|throttle|with mutex|without mutex|samples\/s|delta)$|^n ?= ?\d/;
/** Sections whose tables compare async depth, batching, throttling or workers, not thread counts. */
const REJECT_SECTION = /async|pipelin|depth|batch|throttl|variance|comparison to|semaphore/i;
/** Rows that summarise rather than measure. */
const SUMMARY_LABEL = /^(mean|avg|average|median|total|summary|range|min|max|overall|std)\b/i;

function toThreads(text: string): number | null {
  const m = /^\s*\**\s*(\d{1,4})\s*(?:t|threads?)?\s*\**\s*(?:\(.*\))?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return isThreadCount(n) ? n : null;
}

type Role = 'throughput' | 'speedup' | 'efficiency' | 'other';
function columnRole(h: string): Role {
  const s = normHeader(h);
  if (
    /per[- ]?(thread|user)|ideal|max scaling|std|p\d\d|avg|mean|\(ms\)|latency|improvement|ratio|difference|change/.test(
      s,
    )
  )
    return 'other';
  if (/efficien/.test(s)) return /mlx/.test(s) ? 'other' : 'efficiency';
  if (/^(achieved )?(speedup|scaling)\b/.test(s)) return 'speedup';
  if (/ops\/s|ops\/sec|throughput|^total ops\/s/.test(s)) return 'throughput';
  return 'other';
}

/** Columns that are extra throughput series (`WITH Mutex`, `Device Sync`), in tables with no named throughput column. */
function isSeriesColumn(h: string): boolean {
  const s = normHeader(h);
  if (!s || columnRole(h) !== 'other') return false;
  return !/concurrent|fraction|rate|ratio|improv|differ|change|diff|note|status|result|std|p\d\d|avg|mean|\bms\b|time|iteration|^ops$|operations|error|per[- ]|safe|behavio|analysis|crash|success|speedup|scaling|ideal/.test(
    s,
  );
}

function cellNum(text: string, role: Role): number | null {
  if (isMissing(text)) return null;
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (role === 'efficiency') return p.unit == null || p.unit === '%' ? p.value : null;
  if (role === 'speedup') return p.unit == null || p.unit === 'x' ? p.value : null;
  if (role === 'throughput')
    return p.unit == null || p.unit === 'ops/s' || p.unit === 'samples/s' ? p.value : null;
  return null;
}

/** The one thread count a caption, heading or row label states; `Single-threaded` is 1. */
function labelThreads(text: string | null | undefined): number | null {
  return threadsIn(text, { singleThreaded: true });
}

function baseSeries(t: TableBlock): string {
  const h = t.context.headingPath;
  return (t.caption ?? h[h.length - 1] ?? 'threads').replace(/[*:]+/g, '').trim() || 'threads';
}

function rowPoints(
  t: TableBlock,
  threadsOf: (cells: string[]) => number | null,
  series: (cells: string[]) => string,
) {
  const roles = t.header.map(columnRole);
  const tp = roles.map((r, i) => (r === 'throughput' ? i : -1)).filter((i) => i >= 0);
  const sp = roles.indexOf('speedup');
  const ef = roles.indexOf('efficiency');
  const out: Point[] = [];
  let extra: number[] = [];
  if (tp.length === 0 && sp < 0 && ef < 0)
    extra = t.header.map((h, i) => (i > 0 && isSeriesColumn(h) ? i : -1)).filter((i) => i > 0);
  const multi = tp.length > 1 ? tp : extra;
  for (const r of t.rows) {
    const cells = r.cells.map((c) => c.text);
    const threads = threadsOf(cells);
    if (threads == null) continue;
    if (multi.length > 0) {
      for (const i of multi) {
        const v = cellNum(cells[i] ?? '', 'throughput');
        if (v != null)
          out.push({
            line: r.line,
            series: `${series(cells)}: ${t.header[i].trim()}`,
            threads,
            throughput: v,
            speedup: null,
            efficiency_pct: null,
          });
      }
      continue;
    }
    const p: Point = {
      line: r.line,
      series: series(cells),
      threads,
      throughput: tp.length ? cellNum(cells[tp[0]] ?? '', 'throughput') : null,
      speedup: sp >= 0 ? cellNum(cells[sp] ?? '', 'speedup') : null,
      efficiency_pct: ef >= 0 ? cellNum(cells[ef] ?? '', 'efficiency') : null,
    };
    if (p.throughput != null || p.speedup != null || p.efficiency_pct != null) out.push(p);
  }
  // Extra series columns need a real series (≥ 2 thread counts) to count.
  if (extra.length > 0 && new Set(out.map((p) => p.threads)).size < 2) return [];
  return out;
}

function fromTable(t: TableBlock): Point[] {
  const h = t.header.map(normHeader);
  if (h.length < 2 || h.some((x) => REJECT_ANY.test(x))) return [];
  const threadHeader = (x: string) =>
    /^(threads?|thread count|# ?threads|num threads|n threads|threads used)( \(.*\))?$/.test(x);
  const base = baseSeries(t);

  // A. Row per thread count.
  if (threadHeader(h[0])) {
    const pts = rowPoints(
      t,
      (c) => toThreads(c[0] ?? ''),
      () => base,
    );
    return new Set(pts.map((p) => p.threads)).size >= 1 ? pts : [];
  }
  // B. Column per thread count.
  const tcols = h.map((x, i) => (i > 0 && /^\d{1,4} ?(t|threads?)$/.test(x) ? i : -1)).filter((i) => i > 0);
  const named = h
    .map((x, i) =>
      i > 0 &&
      /^\d{1,4} ?-? ?(t|threads?)\b.+/.test(x) &&
      columnRole(x.replace(/^\d+\S*\s*(threads?)?\s*/, '')) !== 'other'
        ? i
        : -1,
    )
    .filter((i) => i > 0);
  if (tcols.length < 2 && named.length >= 1 && !REJECT_FIRST.test(h[0])) {
    // B'. Thread count inside a column name: `Model|8 Threads ops/s|Speedup`, `Method|8-Thread Throughput|Efficiency`.
    const out: Point[] = [];
    const roles = h.map(columnRole);
    for (const r of t.rows) {
      const label = r.cells[0]?.text.trim() ?? '';
      if (!label || SUMMARY_LABEL.test(label)) continue;
      for (const i of named) {
        const threads = Number(/\d+/.exec(h[i])![0]);
        if (!isThreadCount(threads)) continue;
        const role = columnRole(h[i].replace(/^\d+\S*\s*(threads?)?\s*/, ''));
        const pt: Point = {
          line: r.line,
          series: label,
          threads,
          throughput: null,
          speedup: null,
          efficiency_pct: null,
        };
        const v = cellNum(r.cells[i]?.text ?? '', role);
        if (v == null) continue;
        if (role === 'throughput') pt.throughput = v;
        else if (role === 'speedup') pt.speedup = v;
        else pt.efficiency_pct = v;
        if (named.length === 1) {
          const sp = roles.indexOf('speedup');
          const ef = roles.indexOf('efficiency');
          if (sp > 0 && sp !== i) pt.speedup = cellNum(r.cells[sp]?.text ?? '', 'speedup');
          if (ef > 0 && ef !== i) pt.efficiency_pct = cellNum(r.cells[ef]?.text ?? '', 'efficiency');
        }
        out.push(pt);
      }
    }
    return out;
  }
  if (tcols.length >= 2 && !REJECT_FIRST.test(h[0])) {
    const sc = h.findIndex((x) => x === 'scaling' || x === 'speedup');
    const top = tcols[tcols.length - 1];
    const out: Point[] = [];
    for (const r of t.rows) {
      const label = r.cells[0]?.text.trim() ?? '';
      if (!label || SUMMARY_LABEL.test(label)) continue;
      for (const i of tcols) {
        const threads = Number(/\d+/.exec(h[i])![0]);
        const txt = r.cells[i]?.text ?? '';
        const p = isMissing(txt) ? null : parseNumber(txt);
        if (!p || p.range || !isThreadCount(threads)) continue;
        const pt: Point = {
          line: r.line,
          series: label,
          threads,
          throughput: null,
          speedup: null,
          efficiency_pct: null,
        };
        if (p.unit === '%') pt.efficiency_pct = p.value;
        else if (p.unit === 'x') pt.speedup = p.value;
        else if (p.unit == null || p.unit === 'ops/s') pt.throughput = p.value;
        else continue;
        if (i === top && tcols.length === 2 && sc > 0)
          pt.speedup = cellNum(r.cells[sc]?.text ?? '', 'speedup');
        out.push(pt);
      }
    }
    return out;
  }
  // C. Long form: name column + Threads column; keep names seen at ≥ 2 thread counts.
  const tc = h.findIndex((x, i) => i > 0 && threadHeader(x));
  if (tc > 0) {
    if (REJECT_FIRST.test(h[0])) return [];
    const pts = rowPoints(
      t,
      (c) => toThreads(c[tc] ?? ''),
      (c) => (c[0] ?? '').trim(),
    );
    const counts = new Map<string, Set<number>>();
    for (const p of pts) counts.set(p.series, (counts.get(p.series) ?? new Set()).add(p.threads));
    return pts.filter((p) => (counts.get(p.series)?.size ?? 0) >= 2 && !SUMMARY_LABEL.test(p.series));
  }
  if (REJECT_FIRST.test(h[0]) && !/^(metric|statistic|field)$/.test(h[0])) return [];
  const hp = t.context.headingPath;
  const stressy =
    hp.some((x) => /stress|soak|churn/i.test(x)) ||
    [t.caption ?? '', ...hp.slice(-2)].some((x) => REJECT_SECTION.test(x));
  // D. Thread count in the caption or the nearest heading: one point per named row.
  const scoped =
    labelThreads(t.caption) ?? labelThreads(t.context.headingPath[t.context.headingPath.length - 1]);
  if (scoped != null && !/^(metric|statistic|field|mode|sync mode|test)$/.test(h[0]) && !stressy) {
    const pts = rowPoints(
      t,
      () => scoped,
      (c) => `${base}: ${(c[0] ?? '').trim()}`,
    );
    return pts.filter((p) => {
      const label = p.series.slice(base.length + 2);
      return label && !SUMMARY_LABEL.test(label) && labelThreads(label) == null;
    });
  }
  // E. Thread count in a row label (`8 threads + event sync`, `Threading 8 threads (sync end)`).
  if (stressy) return [];
  const out: Point[] = [];
  const keyValue = /^(metric|statistic|field)$/.test(h[0]);
  const roles = t.header.map(columnRole);
  for (const r of t.rows) {
    const label = r.cells[0]?.text ?? '';
    if (/depth|batch|stress|soak|churn|max_threads|x\s*\d+|iterations|workers|process/i.test(label)) continue;
    const threads = labelThreads(label);
    if (threads == null) continue;
    const rest = label
      .replace(/\(?\b\d{1,4}\s*-?\s*(threads?|T)\b\)?|single[- ]thread(ed)?/gi, '')
      .replace(/^[\s+,:-]+|[\s+,:-]+$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const pt: Point = {
      line: r.line,
      series: rest ? `${base}: ${rest}` : base,
      threads,
      throughput: null,
      speedup: null,
      efficiency_pct: null,
    };
    for (let i = 1; i < r.cells.length; i++) {
      const p = parseNumber(r.cells[i].text);
      if (!p || p.range || p.approx) continue;
      const role = keyValue ? 'other' : roles[i];
      if (p.unit === 'ops/s' || (role === 'throughput' && p.unit == null)) pt.throughput ??= p.value;
      else if (role === 'efficiency' && (p.unit === '%' || p.unit == null)) pt.efficiency_pct ??= p.value;
      else if (keyValue && p.unit === '%' && /efficien/i.test(label)) pt.efficiency_pct ??= p.value;
      else if (role === 'speedup' && (p.unit === 'x' || p.unit == null)) pt.speedup ??= p.value;
    }
    if (pt.throughput != null || pt.efficiency_pct != null || pt.speedup != null) out.push(pt);
  }
  return out;
}

const PCT = String.raw`(\d{1,3}(?:\.\d+)?)\s*%`;
const THR = String.raw`(\d{1,4})\s*-?\s*(?:threads?|t)\b`;
/** Efficiency statements; group `p` is the percent, `t` the threads. */
const STATEMENTS: { re: RegExp; p: number; t: number; needsWord?: boolean }[] = [
  {
    re: new RegExp(
      String.raw`${PCT}\s*(?:scaling\s+|parallel\s+)?efficiency\s*(?:at|@|with|for|on)\s*${THR}`,
      'gid',
    ),
    p: 1,
    t: 2,
  },
  {
    re: new RegExp(
      String.raw`efficiency\s*(?:at|@)\s*${THR}\s*(?:\)|is|was|of|=|:|\|)?\s*\**\s*${PCT}`,
      'gid',
    ),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(String.raw`efficiency\s*\(\s*${THR}\s*\)\s*(?:is|was|of|=|:|\|)?\s*\**\s*${PCT}`, 'gid'),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(
      String.raw`\b${THR}\s+(?:scaling\s+)?efficiency\s*(?:is|was|of|=|:|\|)?\s*\**\s*${PCT}`,
      'gid',
    ),
    p: 2,
    t: 1,
  },
  {
    re: new RegExp(String.raw`${PCT}\s*(?:efficiency\s*)?(?:at|@)\s*${THR}`, 'gid'),
    p: 1,
    t: 2,
    needsWord: true,
  },
];
const HEDGE =
  /\b(avg|average|mean|median|target|goal|expected|documented|typical|claims?|previous|earlier|from|up to|ceiling of|baseline of|vs\.?|versus)\s*[:=]?\s*$/i;

/**
 * Efficiency points stated in one piece of text (a paragraph, list item or a
 * table cell). Approximate values (`~14%`), ranges (`13.0% - 15.7%`, `14-16%`)
 * and hedged numbers ("average 8-thread efficiency of ~14%", "documented ~13%")
 * are not points.
 *
 * @example scalingStatements('CONFIRMED: 14.7% efficiency at 8 threads') // [{threads: 8, efficiency_pct: 14.7}]
 */
export function scalingStatements(text: string): { threads: number; efficiency_pct: number }[] {
  const s = String(text ?? '').replace(/\*\*|`/g, '');
  if (!/efficien/i.test(s)) return [];
  const out: { threads: number; efficiency_pct: number }[] = [];
  const seen = new Set<string>();
  for (const { re, p, t } of STATEMENTS) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const pctIdx = m.indices?.[p]?.[0] ?? m.index;
      const before = s.slice(Math.max(0, m.index - 40), m.index);
      const near = s.slice(Math.max(0, pctIdx - 3), pctIdx);
      const after = s.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (/[~≈∼<>]\s*$|[-–]\s*$/.test(near) || /^\s*[-–]\s*\d/.test(after)) continue;
      if (/(\d\s*%?\s*[-–]|[~≈])\s*\d*\.?\d*\s*%?$/.test(s.slice(Math.max(0, pctIdx - 8), pctIdx))) continue;
      if (HEDGE.test(before) || /\b(avg|average|mean|median)\b/i.test(before.slice(-25))) continue;
      const threads = Number(m[t]);
      const eff = Number(m[p]);
      if (!isThreadCount(threads) || !Number.isFinite(eff) || eff > 1000) continue;
      const key = `${threads}:${eff}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ threads, efficiency_pct: eff });
    }
  }
  return out;
}

function fromText(b: TextBlock): Point[] {
  if (b.role === 'heading') return [];
  const h = b.context.headingPath;
  const series = (h[h.length - 1] ?? 'statement').trim() || 'statement';
  return scalingStatements(b.text).map((s) => ({
    line: b.line,
    series,
    threads: s.threads,
    throughput: null,
    speedup: null,
    efficiency_pct: s.efficiency_pct,
  }));
}

/** Statements inside cells of tables that are not scaling tables (`| … | PASS | 160/160 ops, 14.8% efficiency @ 8t |`). */
function fromCells(t: TableBlock): Point[] {
  const out: Point[] = [];
  for (const r of t.rows) {
    const label = (r.cells[0]?.text ?? '').trim();
    const joined = r.cells.map((c) => c.text).join(' | ');
    for (const s of scalingStatements(joined))
      out.push({
        line: r.line,
        series: label || baseSeries(t),
        threads: s.threads,
        throughput: null,
        speedup: null,
        efficiency_pct: s.efficiency_pct,
      });
  }
  return out;
}

function finish(points: Point[], ctx: BlockContext): ScalingRow[] {
  const config = configKey({ ...ctx, threads: null });
  return points.map((p) => ({ ...p, config, fix_variant: ctx.fix_variant }));
}

/**
 * Thread-scaling points from one block.
 *
 * Tables: row per thread count (`Threads|Ops/s|Scaling`,
 * `Threads|Throughput|Speedup|Efficiency`, several throughput columns become
 * several series), column per thread count (`Config|1T|4T|8T|16T|Max Scaling`:
 * one series per row, `Max Scaling` ignored; `Model|1 Thread|8 Threads|Scaling`:
 * the scaling goes to the higher count), long form (`Mode|Threads|Ops/s|Scaling`,
 * kept only for names seen at ≥ 2 thread counts, so stress subtests with one
 * fixed count give nothing), thread count in the caption or nearest heading
 * (`**8 threads x 100 iterations:**` above `Model|ops/s`), or in a row label
 * (`Threading 8 threads (sync end) | 3,913 ops/s`). Rejected: depth, batch,
 * throttle, mutex and sync-mode tables, key-value summaries (`Mean`, `Range`),
 * stress/soak sections. Text: efficiency statements, see {@link scalingStatements}.
 *
 * Units: efficiency in percent (14.7), speedup as a factor (1.17), throughput as
 * written (ops/s); `-`, `N/A` → null. `config` is the block's context with
 * threads null; `series` is the caption/heading (or row/config label).
 * A statement that restates a table point in the same report is removed by
 * {@link dedupeScaling}, which the report assembler should apply.
 *
 * @example extractScaling(tableUnder('### Efficiency Ceiling Test', ['Threads','Throughput','Speedup','Efficiency'], [['8','726.1','1.17x','14.7%']]))
 *   // [{series: 'Efficiency Ceiling Test', threads: 8, throughput: 726.1, speedup: 1.17, efficiency_pct: 14.7, …}]
 */
export function extractScaling(block: Block): ScalingRow[] {
  try {
    if (block.kind === 'text') return finish(fromText(block), block.context);
    const pts = fromTable(block);
    return finish(pts.length ? pts : fromCells(block), block.context);
  } catch {
    return [];
  }
}

/**
 * True when a table is a thread-scaling table in one of the four layouts (its
 * cells then belong to `scaling`, not to `metrics`).
 *
 * @example isScalingTable(threadsThroughputTable) // true
 */
export function isScalingTable(table: TableBlock): boolean {
  try {
    return fromTable(table).length > 0;
  } catch {
    return false;
  }
}

/**
 * Remove restatements from a report's scaling rows: an efficiency-only row (no
 * throughput, no speedup — what statements yield) is dropped when another row
 * with the same threads and efficiency (±0.05) carries more (a table point), or
 * when an earlier efficiency-only row of the same series says the same.
 * Seed 002: "Efficiency at 8 threads: 14.7%" and "14.7% at 8 threads" in the
 * findings restate the table's 8-thread row, which alone remains.
 *
 * @example dedupeScaling([tablePoint8, statement8]) // [tablePoint8]
 */
export function dedupeScaling(rows: ScalingRow[]): ScalingRow[] {
  const rich = rows.filter((r) => r.throughput != null || r.speedup != null);
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (r.throughput != null || r.speedup != null || r.efficiency_pct == null) return true;
    const eff = r.efficiency_pct;
    if (
      rich.some(
        (o) =>
          o.threads === r.threads && o.efficiency_pct != null && Math.abs(o.efficiency_pct - eff) <= 0.05,
      )
    )
      return false;
    const key = `${r.series}\u0000${r.threads}\u0000${eff}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
