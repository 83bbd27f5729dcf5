/**
 * Verdicts on the fly agree with the stored `verdicts` at the same threshold,
 * match a PyTorch version to its builds, answer per environment (never
 * pooling them), and follow the requested threshold.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { analyze } from './analyze.ts';
import { torchMatches } from './matchGroups.ts';
import { ANY_ENVIRONMENT, type VerdictRequest, verdictFor } from './verdictFor.ts';

const examples = new URL('../../data/examples/', import.meta.url).pathname;
const any: VerdictRequest = ANY_ENVIRONMENT;
let db: Db;

before(async () => {
  db = await Db.open(':memory:');
  await ingestPaths(db, [examples], { workers: 0 });
  await analyze(db);
});
after(() => db.close());

test('a version matches its builds, a leading v is ignored, and an unknown version only matches "any"', () => {
  assert.equal(torchMatches('2.9.1', '2.9.1a0+git8cfbcc8'), true);
  assert.equal(torchMatches('v2.9.1', '2.9.1'), true);
  assert.equal(torchMatches('2.9.1', '2.8.0'), false);
  assert.equal(torchMatches('2.9.1', null), false);
  assert.equal(torchMatches(null, null), true);
});

test('environments that differ are not pooled: each gets the answer the stored verdicts give it', async () => {
  const result = await verdictFor(db, { ...any, torch: '2.9.1' });
  const stored = await db.all<{ config: string; answer: string; crashes: number; trials: number }>(
    'SELECT config, answer, crashes, trials FROM verdicts',
  );
  const mine = (c: { config: string | null }) => stored.find((s) => s.config === c.config);
  assert.ok(result.environments.length > 1);
  for (const env of result.environments)
    assert.deepEqual(
      { config: env.config, answer: env.answer, crashes: env.crashes, trials: env.trials },
      mine(env),
    );
});

test('"2.9.1" finds the v2.9 rounds run on a 2.9.1 build, and the threshold is the requested one', async () => {
  const req: VerdictRequest = { ...any, fix: 'v2.9', torch: '2.9.1', threads: 8, wrapper: 'retry' };
  const strict = await verdictFor(db, req);
  assert.equal(strict.environments.length, 1);
  const [env] = strict.environments;
  assert.equal(env.config, 'v2.9 torch=2.9.1 8t retry workload=complete_story serialised=?');
  assert.deepEqual(env.torch_builds, ['2.9.1a0+git8cfbcc8']);
  // Round 4114's `3 (exhausted)` under MPS_TEST_MAX_RETRIES=3 is 1 + 3 crashed attempts (roundStatus.ts settleRetries).
  assert.equal(`${env.crashes}/${env.trials}`, '13/31');
  assert.equal(env.answer, 'unsafe');
  assert.equal(strict.answer, 'unsafe');
  const lenient = await verdictFor(db, { ...req, maxCrashRate: 0.9 });
  assert.equal(lenient.environments[0].threshold, 0.9);
  assert.equal(lenient.answer, 'safe');
});
