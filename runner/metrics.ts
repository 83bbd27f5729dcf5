/**
 * Measurements read from an attempt's output: named-group regexes
 * (`(?<efficiency_pct>[\d.]+)% efficiency at (?<threads>\d+) threads`), the
 * suite's thread table (`Thread Count | Throughput | Speedup | Efficiency`),
 * and keys of a JSON result file the test writes.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Metric, ScalingPoint } from '../store/roundLog.ts';
import type { MetricsSpec } from './campaignSchema.ts';

const num = (s: string | undefined): number | null => {
  if (s == null) return null;
  const n = Number.parseFloat(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
};

/**
 * Applies the regexes to the text: every match gives one metric per named
 * group, except the groups `threads` and `unit`, which qualify the others.
 */
export function regexMetrics(spec: MetricsSpec, stdout: string, stderr: string): Metric[] {
  const out: Metric[] = [];
  for (const r of spec.regex) {
    const text = r.stream === 'stdout' ? stdout : r.stream === 'stderr' ? stderr : `${stdout}\n${stderr}`;
    for (const m of text.matchAll(new RegExp(r.pattern, 'g'))) {
      const groups = m.groups ?? {};
      const threads = num(groups.threads);
      for (const [name, raw] of Object.entries(groups)) {
        if (name === 'threads' || name === 'unit') continue;
        const value = num(raw);
        if (value == null) continue;
        out.push({
          name,
          value,
          threads: threads != null ? Math.round(threads) : null,
          unit: groups.unit ?? r.unit ?? null,
          from: 'regex',
        });
      }
    }
  }
  return out;
}

/**
 * Reads the suite's thread table: a header `Thread Count | Throughput | …`,
 * an optional rule, then rows `1 | 632.4 | 1.00x | 100.0%` until a line that is
 * not a row. Works with or without outer pipes.
 *
 * @example threadTable('Thread Count | Throughput | Speedup | Efficiency\n---\n 1 | 632.4 | 1.00x | 100.0%')
 *   // [{threads: 1, throughput: 632.4, speedup: 1, efficiency_pct: 100}]
 */
export function threadTable(text: string): ScalingPoint[] {
  const lines = text.split(/\r?\n/);
  const out: ScalingPoint[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/Thread Count\s*\|\s*Throughput/i.test(lines[i])) continue;
    const header = cells(lines[i]).map((c) => c.toLowerCase());
    const col = (word: string) => header.findIndex((h) => h.includes(word));
    const [speedupCol, effCol, tpCol] = [col('speedup'), col('efficien'), col('throughput')];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^[\s|:-]+$/.test(line) && line.includes('-')) continue;
      const row = cells(line);
      if (row.length < 2 || !/^\d+$/.test(row[0])) break;
      out.push({
        threads: Number(row[0]),
        throughput: tpCol >= 0 ? num(row[tpCol]) : null,
        speedup: speedupCol >= 0 ? num(row[speedupCol]) : null,
        efficiency_pct: effCol >= 0 ? num(row[effCol]) : null,
      });
      i = j;
    }
  }
  return out;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

/**
 * Values of a JSON result file written by the test (`keys`: metric name →
 * dotted path). A file older than the attempt's start is stale and ignored;
 * booleans count as 1/0.
 */
export function jsonMetrics(spec: MetricsSpec, cwd: string, startedAtMs: number): Metric[] {
  if (!spec.json) return [];
  const path = resolve(cwd, spec.json.file);
  let data: unknown;
  try {
    if (statSync(path).mtimeMs < startedAtMs - 1000) return [];
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  const out: Metric[] = [];
  for (const [name, keyPath] of Object.entries(spec.json.keys)) {
    let v: unknown = data;
    for (const k of keyPath.split('.'))
      v = v != null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    const value =
      typeof v === 'boolean'
        ? v
          ? 1
          : 0
        : typeof v === 'number'
          ? v
          : num(typeof v === 'string' ? v : undefined);
    if (value != null && Number.isFinite(value))
      out.push({ name, value, threads: null, unit: null, from: 'json' });
  }
  return out;
}

/** Everything measurable in one attempt's output. */
export function extractMetrics(
  spec: MetricsSpec,
  stdout: string,
  stderr: string,
  cwd: string,
  startedAtMs: number,
): { metrics: Metric[]; scaling: ScalingPoint[] } {
  return {
    metrics: [...regexMetrics(spec, stdout, stderr), ...jsonMetrics(spec, cwd, startedAtMs)],
    scaling: spec.thread_table ? threadTable(stdout) : [],
  };
}
