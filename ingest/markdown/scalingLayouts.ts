/**
 * Thread-scaling tables as a table of layouts (MAP §4, §5): each layout says
 * when a table is laid out its way and how its points are read; the first
 * layout that applies decides, and some layouts exist only to refuse
 * look-alikes (async depth, batch size, throttle, sync mode, mutex on/off,
 * stress subtests, key/value summaries).
 */
import type { TableBlock } from './blocks.ts';
import { normHeader } from './normHeader.ts';
import { rowLabelPoints } from './rowLabelPoints.ts';
import { rowPoints } from './rowPoints.ts';
import { baseSeries, cellThreads, labelThreads, SUMMARY_LABEL } from './scalingColumns.ts';
import type { ScalingPoint } from './scalingPoint.ts';
import { namedColumnRole, namedThreadColumnPoints, threadColumnPoints } from './threadColumnPoints.ts';

/** First-column headers of tables that are never thread scaling. */
const REJECT_FIRST =
  /^(depth|async depth|batch|batch size|throttle|metric|statistic|field|property|round|run|cycle|spec|gap|component|chapter|check|file|item|category|session|worker|step|phase|date)\b/;
/** Any header that marks an async-depth / batch / throttle / mutex comparison. */
const REJECT_ANY = /depth|^(batch( size)?|throttle|with mutex|without mutex|samples\/s|delta)$|^n ?= ?\d/;
/** Sections whose tables compare async depth, batching, throttling or workers, not thread counts. */
const REJECT_SECTION = /async|pipelin|depth|batch|throttl|variance|comparison to|semaphore/i;
/** First headers of key/value tables (`Metric|Value`). */
const KEY_VALUE = /^(metric|statistic|field)$/;

