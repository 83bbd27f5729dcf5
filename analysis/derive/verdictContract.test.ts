/**
 * The verdict contract on reports built for the test (ingested through the
 * real parser) and rows inserted directly: `{request, answer, environments}`,
 * every environment with its labels, builds and counts, every evidence line
 * with the source of each inferred attribute; a session that leaves its dylib
 * unsaid inherits it from the session it continues; a restatement in another
 * report is listed, not counted; a throttled environment is listed but does
 * not decide the unserialised question; `verdict_evidence` stores the same.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { REPORT_ROUNDS, SOURCES } from '../../store/rawTables.ts';
import { analyze } from './analyze.ts';
import { ANY_ENVIRONMENT, type VerdictRequest, verdictFor } from './verdictFor.ts';

const rows = (first: number, last: number, failed: readonly number[] = []) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i)
    .map((n) => `| ${n} | ${failed.includes(n) ? 'FAIL' : 'PASS'} | 14.${n % 10}% |`)
    .join('\n');

/** Worker 7001 states its dylib and build; worker 7002 continues its rounds, states neither, and restates 7001's. */
const REPORTS = {
  'verification_round_3000-3009_2026-02-01.md': `# Verification Rounds 3000-3009

**Date**: 2026-02-01
**Worker**: N=7001
**AGX Fix**: v2.9
**PyTorch**: 2.9.1a0+git8cfbcc8

## Round Results

| Round | Status | Efficiency |
|-------|--------|------------|
${rows(3000, 3009)}

## Configuration

- Threads: 8
`,
  'verification_round_3010-3019_2026-02-01.md': `# Verification Rounds 3010-3019

**Date**: 2026-02-01
**Worker**: N=7002

## Round Results

| Round | Status | Efficiency |
|-------|--------|------------|
${rows(3010, 3019, [3015])}

## Comparison with Recent Batches

| Batch | Rounds | Pass Rate |
|-------|--------|-----------|
| N=7001 | 3000-3009 | 100.0% |
| N=7002 | 3010-3019 | 90.0% |

## Configuration

- Threads: 8
`,
};

const any: VerdictRequest = ANY_ENVIRONMENT;
let dir: string;
let db: Db;
const pathOf = (name: string) => join(dir, name);
const A = 'verification_round_3000-3009_2026-02-01.md';
const B = 'verification_round_3010-3019_2026-02-01.md';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roundbook-contract-'));
  for (const [name, text] of Object.entries(REPORTS)) writeFileSync(pathOf(name), text);
  db = await Db.open(':memory:');
  await ingestPaths(db, [dir], { workers: 0, now: () => new Date('2026-02-02T00:00:00Z') });
  // 500 clean rounds of the suite under Semaphore(1) (449 decide SAFE at 1%/95%), as a report would give them (inserted directly)
  await db.append(SOURCES, [
    {
      source_id: 'throttled',
      path: 'throttled.md',
      kind: 'report',
      bytes: 1,
      ingested_at: '2026-02-02 00:00:00',
      status: 'ok',
      problems: [],
      parser_version: 'test',
    },
  ]);
  await db.append(
    REPORT_ROUNDS,
    Array.from({ length: 500 }, (_, i) => ({
      round_uid: `t${i}`,
      source_id: 'throttled',
      line: 10 + i,
      origin: 'report' as const,
      session: null,
      config: 'v2.9',
      fix_variant: 'v2.9',
      torch_version: '2.9.1a0+gitbee5a22',
      torch_base: '2.9.1',
      torch_build: 'gitbee5a22',
      threads: 8,
      wrapper: null,
      workload: null,
      serialised: 'semaphore(1)',
      fix_variant_from: 'file:4',
      torch_from: 'file:5',
      threads_from: 'stated',
      wrapper_from: 'unknown',
      workload_from: 'unknown',
      serialised_from: 'file:6',
      round_no: null,
      status: 'pass' as const,
      attempts: null,
      crashed_attempts: null,
      efficiency_pct: null,
      started_at: null,
      duration_s: null,
      host: null,
      campaign: null,
      fingerprint: null,
    })),
  );
  await analyze(db);
});
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the contract: request, answer, and every environment with its labels, counts and evidence', async () => {
  const result = await verdictFor(db, { ...any, fix: 'v2.9' });
  assert.deepEqual(result.request, { ...any, fix: 'v2.9' });
  for (const env of result.environments) {
    for (const key of [
      'fix_variant',
      'torch_base',
      'torch_builds',
      'threads',
      'wrapper',
      'workload',
      'serialised',
      'answer',
      'rounds',
      'crashed_rounds',
      'attempts',
      'crashed_attempts',
      'evidence',
    ])
      assert.ok(key in env, `environment.${key}`);
    for (const e of env.evidence)
      for (const key of ['path', 'line', 'kind', 'rounds', 'crashed', 'used', 'reason', 'inferred'])
        assert.ok(key in e, `evidence.${key}`);
  }
});

