/**
 * No round counted twice across reports: rounds listed in one report and
 * restated in another (in any environment) are evidence once; restated
 * sessions no report lists are cumulative-only, kept once; equal results
 * without round ids are different runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossSourceRestatements } from './crossSourceRestatements.ts';
import { reportSources } from './reportSources.ts';
import { ids, unit } from './unitFixture.ts';

const restated = (units: ReturnType<typeof unit>[]) => {
  const marks = crossSourceRestatements(units, reportSources(units));
  return units.map((u, i) => [`${u.path}:${u.line}`, marks.get(i) ?? null] as const);
};

test("a table row restating another worker's session points at the rows that list it", () => {
  const marks = restated([
    unit('r/1640-1659.md', { worker_n: 2937, roundNumbers: ids(1640, 1659), report_date: '2025-12-23' }),
    unit('r/1660-1679.md', { worker_n: 2938, roundNumbers: ids(1660, 1679), report_date: '2025-12-23' }),
    unit('r/1660-1679.md', {
      worker_n: 2938,
      origin: 'batch',
      line: 55,
      label: 'Comparison with Recent Batches: N=2937',
      roundFirst: 1640,
      roundLast: 1659,
      stated: { fix_variant: 'v2.3' },
    }),
  ]);
  assert.deepEqual(marks[0][1], null);
  assert.deepEqual(marks[1][1], null);
  assert.equal(marks[2][1], "restates worker N2937's rounds 1640–1659, already given at r/1640-1659.md:10");
});

test('a restated session no report lists is cumulative-only, once; later repeats point at it', () => {
  const marks = restated([
    unit('r/a.md', { worker_n: 2938, roundNumbers: ids(1660, 1679) }),
    unit('r/a.md', {
      worker_n: 2938,
      origin: 'batch',
      line: 54,
      label: 'x: N=2936',
      roundFirst: 1620,
      roundLast: 1639,
    }),
    unit('r/b.md', {
      worker_n: 2939,
      report_date: '2025-12-24',
      roundNumbers: ids(1680, 1699),
    }),
    unit('r/b.md', {
      worker_n: 2939,
      report_date: '2025-12-24',
      origin: 'batch',
      line: 70,
      label: 'x: N=2936',
      roundFirst: 1620,
      roundLast: 1639,
    }),
  ]);
  assert.match(marks[1][1]!, /which no report lists: cumulative-only/);
  assert.equal(
    marks[3][1],
    "repeats the restatement of worker N2936's rounds 1620–1639 at r/a.md:54 (no report lists them): counted once there",
  );
});

test('rows repeated by a later report are restatements; a partial repeat is dropped too', () => {
  const marks = restated([
    unit('r/first.md', { worker_n: 1, roundNumbers: ids(100, 119), report_date: '2025-12-22' }),
    unit('r/later.md', { worker_n: 2, roundNumbers: ids(110, 129), report_date: '2025-12-23' }),
    unit('r/range.md', {
      worker_n: 3,
      origin: 'batch',
      roundFirst: 100,
      roundLast: 119,
      report_date: '2025-12-24',
    }),
  ]);
  assert.equal(marks[0][1], null);
  assert.match(marks[1][1]!, /^partly restates rounds 110–129 \(10 of 20 given at r\/first\.md:10\)/);
  assert.equal(marks[2][1], 'restates rounds 100–119, already given at r/first.md:10');
});

test('local numbering and results without round ids are never compared', () => {
  const marks = restated([
    unit('p/N1972.md', { worker_n: 1972, roundNumbers: ids(1, 10) }),
    unit('p/N1973.md', { worker_n: 1973, roundNumbers: ids(1, 10) }),
    unit('p/n3231_062420.md', { worker_n: 3231 }),
    unit('p/n3231_062821.md', { worker_n: 3231 }),
  ]);
  assert.deepEqual(
    marks.map(([, m]) => m),
    [null, null, null, null],
  );
});
