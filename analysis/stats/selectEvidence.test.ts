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

test('a range-less summary of listed rows is dropped in any compatible environment; incompatible batches stay', () => {
  // cycle 197–199: rows with the wrapper, "Pass Rate: 9/10" without it
  const tenRows: EvidenceGroup = { ...rows, rounds: 10, roundNumbers: rows.roundNumbers!.slice(0, 10) };
  const passRate: EvidenceGroup = {
    ...summary,
    id: 'r.md:22',
    rounds: 10,
    roundFirst: null,
    roundLast: null,
  };
  // the same file's native batch with the same numbers is another run
  const native: EvidenceGroup = { ...passRate, id: 'r.md:30', env: env({ fix_variant: 'native' }) };
  const sel = selectEvidence([tenRows, passRate, native], {});
  assert.deepEqual(
    sel.kept.map((g) => g.id),
    ['r.md:20', 'r.md:30'],
  );
  assert.equal(
    sel.excluded.find((n) => n.id === 'r.md:22')!.reason,
    'repeats the 10 rounds listed row by row at r.md:20',
  );
});

test('of two range-less batches with the same numbers, the one stating more labels is kept', () => {
  const prose: EvidenceGroup = { ...summary, id: 'r.md:10', roundFirst: null, roundLast: null };
  const table: EvidenceGroup = { ...prose, id: 'r.md:50', env: env() };
  const sel = selectEvidence([prose, table], {});
  assert.deepEqual(
    sel.kept.map((g) => g.id),
    ['r.md:50'],
  );
  assert.match(sel.excluded[0].reason, /repeats the numbers of r\.md:50/);
});

test('a group the derive step marked as restating another source is never used, with its reason', () => {
  const restated: EvidenceGroup = {
    ...summary,
    source_id: 'T',
    id: 'q.md:55',
    restated: 'restates rounds …',
  };
  const sel = selectEvidence([rows, restated], {});
  assert.deepEqual(
    sel.kept.map((g) => g.id),
    ['r.md:20'],
  );
  assert.equal(sel.excluded[0].reason, 'restates rounds …');
});
