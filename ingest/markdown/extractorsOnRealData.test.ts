/**
 * No extractor throws on real data: the examples, the corpus and the seeds
 * are ingested through the real path, and no source may carry a problem
 * saying an extractor (or a parser) failed. An extractor's throw is recorded,
 * not swallowed (extractors.ts), so a bug shows here instead of as silently
 * missing rows. The corpus and seeds are skipped, with a message, when
 * ../shared is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Db } from '../../store/db.ts';
import { ingestPaths } from '../ingest.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const inputs = ['data/examples', '../shared/corpus', '../shared/seeds'].map((p) => resolve(repo, p));
const present = inputs.filter((p) => existsSync(p));

test('no extractor or parser fails on the examples, the corpus and the seeds', {
  timeout: 300_000,
}, async (t) => {
  if (present.length < inputs.length) t.diagnostic('../shared is absent: the examples only');
  const db = await Db.open(':memory:');
  try {
    const summary = await ingestPaths(db, present);
    assert.ok(summary.files.parsed > 0);
    const failed = await db.all<{ path: string; problem: string }>(
      `SELECT p.path, u.problem
       FROM sources s JOIN source_paths p USING (source_id), unnest(s.problems) AS u(problem)
       WHERE u.problem LIKE '%extractor failed%' OR u.problem LIKE '%parser failed%'
       ORDER BY p.path`,
    );
    assert.deepEqual(failed, []);
  } finally {
    db.close();
  }
});
