import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Environment, EvidenceGroup } from './evidence.ts';
import { selectEvidence } from './selectEvidence.ts';

const env = (over: Partial<Environment> = {}): Environment => ({
  fix_variant: 'v2.9',
  torch_version: '2.9.1',
  threads: 8,
  wrapper: 'retry',
  workload: 'complete_story',
  serialised: 'none',
  fingerprint: null,
  ...over,
});

const rows: EvidenceGroup = {
  id: 'r.md:20',
  source_id: 'S',
  origin: 'report',
  kind: 'primary',
  env: env(),
  rounds: 20,
  crashed: 1,
  roundNumbers: Array.from({ length: 20 }, (_, i) => 4220 + i),
};
// The same rounds summarised on a line that does not repeat the wrapper.
const summary: EvidenceGroup = {
  id: 'r.md:45',
  source_id: 'S',
  origin: 'batch',
  kind: 'primary',
  env: env({ wrapper: null }),
  rounds: 20,
  crashed: 1,
  roundFirst: 4220,
  roundLast: 4239,
};

test('a batch restating listed rounds of its source is dropped whatever labels it carries', () => {
  const sel = selectEvidence([rows, summary], env({ wrapper: null }));
  assert.deepEqual(sel.kept, []);
  assert.match(sel.excluded.find((n) => n.id === 'r.md:45')!.reason, /already listed row by row/);
  assert.deepEqual(
    selectEvidence([rows, summary], env()).kept.map((g) => g.id),
    ['r.md:20'],
  );
});

test('of two batches over the same range in one source, the first counts', () => {
  const again: EvidenceGroup = { ...summary, id: 'r.md:60', env: env({ fix_variant: null }) };
  const sel = selectEvidence([summary, again], {});
  assert.deepEqual(
    sel.kept.map((g) => g.id),
    ['r.md:45'],
  );
  assert.match(sel.excluded[0].reason, /restate an earlier batch/);
});

test('the same round numbers in different sources are different rounds', () => {
  const other: EvidenceGroup = { ...summary, id: 'q.md:5', source_id: 'T' };
  assert.deepEqual(
    selectEvidence([rows, other], {}).kept.map((g) => g.id),
    ['r.md:20', 'q.md:5'],
  );
});
