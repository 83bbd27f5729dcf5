/**
 * Run measurements (`ops`, `ops_per_s`, `samples_per_s`, `errors`,
 * `duration_s`, `latency_ms`, `efficiency_pct`) in one piece of text: soak,
 * stress and throughput results as the reports state them.
 */
import type { MetricName } from '../../store/vocabulary.ts';
import type { Found } from './metricRow.ts';
import { numberValue, parseDurationS, parseLatencyMs } from './numbers.ts';
import { plainText } from './plainText.ts';
import { threadsIn } from './threadsIn.ts';

const N = String.raw`(\d+(?:,\d{3})*(?:\.\d+)?\s*[kKM]?)`;

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
  const s = plainText(text);
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
      push(/samp/i.test(m[2]) ? 'samples_per_s' : 'ops_per_s', numberValue(m[1]), threadTag(c, label));
    }
    OPS.lastIndex = 0;
    for (m = OPS.exec(c); m; m = OPS.exec(c)) push('ops', numberValue(m[1]), threadTag(c, label));
    m = OPS_LABELLED.exec(c);
    if (m) push('ops', numberValue(m[1]), threadTag(c, label));
    m = THROUGHPUT_LABELLED.exec(c);
    if (m && !/samp/i.test(c)) push('ops_per_s', numberValue(m[1]), threadTag(c, label));
  }
  const hasRun = out.some((f) => f.metric === 'ops' || f.metric === 'ops_per_s');
  let m =
    /(?:^|[^\w/])(\d+(?:,\d{3})*|no|zero)\s+errors?\b/i.exec(s) ??
    /\berrors?\s*[:=]\s*(\d+(?:,\d{3})*)/i.exec(s);
  if (m && (hasRun || /^\s*(total\s+)?errors?\s*:/i.test(s) || /soak|stress/i.test(label))) {
    push('errors', /^(no|zero)$/i.test(m[1]) ? 0 : numberValue(m[1]), null);
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
    if (m) push('duration_s', numberValue(m[1]), null);
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
    push('efficiency_pct', numberValue(e[1]), null);
  }
  return out;
}
