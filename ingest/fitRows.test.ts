import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchRow, CrashRow } from '../store/rawTables.ts';
import { fitRows, misfit } from './fitRows.ts';

const batch = (over: Partial<BatchRow>): BatchRow => ({
  line: 7,
  label: 'Pass Rate',
  config: 'native',
  fix_variant: null,
  torch_version: null,
  threads: null,
  wrapper: null,
  torch_base: null,
  torch_build: null,
  workload: null,
  serialised: null,
  fix_variant_from: 'unknown',
  torch_from: 'unknown',
  threads_from: 'unknown',
  wrapper_from: 'unknown',
  workload_from: 'unknown',
  serialised_from: 'unknown',
  rounds: 20,
  passed: 17,
  efficiency_avg: null,
  efficiency_min: null,
  efficiency_max: null,
  round_first: null,
  round_last: null,
  kind: 'primary',
  ...over,
});

test('misfit: each SQL type of the table specs, by its own range', () => {
  assert.equal(misfit('INTEGER', 2147483647), null);
  assert.equal(misfit('INTEGER', -2147483648), null);
  assert.match(misfit('INTEGER', 2147483648) ?? '', /out of range/);
  assert.match(misfit('INTEGER', 3000000000) ?? '', /out of range/);
  assert.match(misfit('INTEGER', 1.5) ?? '', /not a whole number/);
  assert.match(misfit('INTEGER', Number.POSITIVE_INFINITY) ?? '', /out of range/);
  assert.equal(misfit('BIGINT', 3000000000), null);
  assert.match(misfit('BIGINT', 2 ** 63) ?? '', /out of range/);
  assert.equal(misfit('DOUBLE', 1e308), null);
  assert.match(misfit('DOUBLE', Number.NaN) ?? '', /not a finite number/);
  assert.match(misfit('DOUBLE', Number.NEGATIVE_INFINITY) ?? '', /not a finite number/);
  assert.equal(misfit('TIMESTAMP', '2025-12-23T17:04:10.118Z'), null);
  assert.equal(misfit('TIMESTAMP', '2025-12-23 09:00:04.78'), null);
  assert.match(misfit('TIMESTAMP', '2025-13-45 10:00:00') ?? '', /not a valid TIMESTAMP/);
  assert.match(misfit('TIMESTAMP', '294247-01-10 04:00:54') ?? '', /not a valid TIMESTAMP/);
  assert.equal(misfit('DATE', '2024-02-29'), null);
  assert.match(misfit('DATE', '2025-02-30') ?? '', /not a valid DATE/);
  assert.equal(misfit('VARCHAR', 'text'), null);
  assert.equal(misfit('VARCHAR[]', ['a', 'b']), null);
  assert.match(misfit('VARCHAR[]', ['a', 1]) ?? '', /not a list of text/);
  assert.equal(misfit('BOOLEAN', true), null);
  assert.match(misfit('BOOLEAN', 1) ?? '', /not a boolean/);
});

test('fitRows: a value out of range is nulled in a nullable column, its row dropped in a non-null one', () => {
  const { tables, problems } = fitRows({
    batches: [batch({ line: 3 }), batch({ line: 7, passed: 3000000000 }), batch({ line: 9, rounds: 3e9 })],
  });
  assert.deepEqual(
    tables.batches?.map((b) => [b.line, b.rounds, b.passed]),
    [
      [3, 20, 17],
      [7, 20, null],
    ],
  );
  assert.deepEqual(problems, [
    {
      line: 7,
      message: 'value out of range: batches.passed = 3000000000 is out of range for INTEGER; left empty',
    },
    {
      line: 9,
      message: 'value out of range: batches.rounds = 3000000000 is out of range for INTEGER; row dropped',
    },
  ]);
});

test('fitRows: rows that fit come back unchanged, and the same object when nothing is wrong', () => {
  const input = { batches: [batch({})] };
  const out = fitRows(input);
  assert.equal(out.tables.batches, input.batches);
  assert.deepEqual(out.problems, []);
});

test('fitRows: at most 20 values per file are listed, the rest counted', () => {
  const rows = Array.from({ length: 30 }, (_, i) => batch({ line: i + 1, passed: 1e10 }));
  const { problems } = fitRows({ batches: rows });
  assert.equal(problems.length, 21);
  assert.deepEqual(problems[20], {
    line: null,
    message: '10 more values out of range or missing (not listed)',
  });
});

test('fitRows: a crash with a fractional pid keeps its other facts', () => {
  const crash = { line: 1, crash_uid: 'crash:1', pid: 1.5, frames: ['a'] } as unknown as CrashRow;
  const { tables, problems } = fitRows({ crashes: [crash] });
  assert.equal(tables.crashes?.[0].pid, null);
  assert.equal(tables.crashes?.[0].crash_uid, 'crash:1');
  assert.match(problems[0].message, /crashes\.pid = 1\.5 is not a whole number/);
});
