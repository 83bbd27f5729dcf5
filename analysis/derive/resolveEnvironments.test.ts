/**
 * Series inheritance, rule by rule, on hand-made units: what a file leaves
 * unknown comes from the series it continues, with `series:PATH:LINE`;
 * statements are never overridden; a series that disagrees gives nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvidenceUnit } from './evidenceUnit.ts';
import type { EnvironmentFact } from './factReach.ts';
import { resolveEnvironments } from './resolveEnvironments.ts';
import { ids, unit } from './unitFixture.ts';

const at = (units: EvidenceUnit[], path: string) => units.find((u) => u.path === path)!;

describe('the same worker', () => {
  test('a report takes what another report of its worker states, dated within a day', () => {
    const out = resolveEnvironments([
      unit('a/verification_N100_x.md', { worker_n: 100, file: { fix_variant: 'v2.3' } }),
      unit('a/verification_N100_x-v2.md', {
        worker_n: 100,
        report_date: '2025-12-24',
        stated: { threads: 8 },
      }),
      unit('b/old_N100.md', { worker_n: 100, report_date: '2025-12-20', stated: { wrapper: 'retry' } }),
    ]);
    const v2 = at(out, 'a/verification_N100_x-v2.md');
    assert.equal(v2.values.fix_variant, 'v2.3');
    assert.equal(v2.from.fix_variant, 'series:a/verification_N100_x.md:3');
    // three days apart: not the same session
    assert.equal(v2.values.wrapper, null);
    assert.equal(v2.from.wrapper, 'unknown');
  });

  test('reports of one worker that disagree give nothing', () => {
    const out = resolveEnvironments([
      unit('a.md', { worker_n: 100, file: { fix_variant: 'v2.3' } }),
      unit('b.md', { worker_n: 100, file: { fix_variant: 'native' } }),
      unit('c.md', { worker_n: 100 }),
    ]);
    assert.equal(at(out, 'c.md').values.fix_variant, null);
    assert.equal(at(out, 'c.md').from.fix_variant, 'unknown');
  });
});

describe('session series', () => {
  const dir = 'r/verification_round_';
  test('adjacent round ranges of one family continue each other', () => {
    const out = resolveEnvironments([
      unit(`${dir}1640-1659.md`, {
        worker_n: 2937,
        roundNumbers: ids(1640, 1659),
        file: { fix_variant: 'native', wrapper: 'retry', torch: '2.9.1' },
      }),
      unit(`${dir}1660-1679.md`, { worker_n: 2938, roundNumbers: ids(1660, 1679), stated: { threads: 8 } }),
    ]);
    const b = at(out, `${dir}1660-1679.md`);
    assert.deepEqual([b.values.fix_variant, b.values.wrapper, b.values.torch], ['native', 'retry', '2.9.1']);
    assert.equal(b.from.fix_variant, `series:${dir}1640-1659.md:3`);
    assert.equal(at(out, `${dir}1640-1659.md`).values.threads, 8, 'threads flow back along the series');
  });

  test('a configuration change starts a new series: the old wrapper is not carried over', () => {
    const out = resolveEnvironments([
      unit(`${dir}2070-2089.md`, {
        roundNumbers: ids(2070, 2089),
        file: { fix_variant: 'v2.3', wrapper: 'retry' },
      }),
      unit(`${dir}2090-2109.md`, { roundNumbers: ids(2090, 2109), file: { fix_variant: 'v2.4_nr' } }),
    ]);
    assert.equal(at(out, `${dir}2090-2109.md`).values.wrapper, null);
  });

  test('a session between two that disagree is ambiguous and stays unknown', () => {
    const out = resolveEnvironments([
      unit(`${dir}1640-1659.md`, { roundNumbers: ids(1640, 1659), file: { fix_variant: 'native' } }),
      unit(`${dir}1660-1679.md`, { roundNumbers: ids(1660, 1679), stated: { threads: 8 } }),
      unit(`${dir}1680-1699.md`, {
        roundNumbers: ids(1680, 1699),
        file: { fix_variant: 'v2.3', threads: 8 },
      }),
    ]);
    assert.equal(at(out, `${dir}1660-1679.md`).values.fix_variant, null);
    assert.equal(at(out, `${dir}1660-1679.md`).from.fix_variant, 'unknown');
  });

  test('a table naming an earlier session links across a gap; so does a running total', () => {
    const out = resolveEnvironments([
      unit('r/verification_rounds_2090_2109.md', {
        worker_n: 2950,
        roundNumbers: ids(2090, 2109),
        file: { fix_variant: 'v2.4_nr', threads: 8, workload: 'complete_story' },
      }),
      unit('r/verification_rounds_2121_2140.md', {
        worker_n: 2952,
        roundNumbers: ids(2121, 2140),
        file: { fix_variant: 'v2.4_nr', wrapper: 'none' },
      }),
      unit('r/verification_rounds_2121_2140.md', {
        origin: 'batch',
        kind: 'cumulative',
        line: 47,
        label: 'Cumulative v2.4 NR Results: N=2950',
        file: { fix_variant: 'v2.4_nr' },
      }),
      unit('r/verification_rounds_2436_2460.md', {
        worker_n: 2965,
        roundNumbers: ids(2436, 2460),
        file: { fix_variant: 'v2.4_nr' },
      }),
      unit('r/verification_rounds_2436_2460.md', {
        origin: 'batch',
        kind: 'cumulative',
        line: 58,
        label: '17',
      }),
    ]);
    // 2436–2460 follows no file, but both state a running total: one series
    for (const path of ['r/verification_rounds_2121_2140.md', 'r/verification_rounds_2436_2460.md']) {
      const u = at(out, path);
      assert.deepEqual([u.values.threads, u.values.workload], [8, 'complete_story'], path);
      assert.equal(u.from.threads, 'series:r/verification_rounds_2090_2109.md:3');
    }
    assert.equal(at(out, 'r/verification_rounds_2090_2109.md').values.wrapper, 'none');
  });

  test("an inherited value must agree with what the unit's own file states elsewhere", () => {
    const out = resolveEnvironments([
      unit(`${dir}100-119.md`, { worker_n: 1, roundNumbers: ids(100, 119), file: { threads: 16 } }),
      unit(`${dir}120-139.md`, { worker_n: 2, roundNumbers: ids(120, 129), stated: { threads: 8 } }),
      unit(`${dir}120-139.md`, { origin: 'batch', line: 40, roundFirst: 130, roundLast: 139 }),
    ]);
    const batch = out.find((u) => u.line === 40)!;
    assert.equal(batch.values.threads, null);
  });
});

describe('bracketing in the worker sequence', () => {
  const run = (n: number, over: Parameters<typeof unit>[1] = {}) =>
    unit(`p/verification_N${n}.md`, { worker_n: n, ...over });

  test('a single-run report takes what the nearest stating reports before and after agree on', () => {
    const out = resolveEnvironments([
      run(3101, { file: { fix_variant: 'v2.5', torch: '2.9.1a0+gitf44c036' } }),
      run(3102),
      run(3103, { file: { fix_variant: 'v2.5', torch: '2.9.1a0+gitbee5a22' } }),
      run(3104),
      run(3105, { file: { fix_variant: 'v2.7' } }),
      run(3106),
    ]);
    const n3102 = at(out, 'p/verification_N3102.md');
    assert.equal(n3102.values.fix_variant, 'v2.5');
    assert.equal(n3102.from.fix_variant, 'series:p/verification_N3101.md:3');
    assert.equal(n3102.values.torch, '2.9.1', 'two builds of one base agree on the base');
    // an era boundary, and the end of the sequence, stay unknown
    assert.equal(at(out, 'p/verification_N3104.md').values.fix_variant, null);
    assert.equal(at(out, 'p/verification_N3106.md').values.fix_variant, null);
  });

  test('threads are bracketed per workload, and numbered sessions take no part', () => {
    const out = resolveEnvironments([
      run(1, { stated: { workload: 'complete_story', threads: 8 } }),
      run(2, { stated: { workload: 'stress', threads: 56 } }),
      run(3, { stated: { workload: 'complete_story' } }),
      run(4, { stated: { workload: 'stress', threads: 64 } }),
      run(5, { stated: { workload: 'complete_story', threads: 8 } }),
      unit('r/verification_round_10-19.md', {
        worker_n: 6,
        roundNumbers: ids(10, 19),
        file: { fix_variant: 'v2.9' },
      }),
      run(7, { file: { fix_variant: 'v2.9' } }),
    ]);
    assert.equal(at(out, 'p/verification_N3.md').values.threads, 8);
    assert.equal(at(out, 'p/verification_N3.md').from.threads, 'series:p/verification_N1.md:10');
    assert.equal(at(out, 'p/verification_N5.md').values.fix_variant, null);
  });

  test('serialisations agree on the parts both name; a Semaphore(2) and a graph path share none', () => {
    const cs = (serialised: string) => ({ stated: { workload: 'complete_story' }, file: { serialised } });
    const out = resolveEnvironments([
      run(1, cs('graph_path')),
      run(2, { stated: { workload: 'complete_story' } }),
      run(3, cs('graph_path+semaphore(2)')),
      run(4, { stated: { workload: 'complete_story' } }),
      run(5, cs('semaphore(2)')),
      run(6, { stated: { workload: 'complete_story' } }),
      run(7, cs('none')),
    ]);
    assert.equal(at(out, 'p/verification_N2.md').values.serialised, 'graph_path');
    assert.equal(at(out, 'p/verification_N4.md').values.serialised, 'semaphore(2)');
    assert.equal(at(out, 'p/verification_N6.md').values.serialised, null, '`none` shares nothing');
  });
});

describe('environment facts', () => {
  const fact: EnvironmentFact = {
    path: 'THREAD_SAFETY_PROOF.md',
    line: 48,
    workload: 'complete_story',
    attribute: 'serialised',
    value: 'semaphore(1)',
    stated_on: '2025-12-25',
  };
  const run = (n: number, date: string, over: Parameters<typeof unit>[1] = {}) =>
    unit(`p/verification_N${n}.md`, {
      worker_n: n,
      report_date: date,
      stated: { workload: 'complete_story' },
      ...over,
    });

  test('a dated statement about a workload reaches its later rounds until contradicted', () => {
    const out = resolveEnvironments(
      [
        run(1, '2025-12-24'),
        run(2, '2025-12-25'),
        run(3, '2025-12-26', { stated: { workload: 'complete_story', serialised: 'none' } }),
        run(4, '2025-12-26'),
        run(5, '2025-12-28'),
        unit('p/other.md', { worker_n: 6, report_date: '2025-12-25', stated: { workload: 'soak' } }),
      ],
      [fact],
    );
    assert.equal(at(out, 'p/verification_N1.md').values.serialised, null, 'before its date');
    assert.equal(at(out, 'p/verification_N2.md').values.serialised, 'semaphore(1)');
    assert.equal(at(out, 'p/verification_N2.md').from.serialised, 'series:THREAD_SAFETY_PROOF.md:48');
    assert.equal(
      at(out, 'p/verification_N3.md').values.serialised,
      'none',
      'a statement is never overridden',
    );
    assert.equal(at(out, 'p/verification_N5.md').values.serialised, null, 'contradicted on the 26th');
    assert.equal(at(out, 'p/other.md').values.serialised, null, 'another workload');
  });

  test('a forced graph path stated by a report leaves a fact about the test code standing', () => {
    const out = resolveEnvironments(
      [
        run(2, '2025-12-25', { stated: { workload: 'complete_story', serialised: 'graph_path' } }),
        run(3, '2025-12-25'),
        run(4, '2025-12-26', { stated: { workload: 'complete_story', serialised: 'semaphore(2)' } }),
        run(5, '2025-12-27'),
      ],
      [fact],
    );
    assert.equal(at(out, 'p/verification_N2.md').values.serialised, 'graph_path', 'stated, never overridden');
    assert.equal(at(out, 'p/verification_N3.md').values.serialised, 'semaphore(1)');
    assert.equal(at(out, 'p/verification_N5.md').values.serialised, null, 'another semaphore contradicts it');
  });
});

test('round logs and stated values are never touched', () => {
  const units = [
    unit('a.md', { worker_n: 1, file: { fix_variant: 'v2.9' } }),
    unit('b.md', { worker_n: 1, stated: { fix_variant: 'native' } }),
    unit('log.jsonl', { origin: 'runner', worker_n: 1 }),
  ];
  const out = resolveEnvironments(units);
  assert.equal(at(out, 'b.md').values.fix_variant, 'native');
  assert.equal(at(out, 'log.jsonl').values.fix_variant, null);
  assert.equal(units[2].from.fix_variant, 'unknown', 'the input is not changed');
});

test('bracketing reports must be contemporaneous: a sparse sequence brackets nothing', () => {
  const out = resolveEnvironments([
    unit('p/verification_N10.md', { worker_n: 10, report_date: '2025-12-20', file: { fix_variant: 'v2.5' } }),
    unit('p/verification_N11.md', { worker_n: 11, report_date: '2025-12-24' }),
    unit('p/verification_N12.md', { worker_n: 12, report_date: '2025-12-24', file: { fix_variant: 'v2.5' } }),
  ]);
  assert.equal(at(out, 'p/verification_N11.md').values.fix_variant, null);
});
