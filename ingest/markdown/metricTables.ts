/**
 * Measurements in tables: columns named like metrics, or label + free text.
 */
import type { MetricRow } from '../../store/rawTables.ts';
import type { MetricName } from '../../store/vocabulary.ts';
import type { TableBlock } from './blocks.ts';
import { crashCounts } from './crashCounts.ts';
import { labelMetricContext, sectionMetricContext } from './metricContext.ts';
import { type Found, metricRow } from './metricRow.ts';
import { normHeader } from './normHeader.ts';
import {
  isMissing,
  numberValue,
  parseDurationS,
  parseFraction,
  parseLatencyMs,
  parseNumber,
} from './numbers.ts';
import { plainText } from './plainText.ts';
import { runMetrics } from './runMetrics.ts';
import { isScalingTable } from './scalingLayouts.ts';
import { threadsIn } from './threadsIn.ts';

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
  if (metric === 'duration_s')
    return parseDurationS(/\(ms\)/i.test(header) ? `${numberValue(text)} ms` : text);
  if (metric === 'latency_ms')
    return /\((µs|us)\)/i.test(header) ? (numberValue(text) ?? NaN) / 1000 : parseLatencyMs(text);
  const p = parseNumber(text);
  if (!p || p.range) return null;
  if (metric === 'ops_per_s' && p.unit && p.unit !== 'ops/s') return null;
  if (/^\d+\s*\/\s*\d+/.test(plainText(text))) return null;
  return p.value;
}

/**
 * Measurements of one table. Thread-scaling tables give nothing (their cells
 * are `scaling` rows). Columns named like metrics (`Operations`,
 * `Throughput`, `Errors`, `New Crashes`, `Avg (ms)`) are read per row, with a
 * `Threads` column or a thread tag in the row label; other tables are read as
 * label + free text (`Metric|Result`, `Test|Result|Details`): crash counts,
 * then run metrics unless the label names crashes. A `Completed | 160/160`
 * row counts operations done and failed. Crash counts get context `session`;
 * other rows the test the row label names, else the nearest heading's.
 *
 * @example tableMetrics(tableUnder('## Soak', ['Metric', 'Result'], [['Total ops', '489,706']]))
 *   // [{metric: 'ops', value: 489706, context: 'soak', …}]
 */
export function tableMetrics(t: TableBlock): MetricRow[] {
  if (isScalingTable(t)) return [];
  const ctx = t.context;
  const hctx = sectionMetricContext(ctx);
  const crashHeading = ctx.headingPath.some((h) => /crash/i.test(h));
  const out: MetricRow[] = [];
  const col = columnar(t);
  for (const r of t.rows) {
    const label = plainText(r.cells[0]?.text ?? '');
    const context = labelMetricContext(label) ?? hctx;
    const found: Found[] = [];
    if (col) {
      const threadsCell = col.threadsCol > 0 ? numberValue(r.cells[col.threadsCol]?.text ?? '') : null;
      const threads = threadsCell != null && Number.isInteger(threadsCell) ? threadsCell : threadsIn(label);
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
          /^(?:total )?(?:ops|operations)$/i.test(plainText(x.cells[0]?.text ?? '')),
        );
        if (!opsRow) found.push({ metric: 'ops', value: done.k, threads: null });
        found.push({ metric: 'errors', value: done.n - done.k, threads: null });
        for (const f of found) out.push(metricRow(r.line, f, context, ctx));
        continue;
      }
      if (/^crash(es)?( during (the )?run)?$/i.test(label)) {
        const v = numberValue(r.cells[1]?.text ?? '');
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
    for (const f of found)
      out.push(metricRow(r.line, f, f.metric.startsWith('crash_') ? 'session' : context, ctx));
  }
  return out;
}
