/** Benchmark (issue 4): parse and cluster 10,000 generated .ips files; target under 10 s. */
import { crashClusters } from '../analysis/crashClusters.ts';
import { parseIps } from '../ingest/crash/parseIps.ts';
import { generateIpsFiles } from './generateIps.ts';
import { type BenchLine, measure } from './measure.ts';

export async function benchCrashes(count = 10_000): Promise<BenchLine[]> {
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
