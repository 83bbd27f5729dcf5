import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { fakeSpawner } from '../../runner/spawn/index.ts';
import { Db } from '../../store/db.ts';
import { fitScaling } from '../stats/index.ts';
import { analyze } from './analyze.ts';
import { POOLED_RUNNER_SERIES } from './loadScalingSeries.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-fits-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The suite's thread table, its throughput drawn from `base` (different every attempt). */
const table = (base: number) => {
  const x = [1, 2, 4, 8].map((n, i) =>
    Math.round(base * [1, 1.7, 2.4, 2.6][i] * (1 + ((n * base) % 7) / 100)),
  );
  return `Thread Count | Throughput | Speedup | Efficiency\n${[1, 2, 4, 8]
    .map(
      (n, i) => ` ${n} | ${x[i]} | ${(x[i] / x[0]).toFixed(2)}x | ${((100 * x[i]) / x[0] / n).toFixed(1)}%`,
    )
    .join('\n')}\nALL CLAIMS VERIFIED\n`;
};

test('runner scaling is fitted once per configuration, to the mean throughput at each thread count', async () => {
  const c = parseCampaign(
    `campaign: fits\ncommand: [x]\nconfigs:\n  native: {labels: {fix_variant: native, torch_version: "2.9.1", threads: 8}}\n  v2.9: {labels: {fix_variant: v2.9, torch_version: "2.9.1", threads: 8}}\nrounds: 6\n`,
    'fits.yaml',
  );
  const outputs: string[] = [];
  const spawner = fakeSpawner((_r, i) => {
    const stdout = table(500 + 37 * i);
    outputs.push(stdout);
    return { stdout };
  });
  await runCampaign(c, { logsRoot: root, spawner, host: 'mac1' });
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [root], { workers: 0 });
    await analyze(db);
    const fits = await db.all<{
      series: string;
      config: string;
      model: string;
      points: number;
      lambda: number;
      warnings: string[];
    }>('SELECT series, config, model, points, "lambda", warnings FROM scaling_fits ORDER BY config, model');
    assert.deepEqual(
      fits.map((f) => [f.series, f.config, f.model, f.points]),
      [
        [POOLED_RUNNER_SERIES, 'native torch=2.9.1 8t none workload=? serialised=?', 'amdahl', 4],
        [POOLED_RUNNER_SERIES, 'native torch=2.9.1 8t none workload=? serialised=?', 'usl', 4],
        [POOLED_RUNNER_SERIES, 'v2.9 torch=2.9.1 8t none workload=? serialised=?', 'amdahl', 4],
        [POOLED_RUNNER_SERIES, 'v2.9 torch=2.9.1 8t none workload=? serialised=?', 'usl', 4],
      ],
    );
    assert.match(fits[0].warnings[0], /mean of the runner's measurements at that thread count \(24 in all\)/);
    // Independently: the means at each thread count of the tables each configuration printed, fitted here.
    const points = await db.all<{ config: string; threads: number; throughput: number }>(
      'SELECT config, threads, throughput FROM scaling ORDER BY config, threads',
    );
    for (const config of [
      'native torch=2.9.1 8t none workload=? serialised=?',
      'v2.9 torch=2.9.1 8t none workload=? serialised=?',
    ]) {
      const mine = points.filter((p) => p.config === config);
      assert.equal(mine.length, 24);
      const means = [1, 2, 4, 8].map((threads) => {
        const at = mine.filter((p) => p.threads === threads);
        return { threads, throughput: at.reduce((s, p) => s + p.throughput, 0) / at.length };
      });
      const usl = fitScaling(means, { model: 'usl' });
      const fit = fits.find((f) => f.config === config && f.model === 'usl')!;
      assert.ok(Math.abs(fit.lambda - usl.params.lambda) < 1e-9 * usl.params.lambda, `${config}: λ`);
    }
    assert.equal(outputs.length, 12);
  } finally {
    db.close();
  }
});
