/**
 * The portable PyTorch workload as a real campaign (2 configurations on cpu;
 * ROUNDBOOK_TORCH_ROUNDS=10 for the full 2 × 10). Skips, visibly, where no
 * python3 can import torch.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { parseCampaign } from './campaign.ts';
import { runCampaign } from './runCampaign.ts';

const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
);
const workload = join(import.meta.dirname, '..', 'workloads', 'torch_story.py');

test('PyTorch story workload: a real campaign on cpu, logs ingest', {
  skip: python ? false : 'SKIPPED: no python3 with torch here (apt-get install python3-torch)',
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-torch-'));
  try {
    const rounds = Number(process.env.ROUNDBOOK_TORCH_ROUNDS ?? 1);
    const c = parseCampaign(
      `campaign: torch\ncommand: [${JSON.stringify(python)}, ${JSON.stringify(workload)}]\ntimeout: 4m\nenv: {TORCH_STORY_DEVICE: cpu, TORCH_STORY_ITERS: "5", TORCH_STORY_SCALING_ITERS: "10"}\nconfigs:\n  t8: {env: {TORCH_STORY_THREADS: "8"}, labels: {fix_variant: native, threads: 8}}\n  t4: {env: {TORCH_STORY_THREADS: "4"}, labels: {fix_variant: native, threads: 4}}\nrounds: ${rounds}\npass: {must_contain: [ALL CLAIMS VERIFIED]}\nmetrics:\n  regex: [{pattern: '(?<efficiency_pct>[\\d.]+)% efficiency at (?<threads>\\d+) threads'}]\n  json: {file: complete_story_results.json, keys: {all_passed: all_passed}}\n`,
      'torch.yaml',
      dir,
    );
    const s = await runCampaign(c, { logsRoot: join(dir, 'logs'), host: 'h' });
    assert.equal(s.complete, true);
    const db = await Db.open(':memory:');
    try {
      const r = await ingestPaths(db, [s.logFile!]);
      assert.equal(r.rows_added.rounds, 2 * rounds);
      const rows = await db.all<{ status: string; efficiency_pct: number | null }>(
        'SELECT status, efficiency_pct FROM rounds',
      );
      assert.ok(
        rows.every((x) => x.status === 'pass' && x.efficiency_pct != null),
        JSON.stringify(rows),
      );
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM scaling WHERE threads = 8');
      assert.equal(n, 2 * rounds);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
