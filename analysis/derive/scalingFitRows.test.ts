import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../ingest/ingest.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { fakeSpawner } from '../../runner/spawn/index.ts';
import { Db } from '../../store/db.ts';
import { fitScaling } from '../stats/index.ts';
import { analyze } from './analyze.ts';
import { RUNNER_SERIES } from './loadScalingSeries.ts';

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

test('runner scaling is fitted once per configuration, to every measurement, labelled by configuration', async () => {
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
      rounds: number;
      origin: string;
      label: string;
      lambda: number;
      sigma: number;
      sigma_lower: number | null;
      warnings: string[];
    }>(
      'SELECT series, config, model, points, rounds, origin, label, "lambda", sigma, sigma_lower, warnings FROM scaling_fits ORDER BY config, model',
    );
    const native = 'native torch=2.9.1 8t none workload=? serialised=?';
    const v29 = 'v2.9 torch=2.9.1 8t none workload=? serialised=?';
    // 9e: the label is the configuration, not a log file's name; 9d: all 6 rounds × 4 thread counts are fitted.
    assert.deepEqual(
      fits.map((f) => [f.series, f.config, f.model, f.points, f.rounds, f.origin, f.label]),
      [
        [RUNNER_SERIES, native, 'amdahl', 24, 6, 'runner', native],
        [RUNNER_SERIES, native, 'usl', 24, 6, 'runner', native],
        [RUNNER_SERIES, v29, 'amdahl', 24, 6, 'runner', v29],
        [RUNNER_SERIES, v29, 'usl', 24, 6, 'runner', v29],
      ],
    );
    // Six rounds are too few for a bootstrap interval: none, and the row says why.
    assert.equal(fits[0].sigma_lower, null);
    assert.ok(
      fits[0].warnings.some((w) => /only 6 rounds \(fewer than 10\): no bootstrap intervals/.test(w)),
    );
    // Independently: every measured point of each configuration, fitted here point by point.
    const points = await db.all<{ config: string; threads: number; throughput: number }>(
      'SELECT config, threads, throughput FROM scaling ORDER BY config, threads',
    );
    for (const config of [native, v29]) {
      const mine = points.filter((p) => p.config === config);
      assert.equal(mine.length, 24);
      for (const model of ['usl', 'amdahl'] as const) {
        const direct = fitScaling(mine, { model });
        const fit = fits.find((f) => f.config === config && f.model === model)!;
        assert.ok(
          Math.abs(fit.lambda - direct.params.lambda) < 1e-7 * direct.params.lambda,
          `${config} ${model}: λ`,
        );
        assert.ok(Math.abs(fit.sigma - direct.params.sigma) < 1e-7, `${config} ${model}: σ`);
      }
    }
    assert.equal(outputs.length, 12);
  } finally {
    db.close();
  }
});

const h200 = fileURLToPath(new URL('../../../shared/corpus/gpu-h200-rounds', import.meta.url));
const noH200 = !existsSync(h200) && '../shared/corpus/gpu-h200-rounds is absent';

test('9d: the 620 real H200 rounds: each configuration fitted to all 1,240 points, σ by a bootstrap over rounds', {
  skip: noH200,
}, async () => {
  // scipy, every point of each configuration, least_squares with bounds ≥ 0, then 1,000 resamples of the
  // 310 rounds (numpy default_rng(1).integers, each round's 4 points together), numpy.quantile:
  //   8 threads:  λ 2635.02, σ 0.467804, κ 0.0135616, N* 6.264; σ [0.4307, 0.5034], N* [5.74, 7.13]
  //   16 threads: λ 2696.25, σ 0.458347, κ 0.0152964, N* 5.951; σ [0.4243, 0.4932], N* [5.54, 6.58]
  //   F-test against Amdahl (scipy f.sf(F, 1, 1237)): 3.4e-6 and 1.0e-8.
  // Before: the fit used the 4 means, and its σ interval was [0, 1] and λ's [661, 4732].
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [h200], { workers: 0 });
    await analyze(db);
    const fits = await db.all<{
      config: string;
      label: string;
      points: number;
      rounds: number;
      lambda: number;
      sigma: number;
      kappa: number;
      sigma_lower: number;
      sigma_upper: number;
      lambda_lower: number;
      lambda_upper: number;
      peak_threads: number;
      peak_lower: number;
      peak_upper: number;
      usl_vs_amdahl_p: number;
      converged: boolean;
    }>("SELECT * FROM scaling_fits WHERE model = 'usl' AND origin = 'runner' ORDER BY config");
    const expected: Record<string, { sigma: number; kappa: number; lambda: number; p: number }> = {
      '16t': {
        sigma: 0.45834677093586773,
        kappa: 0.015296385025708679,
        lambda: 2696.2462087839044,
        p: 1.0180199813253531e-8,
      },
      '8t': {
        sigma: 0.46780370313400277,
        kappa: 0.013561641269888427,
        lambda: 2635.0202380504843,
        p: 3.403221688946323e-6,
      },
    };
    assert.equal(fits.length, 2);
    for (const f of fits) {
      const want = expected[/ (\d+t) /.exec(f.config)![1]];
      assert.equal(f.label, f.config);
      assert.equal(f.points, 1240);
      assert.equal(f.rounds, 310);
      assert.equal(f.converged, true);
      assert.ok(Math.abs(f.sigma - want.sigma) < 1e-6, `σ ${f.sigma}`);
      assert.ok(Math.abs(f.kappa - want.kappa) < 1e-7, `κ ${f.kappa}`);
      assert.ok(Math.abs(f.lambda / want.lambda - 1) < 1e-7, `λ ${f.lambda}`);
      assert.ok(
        f.sigma_lower >= 0.3 && f.sigma_upper <= 0.6,
        `σ interval [${f.sigma_lower}, ${f.sigma_upper}]`,
      );
      // and near scipy's bootstrap (its own resamples: agreement to Monte-Carlo error, ±0.02)
      assert.ok(Math.abs(f.sigma_lower - 0.427) < 0.02 && Math.abs(f.sigma_upper - 0.498) < 0.02);
      assert.ok(
        f.lambda_lower > 2500 && f.lambda_upper < 2850,
        `λ interval [${f.lambda_lower}, ${f.lambda_upper}]`,
      );
      assert.ok(
        f.peak_lower > 5 &&
          f.peak_upper < 8 &&
          f.peak_lower < f.peak_threads &&
          f.peak_threads < f.peak_upper,
      );
      assert.ok(Math.abs(f.usl_vs_amdahl_p / want.p - 1) < 1e-4, `F-test p ${f.usl_vs_amdahl_p}`);
    }
  } finally {
    db.close();
  }
});
