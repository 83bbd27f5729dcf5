import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { planQuestion } from '../../analysis/derive/index.ts';
import { reachProbability, roundsForPower } from '../../analysis/stats/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { Db } from '../../store/db.ts';
import { DEFAULT_PLAN_TEMPLATE, planCampaign } from './plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-pq-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rows = (first: number, n: number, failed: readonly number[] = []) =>
  Array.from({ length: n }, (_, i) => first + i)
    .map((r) => `| ${r} | ${failed.includes(r) ? 'FAIL' : 'PASS'} |`)
    .join('\n');

test('plan: from the evidence so far, the rounds that decide each configuration with the power asked, as a campaign the runner accepts', async () => {
  writeFileSync(
    join(dir, 'verification_rounds_100-139_N9001_2026-02-01.md'),
    `# Verification Rounds 100-139\n\n**Date**: 2026-02-01\n**Worker**: N=9001\n**Configuration**: Native PyTorch (no dylib)\n**PyTorch**: 2.9.1\n**Threads**: 8\n**Wrapper**: none\n\n| Round | Status |\n|---|---|\n${rows(100, 40)}\n`,
  );
  writeFileSync(
    join(dir, 'verification_rounds_200-219_N9002_2026-02-01.md'),
    `# Verification Rounds 200-219\n\n**Date**: 2026-02-01\n**Worker**: N=9002\n**AGX Fix**: v2.9\n**PyTorch**: 2.9.1\n**Threads**: 8\n**Wrapper**: none\n\n| Round | Status |\n|---|---|\n${rows(200, 20, [203, 210])}\n`,
  );
  const db = await Db.open(':memory:');
  await ingestPaths(db, [dir], { workers: 0 });
  const request = {
    fix: null,
    torch: '2.9.1',
    threads: 8,
    wrapper: null,
    workload: null,
    serialised: null,
    maxCrashRate: 0.01,
    confidence: 0.95,
  };
  const plan = await planQuestion(db, ['native', 'v2.9'], request, 0.8);
  db.close();
  const [native, dylib] = plan.configs;
  // native: 0 of 40 so far, aiming at SAFE at a quarter of the threshold, starting from the 40.
  assert.deepEqual(
    [native.failures, native.trials, native.target, native.assumed_rate],
    [0, 40, 'safe', 0.0025],
  );
  const rule = { threshold: 0.01, confidence: 0.95, procedure: 'always-valid' as const };
  assert.equal(native.more_rounds, roundsForPower(rule, 0.0025, 0.8, { failures: 0, trials: 40 }));
  assert.ok(reachProbability(rule, 0.0025, native.more_rounds!, 'safe', { failures: 0, trials: 40 }) >= 0.8);
  // v2.9: 2 of 20 failed points above the threshold: UNSAFE at the rate seen (10%).
  assert.deepEqual([dylib.failures, dylib.trials, dylib.target, dylib.assumed_rate], [2, 20, 'unsafe', 0.1]);
  const yaml = planCampaign(plan, readFileSync(DEFAULT_PLAN_TEMPLATE, 'utf8'), 'plan-test');
  const campaign = parseCampaign(yaml, 'plan.yaml');
  assert.deepEqual(Object.keys(campaign.configs), ['native', 'v2.9']);
  assert.equal(campaign.configs.native.rounds, native.more_rounds);
  assert.equal(campaign.configs['v2.9'].rounds, dylib.more_rounds);
  assert.deepEqual(campaign.stop, { rule: 'always-valid', threshold: 0.01, confidence: 0.95, min_rounds: 0 });
  assert.equal(campaign.order, 'randomized');
  assert.equal(campaign.retry.attempts, 1);
});
