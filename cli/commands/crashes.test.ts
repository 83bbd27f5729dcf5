import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSummary } from './crashes.ts';

test('the clusters summary agrees in number: never "1 crashes" or "crash(es)"', () => {
  assert.equal(clusterSummary(1, 1, 1, 0), '1 distinct crash in 1 cluster (1 duplicate copy folded)');
  assert.equal(
    clusterSummary(49, 13, 0, 0),
    '49 distinct crashes in 13 clusters (0 duplicate copies folded)',
  );
  assert.equal(
    clusterSummary(3, 2, 4, 1),
    '3 distinct crashes in 2 clusters (4 duplicate copies folded); 1 more shown apart, not of the process under test (marked *)',
  );
});