const isThreadHeader = (x: string) =>
  /^(threads?|thread count|# ?threads|num threads|n threads|threads used)( \(.*\))?$/.test(x);

/** What the layouts look at, read once per table. */
export interface ScalingTable {
  table: TableBlock;
  /** The headers, normalised (normHeader.ts). */
  h: string[];
  /** The default series: caption or nearest heading (scalingColumns.ts `baseSeries`). */
  base: string;
  /** Columns named by a thread count alone (`1T`, `8 threads`). */
  threadColumns: number[];
  /** Columns named by a thread count and a role (`8 Threads ops/s`, `8-Thread Throughput`). */
  namedThreadColumns: number[];
  /** A Threads column after the first, or -1. */
  threadsColumn: number;
  /** The first header names what is never thread scaling (`Round`, `Batch`, `Metric`, …). */
  rejectFirst: boolean;
  /** In a stress/soak/churn section, or one comparing depth, batching or throttling. */
  stressy: boolean;
  /** The one thread count the caption or nearest heading states. */
  scoped: number | null;
}

/**
 * Reads what the layouts look at from a table.
 *
 * @example scalingTable(tableUnder('### Scaling', ['Threads', 'Ops/s'], [])).h // ['threads', 'ops/s']
 */
export function scalingTable(table: TableBlock): ScalingTable {
  const h = table.header.map(normHeader);
  const hp = table.context.headingPath;
  return {
    table,
    h,
    base: baseSeries(table),
    threadColumns: h
      .map((x, i) => (i > 0 && /^\d{1,4} ?(t|threads?)$/.test(x) ? i : -1))
      .filter((i) => i > 0),
    namedThreadColumns: h
      .map((x, i) =>
        i > 0 && /^\d{1,4} ?-? ?(t|threads?)\b.+/.test(x) && namedColumnRole(x) !== 'other' ? i : -1,
      )
      .filter((i) => i > 0),
    threadsColumn: h.findIndex((x, i) => i > 0 && isThreadHeader(x)),
    rejectFirst: REJECT_FIRST.test(h[0] ?? ''),
    stressy:
      hp.some((x) => /stress|soak|churn/i.test(x)) ||
      [table.caption ?? '', ...hp.slice(-2)].some((x) => REJECT_SECTION.test(x)),
    scoped: labelThreads(table.caption) ?? labelThreads(hp[hp.length - 1]),
  };
}

/** One way a scaling table can be laid out, or a look-alike refused. */
export interface ScalingLayout {
  name: string;
  /** True when the table is laid out this way (the first layout that applies decides). */
  applies(t: ScalingTable): boolean;
  points(t: ScalingTable): ScalingPoint[];
}

const none = (): ScalingPoint[] => [];

/**
 * The layouts, tried in order; the first that applies gives the table's
 * points (none, for the refusals).
 */
export const SCALING_LAYOUTS: readonly ScalingLayout[] = [
  {
    name: 'look-alike header (depth, batch size, throttle, mutex, delta, N=…)',
    applies: ({ h }) => h.length < 2 || h.some((x) => REJECT_ANY.test(x)),
    points: none,
  },
  {
    // `Threads|Ops/s|Scaling`, `Threads|Throughput|Speedup|Efficiency`.
    name: 'row per thread count',
    applies: ({ h }) => isThreadHeader(h[0]),
    points: ({ table, base }) =>
      rowPoints(
        table,
        (c) => cellThreads(c[0] ?? ''),
        () => base,
      ),
  },
  {
    // `Model|8 Threads ops/s|Speedup`, `Method|8-Thread Throughput|Efficiency`.
    name: 'thread count inside a column name',
    applies: (t) => t.threadColumns.length < 2 && t.namedThreadColumns.length >= 1 && !t.rejectFirst,
    points: ({ table, h, namedThreadColumns }) => namedThreadColumnPoints(table, h, namedThreadColumns),
  },
  {
    // `Config|1T|4T|8T|16T|Max Scaling`, `Model|1 Thread|8 Threads|Scaling`.
    name: 'column per thread count',
    applies: (t) => t.threadColumns.length >= 2 && !t.rejectFirst,
    points: ({ table, h, threadColumns }) => threadColumnPoints(table, h, threadColumns),
  },
  {
    name: 'long form of a table that is not scaling (`Round|Threads|…`)',
    applies: (t) => t.threadsColumn > 0 && t.rejectFirst,
    points: none,
  },
  {
    // `Mode|Threads|Ops/s|Scaling`: names seen at ≥ 2 thread counts (stress subtests at one count give nothing).
    name: 'long form',
    applies: (t) => t.threadsColumn > 0,
    points: ({ table, threadsColumn }) => {
      const pts = rowPoints(
        table,
        (c) => cellThreads(c[threadsColumn] ?? ''),
        (c) => (c[0] ?? '').trim(),
      );
      const counts = new Map<string, Set<number>>();
      for (const p of pts) counts.set(p.series, (counts.get(p.series) ?? new Set()).add(p.threads));
      return pts.filter((p) => (counts.get(p.series)?.size ?? 0) >= 2 && !SUMMARY_LABEL.test(p.series));
    },
  },
  {
    name: 'first column never thread scaling (round, batch, component, …)',
    applies: (t) => t.rejectFirst && !KEY_VALUE.test(t.h[0]),
    points: none,
  },
  {
    // `**8 threads x 100 iterations:**` above `Model|ops/s`: one point per named row.
    name: 'thread count in the caption or nearest heading',
    applies: (t) =>
      t.scoped != null && !/^(metric|statistic|field|mode|sync mode|test)$/.test(t.h[0]) && !t.stressy,
    points: ({ table, base, scoped }) =>
      rowPoints(
        table,
        () => scoped,
        (c) => `${base}: ${(c[0] ?? '').trim()}`,
      ).filter((p) => {
        const label = p.series.slice(base.length + 2);
        return label && !SUMMARY_LABEL.test(label) && labelThreads(label) == null;
      }),
  },
  {
    name: 'stress, soak or comparison section',
    applies: (t) => t.stressy,
    points: none,
  },
  {
    // `8 threads + event sync | …`, `Threading 8 threads (sync end) | 3,913 ops/s`.
    name: 'thread count in a row label',
    applies: () => true,
    points: ({ table, h, base }) => rowLabelPoints(table, h, base),
  },
];

/**
 * The layout a table is read by: the first of {@link SCALING_LAYOUTS} that applies.
 *
 * @example scalingLayout(scalingTable(threadsThroughputTable)).name // 'row per thread count'
 */
export function scalingLayout(t: ScalingTable): ScalingLayout {
  return SCALING_LAYOUTS.find((l) => l.applies(t))!;
}

/**
 * The thread-scaling points of a table, by its layout; none for look-alikes
 * and tables of other kinds.
 *
 * @example scalingTablePoints(tableUnder('### Ceiling', ['Threads','Throughput','Speedup','Efficiency'], [['8','726.1','1.17x','14.7%']]))
 *   // [{series: 'Ceiling', threads: 8, throughput: 726.1, speedup: 1.17, efficiency_pct: 14.7, line: …}]
 */
export function scalingTablePoints(table: TableBlock): ScalingPoint[] {
  const t = scalingTable(table);
  return scalingLayout(t).points(t);
}

/**
 * True when a table is a thread-scaling table in one of the layouts (its
 * cells then belong to `scaling`, not to `metrics`).
 *
 * @example isScalingTable(threadsThroughputTable) // true
 */
export function isScalingTable(table: TableBlock): boolean {
  return scalingTablePoints(table).length > 0;
}
