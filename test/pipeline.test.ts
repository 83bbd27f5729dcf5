/**
 * End to end without the real corpus: a campaign run by the runner (with a
 * fake spawner), its round logs ingested beside the project's example data,
 * analysed; then a torn line, a resumed log and a re-ingest.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { fakeSpawner } from '../runner/spawn/index.ts';
import { Db } from '../store/db.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-pipeline-'));
after(() => rmSync(root, { recursive: true, force: true }));

const campaign = parseCampaign(
  `campaign: pipe
command: [node, story.js]
configs:
  native: {env: {WHICH: native}, labels: {fix_variant: native, torch_version: 2.9.1, threads: 8}}
  fixed: {env: {WHICH: fixed}, labels: {fix_variant: v2.9, torch_version: 2.9.1, threads: 8}}
rounds: 5
retry: {attempts: 3, pause: 0}
pass: {must_contain: [ALL CLAIMS VERIFIED]}
`,
  'pipe.yaml',
);

test('runner logs ingest into rounds and attempts, analyse into verdicts, and re-ingest changes nothing', async () => {
  // native: round 1 passes after two crashes, round 3 crashes three times; v2.9 always passes.
  const native = ['crash', 'crash', 'pass', 'pass', 'crash', 'crash', 'crash', 'pass', 'pass'] as const;
  let n = 0;
  const spawner = fakeSpawner((req) => (req.env.WHICH === 'native' ? (native[n++] ?? 'pass') : 'pass'));
  const summary = await runCampaign(campaign, { logsRoot: root, spawner, host: 'mac1' });
  assert.equal(summary.complete, true);
  const db = await Db.open(':memory:');
  try {
    const first = await ingestPaths(db, [root], { workers: 0 });
    assert.equal(first.files.parsed, 1);
    const rounds = await db.all<{ config: string; status: string; n: number; crashed: number }>(
      `SELECT fix_variant AS config, status, count(*) AS n, sum(crashed_attempts) AS crashed
       FROM rounds WHERE origin = 'runner' GROUP BY ALL ORDER BY ALL`,
    );
    assert.deepEqual(rounds, [
      { config: 'native', status: 'fail', n: 1, crashed: 3 },
      { config: 'native', status: 'pass', n: 4, crashed: 2 },
      { config: 'v2.9', status: 'pass', n: 5, crashed: 0 },
    ]);
    const [attempts] = await db.all<{ n: number }>('SELECT count(*) AS n FROM attempts');
    assert.equal(attempts.n, summary.attemptsRun);
    const before = await db.all('SELECT * FROM rounds ORDER BY round_uid');

    // A torn line (a runner mid-write) is left for later: nothing changes, nothing is lost.
    appendFileSync(summary.logFile!, '{"v":1,"type":"attempt","campaign":"pi');
    const torn = await ingestPaths(db, [root], { workers: 0 });
    assert.equal(torn.files.parsed, 0);
    assert.deepEqual(await db.all('SELECT * FROM rounds ORDER BY round_uid'), before);

    // The line is finished (an attempt without its round, as it happens): the grown log replaces its prefix.
    appendFileSync(summary.logFile!, 'x"}\n');
    const grown = await ingestPaths(db, [root], { workers: 0 });
    assert.equal(grown.files.parsed, 1);
    assert.deepEqual(
      grown.problems.map((p) => p.message),
      ['attempt event without round_uid; skipped'],
    );
    const sansSource = (rows: Record<string, unknown>[]) => rows.map(({ source_id, ...r }) => r);
    assert.deepEqual(sansSource(await db.all('SELECT * FROM rounds ORDER BY round_uid')), sansSource(before));
    const [held] = await db.all<{ logs: number; sources: number; events: number }>(
      `SELECT (SELECT count(*) FROM round_logs) AS logs,
              (SELECT count(*) FROM sources WHERE kind = 'round_log') AS sources,
              (SELECT count(*) FROM round_events) AS events`,
    );
    assert.deepEqual([held.logs, held.sources], [1, 1], 'the old prefix is gone with its source');
    assert.ok(held.events > summary.attemptsRun);

    const analysis = await analyze(db);
    assert.ok(analysis.rows.verdicts >= 2);
    const verdicts = await db.all<{ fix_variant: string; answer: string; headline: string }>(
      "SELECT fix_variant, answer, headline FROM verdicts WHERE config LIKE '%torch=2.9.1 8t%' ORDER BY fix_variant",
    );
    assert.deepEqual(
      verdicts.map((v) => v.fix_variant),
      ['native', 'v2.9'],
    );
    // The wrapper retried, so the per-attempt crash rate is the headline.
    assert.ok(verdicts.every((v) => v.headline === 'attempt'));
  } finally {
    db.close();
  }
});
