/**
 * The real multi-host campaign in ../shared/corpus/gpu-h200-rounds (16 shard
 * hosts' logs of one campaign, two runs, on an NVIDIA H200) ingests and
 * analyses as one campaign of two configurations with 310 rounds each, every
 * round with its host, and the verdict pools the hosts' groups only after the
 * heterogeneity check over them (one group per host's log). Skips visibly
 * without ../shared.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';

const h200 = fileURLToPath(new URL('../../shared/corpus/gpu-h200-rounds', import.meta.url));
const skip = !existsSync(h200) && '../shared/corpus/gpu-h200-rounds is absent';

test('the H200 shard logs are one campaign with its 16 hosts', { skip }, async () => {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [h200], { workers: 0 });
    await analyze(db);
    const rows = await db.all<{
      campaign: string;
      threads: number;
      n: number;
      hosts: number;
      uids: number;
      nulls: number;
    }>(
      `SELECT campaign, threads, count(*)::INT AS n, count(DISTINCT host)::INT AS hosts,
              count(DISTINCT round_uid)::INT AS uids, count(*) FILTER (WHERE host IS NULL)::INT AS nulls
       FROM rounds GROUP BY ALL ORDER BY threads`,
    );
    assert.deepEqual(rows, [
      { campaign: 'torch-cuda-h200', threads: 8, n: 310, hosts: 16, uids: 310, nulls: 0 },
      { campaign: 'torch-cuda-h200', threads: 16, n: 310, hosts: 16, uids: 310, nulls: 0 },
    ]);
    const verdicts = await db.all<{ threads: number; rounds: number; trials: number; groups: number }>(
      `SELECT v.threads, v.rounds, v.trials,
              (SELECT count(*)::INT FROM verdict_evidence e WHERE e.config = v.config AND e.used) AS groups
       FROM verdicts v ORDER BY v.threads`,
    );
    assert.deepEqual(verdicts, [
      { threads: 8, rounds: 310, trials: 310, groups: 16 },
      { threads: 16, rounds: 310, trials: 310, groups: 16 },
    ]);
  } finally {
    db.close();
  }
});
