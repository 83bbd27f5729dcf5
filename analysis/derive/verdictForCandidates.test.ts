/**
 * A verdict resolves only the units that could match its request (the others
 * keep their unknowns): its answer, environments and evidence are exactly
 * those of resolving every unit, for every request tried — on the shipped
 * examples always, and on the real corpus when ../shared is present.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { ANY_ENVIRONMENT, type VerdictRequest, verdictFor } from './index.ts';

const corpus = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const seeds = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));
const examples = fileURLToPath(new URL('../../data/examples', import.meta.url));

const base: VerdictRequest = ANY_ENVIRONMENT;
const REQUESTS: Partial<VerdictRequest>[] = [
  { fix: 'native', torch: '2.9.1', threads: 8 },
  { fix: 'native', torch: '2.9.1' },
  { fix: 'native' },
  { fix: 'v2.9', torch: '2.9.1' },
  { fix: 'v2.9', threads: 8, workload: 'complete_story' },
  { fix: 'v2.4_nr' },
  { fix: 'v2.7', serialised: 'semaphore(2)' },
  { fix: 'v2.3', wrapper: 'retry' },
  { torch: '2.9.1', threads: 8 },
  { threads: 8, wrapper: 'none' },
  { workload: 'complete_story', serialised: 'none' },
  { fix: 'native', torch: '2.11.0', threads: 16 },
  { fix: 'demo-fix' },
  { fix: 'nothing-like-this' },
];

async function compare(paths: string[]) {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, paths, { workers: 0 });
    for (const r of REQUESTS) {
      const req = { ...base, ...r };
      const fast = await verdictFor(db, req);
      const full = await verdictFor(db, req, { resolveAll: true });
      assert.deepEqual(fast, full, JSON.stringify(r));
    }
  } finally {
    db.close();
  }
}

test('resolving only the candidate units changes no verdict (shipped examples)', () => compare([examples]));

test(
  'resolving only the candidate units changes no verdict (corpus and seeds)',
  { skip: !existsSync(corpus) && '../shared/corpus is absent' },
  () => compare([corpus, seeds]),
);
