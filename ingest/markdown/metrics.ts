/**
 * Measurements other than pass rates and scaling points (DESIGN.md `metrics`):
 * crash-log counts around a session, soak/stress results, throughput, latency,
 * samples/s, efficiency. One block in, rows out. Pieces: crash counts
 * (crashCounts.ts), run metrics (runMetrics.ts), metric tables
 * (metricTables.ts), which test a metric measures (metricContext.ts), and the
 * row a measurement becomes (metricRow.ts).
 *
 * Vocabulary (store/vocabulary.ts `METRIC_UNITS`): `crash_logs_before`,
 * `crash_logs_after`, `crash_logs_new`, `ops`, `ops_per_s`, `samples_per_s`,
 * `errors`, `duration_s`, `efficiency_pct`, `latency_ms`.
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
import type { MetricRow } from '../../store/rawTables.ts';
import type { Block } from './blocks.ts';
import { crashCounts } from './crashCounts.ts';
import { labelMetricContext, sectionMetricContext } from './metricContext.ts';
import { metricRow } from './metricRow.ts';
import { tableMetrics } from './metricTables.ts';
import { plainText } from './plainText.ts';
import { runMetrics } from './runMetrics.ts';

/** Sections whose text restates results measured elsewhere in the report. */
const RESTATING =
  /^(\d+\.\s*)?(key )?(findings|conclusions?|analysis|recommendations?|interpretation|blockers|next steps|comparison|discussion|notes)\b/i;

/**
 * Measurements from one block, in the shared vocabulary (see the module doc).
 * Text blocks (paragraphs, list items): crash counts (crashCounts.ts) and run
 * metrics (runMetrics.ts); the context is the test named at the start of the
 * line ("soak_test_quick: …", "Extended stress (8 threads): …") or else the
 * nearest heading that names one (`soak`, `stress`, `multi_model`, …); crash
 * counts get context `session`. Tables: see metricTables.ts; thread-scaling
 * tables give nothing here. `config` is the block context (threads from the
 * row when stated), or null when nothing is known. A row repeated on one line
 * (same metric, value and threads) is kept once.
 *
 * @example extractMetrics(textUnder('## Crash Status', '- Crashes before: 260'))
 *   // [{metric: 'crash_logs_before', value: 260, unit: 'count', context: 'session', …}]
 */
export function extractMetrics(block: Block): MetricRow[] {
  if (block.kind === 'table') return dedupe(tableMetrics(block));
  if (block.role === 'heading') return [];
  const ctx = block.context;
  const text = plainText(block.text);
  const crashHeading = ctx.headingPath.some((h) => /crash/i.test(h));
  const lead = /^(?:[-*+]\s*)?([^:]{2,60}?):\s/.exec(text);
  const label = lead?.[1] ?? '';
  const context = labelMetricContext(label) ?? sectionMetricContext(ctx);
  const restating = RESTATING.test(ctx.headingPath[ctx.headingPath.length - 1] ?? '');
  const found = [
    ...crashCounts(text, crashHeading),
    ...(/crash/i.test(label) || restating ? [] : runMetrics(text, label)),
  ];
  return dedupe(
    found.map((f) => metricRow(block.line, f, f.metric.startsWith('crash_') ? 'session' : context, ctx)),
  );
}

/** Rows of one line that say the same thing once. */
function dedupe(rows: MetricRow[]): MetricRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.line}|${r.metric}|${r.value}|${r.threads}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
