/**
 * Benchmarks: parse and cluster 10,000 generated .ips files (issue 4; target
 * under 10 s), and ingest a 20,000-entry crash summary (issue 11; target under
 * 2 s, beside the floor of JSON.parse over the same text).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashClusters } from '../analysis/crashClusters.ts';
import { parseIps } from '../ingest/crash/parseIps.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { generateIpsFiles } from './generateIps.ts';
import { generateCrashSummary } from './generateSummary.ts';
import { type BenchLine, measure } from './measure.ts';

export async function benchCrashes(count = 10_000, summaryEntries = 20_000): Promise<BenchLine[]> {
  return [...(await benchIps(count)), await benchSummary(summaryEntries)];
}

async function benchSummary(entries: number): Promise<BenchLine> {
  const text = generateCrashSummary(entries, 42);
  const dir = mkdtempSync(join(tmpdir(), 'roundbook-bench-summary-'));
  const path = join(dir, 'crash_summary.json');
  writeFileSync(path, text);
  const db = await Db.open(':memory:');
  try {
    const floor = await measure(() => JSON.parse(text));
    const run = await measure(() => ingestPaths(db, [path], { workers: 0 }));
    const crashes = run.value.rows_added.crashes ?? 0;
    return {
      name: `ingest a ${entries}-entry crash_summary.json (${(text.length / 1048576).toFixed(1)} MB)`,
      figure: `${run.seconds.toFixed(2)} s, ${crashes} crashes, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
      baseline: `JSON.parse alone ${floor.seconds.toFixed(3)} s`,
      ratio: run.seconds / floor.seconds,
      target: '< 2 s',
      pass: run.seconds < 2 && crashes === entries,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchIps(count: number): Promise<BenchLine[]> {
  const files = generateIpsFiles(count, 42);
  const megabytes = files.reduce((n, f) => n + Buffer.byteLength(f), 0) / 1048576;
  const run = await measure(() => {
    const crashes = files.flatMap((f, i) => parseIps(f, `gen/${i}.ips`).crashes);
    return crashClusters(crashes);
  });
  return [
    {
      name: `parse + cluster ${count} .ips files (${megabytes.toFixed(0)} MB)`,
      figure: `${run.seconds.toFixed(2)} s, ${(count / run.seconds).toFixed(0)} files/s, ${run.value.length} clusters, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
      target: '< 10 s',
      pass: run.seconds < 10,
    },
  ];
}
