import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { analyze } from './analyze.ts';

const crashes = new URL('../../data/examples/crashes/', import.meta.url).pathname;

test('clusters use the rules as they are now, and crashes signed by other rules are listed as moved', async () => {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [crashes], { workers: 0 });
    await analyze(db);
    assert.deepEqual(await db.all('SELECT * FROM crash_moves'), [], 'fresh ingest: nothing moved');
    const clustersBefore = await db.all('SELECT signature, crashes FROM crash_clusters ORDER BY signature');
    assert.ok(clustersBefore.length > 0);

    // As if the crashes had been signed by older rules that lumped everything together.
    await db.run(
      "UPDATE crashes SET signature = 'EXC_BAD_ACCESS | objc_msgSend', rules_version = 'siggen-ts/0+old'",
    );
    await analyze(db);
    const moves = await db.all<{ old_rules_version: string; new_signature: string }>(
      'SELECT * FROM crash_moves',
    );
    const [n] = await db.all<{ n: number }>('SELECT count(*) AS n FROM crashes');
    assert.ok(moves.length > 0 && moves.length <= n.n);
    assert.ok(moves.every((m) => m.old_rules_version === 'siggen-ts/0+old'));
    assert.deepEqual(
      await db.all('SELECT signature, crashes FROM crash_clusters ORDER BY signature'),
      clustersBefore,
    );
  } finally {
    db.close();
  }
});

test('a crash read from its .ips and listed in a crash summary is one crash', async () => {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [crashes], { workers: 0 });
    const shared = await db.all<{ original_name: string }>(
      `SELECT original_name FROM crashes WHERE original_name IS NOT NULL GROUP BY original_name HAVING count(*) > 1`,
    );
    await analyze(db);
    const [clustered] = await db.all<{ n: number }>('SELECT sum(crashes) AS n FROM crash_clusters');
    const [distinct] = await db.all<{ n: number }>(
      'SELECT count(DISTINCT coalesce(original_name, crash_uid)) AS n FROM crashes',
    );
    assert.ok(shared.length >= 3, 'the examples hold three crashes both as reports and in the summary');
    assert.equal(clustered.n, distinct.n);
    assert.equal(clustered.n, 4);
  } finally {
    db.close();
  }
});