test('a session that leaves its dylib and build unsaid inherits them from the session it continues', async () => {
  const { environments } = await verdictFor(db, { ...any, fix: 'v2.9', serialised: null });
  const plain = environments.find((e) => !e.throttled)!;
  assert.equal(plain.config, 'v2.9 torch=2.9.1 8t ? workload=? serialised=?');
  assert.deepEqual(plain.torch_builds, ['2.9.1a0+git8cfbcc8']);
  assert.equal(`${plain.crashed_rounds}/${plain.rounds}`, '1/20');
  const continued = plain.evidence.find((e) => e.path === pathOf(B) && e.used)!;
  assert.equal(continued.inferred.fix_variant, `series:${pathOf(A)}:5`); // `**AGX Fix**: v2.9`
  assert.equal(continued.inferred.torch, `series:${pathOf(A)}:6`); // `**PyTorch**: …`
  assert.equal(continued.inferred.wrapper, 'unknown');
  assert.equal(continued.inferred.threads, 'file:30'); // `- Threads: 8`
  // the restated session of worker 7001 is listed with what it restates, and not counted
  const restated = plain.evidence.find(
    (e) => e.path === pathOf(B) && e.rounds === 10 && !e.used && e.line === 25,
  )!;
  assert.equal(restated.reason, `restates worker N7001's rounds 3000–3009, already given at ${pathOf(A)}:12`);
});

test('a throttled environment is listed but never decides the unserialised question', async () => {
  const unserialised = await verdictFor(db, { ...any, fix: 'v2.9' });
  const throttled = unserialised.environments.find((e) => e.throttled)!;
  assert.equal(throttled.serialised, 'semaphore(1)');
  assert.equal(throttled.answer, 'safe');
  assert.equal(throttled.decides, false);
  assert.equal(unserialised.answer, 'undecided');
  const named = await verdictFor(db, { ...any, fix: 'v2.9', serialised: 'semaphore(1)' });
  assert.deepEqual(
    named.environments.map((e) => e.config),
    ['v2.9 torch=2.9.1 8t ? workload=? serialised=semaphore(1)'],
  );
  assert.equal(named.answer, 'safe');
  assert.equal((await verdictFor(db, { ...any, workload: 'complete_story' })).answer, 'no_evidence');
});

test('verdicts and verdict_evidence store the same environments and provenance', async () => {
  const [stored] = await db.all<{
    torch_base: string;
    torch_builds: string[];
    rounds: number;
    throttled: boolean;
  }>(
    "SELECT torch_base, torch_builds, rounds, throttled FROM verdicts WHERE config = 'v2.9 torch=2.9.1 8t ? workload=? serialised=?'",
  );
  assert.deepEqual(stored, {
    torch_base: '2.9.1',
    torch_builds: ['2.9.1a0+git8cfbcc8'],
    rounds: 20,
    throttled: false,
  });
  const [line] = await db.all<{ fix_variant: string; fix_variant_from: string; threads_from: string }>(
    'SELECT fix_variant, fix_variant_from, threads_from FROM verdict_evidence WHERE source_path = ? AND used',
    [pathOf(B)],
  );
  assert.deepEqual(line, {
    fix_variant: 'v2.9',
    fix_variant_from: `series:${pathOf(A)}:5`,
    threads_from: 'file:30',
  });
});
