/**
 * Per-attempt rates and the necessity comparison from runner logs: the
 * attempts come from what the runner recorded (never a default of 3 per
 * round), every failure kind counts, and a comparison of rounds a wrapper
 * retried counts attempts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { type FakeStep, fakeSpawner } from '../../runner/spawn/index.ts';
import { Db } from '../../store/db.ts';
import { analyze } from './analyze.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-attempt-rates-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs `rounds` rounds of each config with `attempts` attempts per round, each config its own scripted steps. */
async function campaignDb(
  name: string,
  attempts: number,
  rounds: number,
  steps: Record<string, FakeStep[]>,
): Promise<Db> {
  const configs = Object.keys(steps)
    .map(
      (c) =>
        `  ${c}: {env: {WHICH: ${c}}, labels: {fix_variant: ${c}, torch_version: 2.9.1, threads: 8, workload: story}}`,
    )
    .join('\n');
  const campaign = parseCampaign(
    `campaign: ${name}\ncommand: [node, story.js]\nconfigs:\n${configs}\nrounds: ${rounds}\nretry: {attempts: ${attempts}, pause: 0}\npass: {must_contain: [ALL CLAIMS VERIFIED]}\n`,
    `${name}.yaml`,
  );
  const next = new Map<string, number>();
  const spawner = fakeSpawner((req) => {
    const c = req.env.WHICH;
    const i = next.get(c) ?? 0;
    next.set(c, i + 1);
    return steps[c][i] ?? 'pass';
  });
  const dir = join(root, name);
  const summary = await runCampaign(campaign, { logsRoot: dir, spawner, host: 'mac1' });
  assert.equal(summary.complete, true);
  const db = await Db.open(':memory:');
  await ingestPaths(db, [dir], { workers: 0 });
  await analyze(db);
  return db;
}

const times = (n: number, ...steps: FakeStep[]): FakeStep[] => Array.from({ length: n }, () => steps).flat();

test('an A = 2 wrapper: 8 clean rounds and 2 crash-crash rounds are 4 crashed of 12 attempts, as the verdict says', async () => {
  const db = await campaignDb('a2', 2, 10, {
    native: [...times(4, 'pass'), 'crash', 'crash', ...times(3, 'pass'), 'crash', 'crash', 'pass'],
  });
  try {
    const [r] = await db.all<Record<string, number>>(
      'SELECT rounds, rounds_passed, max_attempts, attempts, failed_attempts, crashed_attempts, timeout_attempts, fail_attempts FROM attempt_rates',
    );
    assert.deepEqual(r, {
      rounds: 10,
      rounds_passed: 8,
      max_attempts: 2,
      attempts: 12,
      failed_attempts: 4,
      crashed_attempts: 4,
      timeout_attempts: 0,
      fail_attempts: 0,
    });
    // The verdict reads the same recorded attempts.
    const [v] = await db.all<{ crashes: number; trials: number }>(
      "SELECT crashes, trials FROM verdicts WHERE headline = 'attempt'",
    );
    assert.equal(`${v.crashes}/${v.trials}`, '4/12');
  } finally {
    db.close();
  }
});

test('a crash then a timeout is 2 failed attempts of 2 (1 crash, 1 timeout); a wrong result counts too', async () => {
  const db = await campaignDb('mixed', 3, 3, { native: ['crash', 'timeout', 'crash', 'fail', 'pass'] });
  try {
    const [r] = await db.all<Record<string, number>>(
      'SELECT rounds, attempts, failed_attempts, crashed_attempts, timeout_attempts, fail_attempts, error_attempts, q FROM attempt_rates',
    );
    // Rounds: crash→timeout (2 attempts), crash→fail (2), pass (1).
    assert.deepEqual(r, {
      rounds: 3,
      attempts: 5,
      failed_attempts: 4,
      crashed_attempts: 2,
      timeout_attempts: 1,
      fail_attempts: 1,
      error_attempts: 0,
      q: 4 / 5,
    });
  } finally {
    db.close();
  }
});

test('is the dylib still necessary? per attempt 8/27 vs 0/20 (Fisher p = 0.014) where rounds say 19/20 vs 20/20', async () => {
  // native: one round crashes 3 times, five pass after one crash, fourteen pass at once (27 attempts, 8 crashed);
  // the dylib passes 20 rounds at the first attempt.
  const db = await campaignDb('necessity', 3, 20, {
    native: ['crash', 'crash', 'crash', ...times(5, 'crash', 'pass'), ...times(14, 'pass')],
    dylib: [],
  });
  try {
    const [c] = await db.all<Record<string, unknown>>(
      `SELECT unit, a_passed, a_total, b_passed, b_total, a_attempts, a_failed_attempts, b_attempts, b_failed_attempts,
              fisher_two_sided, round_fisher_two_sided, holm_p, family_size, family, reading, sentence FROM comparisons`,
    );
    assert.equal(c.unit, 'attempt');
    assert.deepEqual(
      [
        c.a_passed,
        c.a_total,
        c.b_passed,
        c.b_total,
        c.a_failed_attempts,
        c.a_attempts,
        c.b_failed_attempts,
        c.b_attempts,
      ],
      [19, 20, 20, 20, 8, 27, 0, 20],
    );
    // scipy.stats.fisher_exact([[8, 19], [0, 20]]).pvalue = 0.01411664555809045; rounds [[19, 1], [20, 0]]: 1.0
    assert.ok(Math.abs((c.fisher_two_sided as number) - 0.01411664555809045) < 1e-12);
    assert.ok(Math.abs((c.round_fisher_two_sided as number) - 1) < 1e-12);
    assert.equal(c.family_size, 1);
    assert.equal(c.holm_p, c.fisher_two_sided);
    assert.equal(
      c.family,
      'Holm over 1 comparison: native vs dylib torch=2.9.1 8t retry workload=story serialised=?',
    );
    assert.equal(c.reading, 'still necessary');
    assert.match(
      c.sentence as string,
      /native 8 of 27 attempts failed vs dylib 0 of 20 .*rounds 19\/20 vs 20\/20/,
    );
    assert.match(c.sentence as string, /still necessary/);
  } finally {
    db.close();
  }
});

test('an attempt that could not start is reported, not counted in the rate', async () => {
  const campaign = parseCampaign(
    'campaign: err\ncommand: [node, story.js]\nconfigs:\n  native: {labels: {fix_variant: native, torch_version: 2.9.1, threads: 8}}\nrounds: 3\nretry: {attempts: 3, pause: 0}\npass: {must_contain: [ALL CLAIMS VERIFIED]}\n',
    'err.yaml',
  );
  const dir = join(root, 'err');
  // Round 2's first attempt cannot start: the run stops loudly; the resumed run finishes the round.
  const first = await runCampaign(campaign, {
    logsRoot: dir,
    spawner: fakeSpawner(['pass', { error: 'spawn ENOENT' }]),
    host: 'mac1',
  });
  assert.equal(first.complete, false);
  const again = await runCampaign(campaign, {
    logsRoot: dir,
    spawner: fakeSpawner(['crash']),
    host: 'mac1',
    resume: true,
  });
  assert.equal(again.complete, true);
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [dir], { workers: 0 });
    await analyze(db);
    const [r] = await db.all<Record<string, number>>(
      'SELECT rounds, attempts, failed_attempts, crashed_attempts, error_attempts, interrupted_attempts FROM attempt_rates',
    );
    assert.deepEqual(r, {
      rounds: 3,
      attempts: 4,
      failed_attempts: 1,
      crashed_attempts: 1,
      error_attempts: 1,
      interrupted_attempts: 0,
    });
  } finally {
    db.close();
  }
});
