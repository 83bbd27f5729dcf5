/**
 * Thread-scaling points (MAP §4, §5) from one block: tables by their layout
 * (scalingLayouts.ts: row per thread count, column per thread count, long
 * form, thread count in a heading/caption or row label) and single statements
 * in text or table cells (scalingStatements.ts: "14.7% efficiency at 8
 * threads"). Look-alikes (async depth, batch size, throttle, sync mode, mutex
 * on/off, stress subtests) give nothing. A report's points are deduplicated
 * once all blocks are read (dedupeScaling.ts).
 */
import { configKey } from '../../store/configKey.ts';
import type { ScalingRow } from '../../store/rawTables.ts';
import type { Block, BlockContext, TableBlock, TextBlock } from './blocks.ts';
import { baseSeries } from './scalingColumns.ts';
import { type SCALING_LAYOUTS, scalingTablePoints } from './scalingLayouts.ts';
import { type ScalingPoint, scalingPoint } from './scalingPoint.ts';
import { scalingStatements } from './scalingStatements.ts';

/** Statements in a paragraph or list item; the series is the nearest heading. */
function fromText(b: TextBlock): ScalingPoint[] {
  if (b.role === 'heading') return [];
  const h = b.context.headingPath;
  const series = (h[h.length - 1] ?? 'statement').trim() || 'statement';
  return scalingStatements(b.text).map((s) =>
    scalingPoint(b.line, series, s.threads, { efficiency_pct: s.efficiency_pct }),
  );
}

/** Statements inside cells of tables that are not scaling tables (`| … | PASS | 160/160 ops, 14.8% efficiency @ 8t |`). */
function fromCells(t: TableBlock): ScalingPoint[] {
  const out: ScalingPoint[] = [];
  for (const r of t.rows) {
    const label = (r.cells[0]?.text ?? '').trim();
    const joined = r.cells.map((c) => c.text).join(' | ');
    for (const s of scalingStatements(joined))
      out.push(scalingPoint(r.line, label || baseSeries(t), s.threads, { efficiency_pct: s.efficiency_pct }));
  }
  return out;
}

/** The rows of a block's points: its configuration (threads null: they vary) and fix variant. */
function finish(points: ScalingPoint[], ctx: BlockContext): ScalingRow[] {
  const config = configKey({ ...ctx, threads: null });
  return points.map((p) => ({ ...p, config, fix_variant: ctx.fix_variant }));
}

/**
 * Thread-scaling points from one block.
 *
 * Tables (see {@link SCALING_LAYOUTS}): row per thread count (`Threads|Ops/s|Scaling`,
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
 * A table that is not a scaling table gives the statements in its cells.
 *
 * @example extractScaling(tableUnder('### Efficiency Ceiling Test', ['Threads','Throughput','Speedup','Efficiency'], [['8','726.1','1.17x','14.7%']]))
 *   // [{series: 'Efficiency Ceiling Test', threads: 8, throughput: 726.1, speedup: 1.17, efficiency_pct: 14.7, …}]
 */
export function extractScaling(block: Block): ScalingRow[] {
  if (block.kind === 'text') return finish(fromText(block), block.context);
  const pts = scalingTablePoints(block);
  return finish(pts.length ? pts : fromCells(block), block.context);
}
