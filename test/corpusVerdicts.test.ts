/**
 * Issue 12's done-when targets for the verdicts, on the real corpus, the
 * seeds and the project's examples (read from ../shared at test time;
 * skipped, visibly, without it):
 *
 * - native 2.9.1 complete-story rounds at 8 threads sit in at most two
 *   environments (with retry / wrapper not stated), none counted twice;
 * - v2.4 NR is one environment (its 335 primary rounds, rounds 2090–2485 of
 *   14 sessions less the ones only restated);
 * - v2.7 and v2.9 have verdicts built from their single-run reports,
 *   labelled throttled;
 * - no verdict uses MAP.md, START_HERE.txt, N1270, N1382, N1383, the phase8
 *   guide or the external audit;
 * - every evidence line of every verdict names the source of each inferred
 *   attribute.
 *
 * Each target is a test of its own, so a failure names the target.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  ANY_ENVIRONMENT,
  analyze,
  type EnvironmentAnswer,
  type VerdictRequest,
  verdictFor,
} from '../analysis/derive/index.ts';
import { loadEvidence } from '../analysis/derive/loadEvidence.ts';
import { matchGroups } from '../analysis/derive/matchGroups.ts';
import { verdictEnvironments } from '../analysis/derive/verdictRows.ts';
import { ENV_ATTRIBUTES, type EvidenceGroup, selectEvidence } from '../analysis/stats/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';

const shared = new URL('../../shared/', import.meta.url);
const corpus = new URL('corpus/', shared).pathname;
const seeds = new URL('seeds/', shared).pathname;
const examples = new URL('../data/examples/', import.meta.url).pathname;
const skip = existsSync(corpus) && existsSync(seeds) ? false : 'needs ../shared/corpus and ../shared/seeds';

const any: VerdictRequest = ANY_ENVIRONMENT;
let db: Db;

before(async () => {
  if (skip) return;
  db = await Db.open(':memory:');
  await ingestPaths(db, [corpus, seeds, examples], { now: () => new Date('2026-01-01T00:00:00Z') });
  await analyze(db);
});
after(() => db?.close());

/** Environments with rounds to judge. */
const judged = (envs: readonly EnvironmentAnswer[]) => envs.filter((e) => (e.rounds ?? 0) > 0);

/** The global round ids of a group (rows listed, or a batch's range). */
const roundIds = (g: EvidenceGroup): number[] =>
  g.origin === 'batch'
    ? g.roundFirst != null && g.roundLast != null
      ? Array.from({ length: g.roundLast - g.roundFirst + 1 }, (_, i) => g.roundFirst! + i)
      : []
    : [...(g.roundNumbers ?? [])];

/**
 * Targets of issue 12 the corpus does not support as stated, kept visible as `todo` with the evidence (see the
 * issue's closing note): merging them would pool a run the files say may have been locked into the unserialised
 * question, or invent a serialisation no file states.
 */
const NATIVE_TODO =
  "N2992:16 says its native runs are unserialised ('I restored the original test'), N2991 ran while the test held a global lock by N2992's account, so their serialisation differs or is unknown: 3 unthrottled environments, not 2";
const V24_TODO =
  'N2992:20-27 has its own v2.4 NR runs (lock removed, two other tests) beside the 14 sessions of 0/335: one environment for those sessions, not for every v2.4 NR round';
const V27_TODO =
  '19 v2.7 complete-story reports (e.g. N3105, n3157) state no throttle and their neighbours state different partial setups (N3104:33 semaphore(2), N3106:35 graph_path): labelling them throttled would invent a value';

test('native 2.9.1 complete-story rounds at 8 threads: none counted twice, every unthrottled one with retry or no wrapper stated', {
  skip,
}, async () => {
  const req = { ...any, fix: 'native', torch: '2.9.1', threads: 8, workload: 'complete_story' };
  const envs = judged((await verdictFor(db, req)).environments);
  assert.ok(envs.length >= 1, 'native 2.9.1 complete-story rounds at 8 threads exist');
  const twice = await countedTwice(req);
  assert.deepEqual(twice, [], 'none counted twice');
  for (const e of envs)
    assert.ok(e.wrapper === 'retry' || e.wrapper === null, `${e.config}: retry or not stated`);
});

test('native 2.9.1 complete-story rounds at 8 threads sit in at most two environments', {
  skip,
  todo: skip ? undefined : NATIVE_TODO,
}, async () => {
  const req = { ...any, fix: 'native', torch: '2.9.1', threads: 8, workload: 'complete_story' };
  const envs = judged((await verdictFor(db, req)).environments);
  assert.ok(envs.length <= 2, `at most two environments: ${envs.map((e) => e.config).join(' | ')}`);
  const labels = (e: EnvironmentAnswer) =>
    JSON.stringify([e.fix_variant, e.torch_version, e.threads, e.workload, e.serialised]);
  assert.equal(new Set(envs.map(labels)).size, 1, 'they differ only in the wrapper');
});

/** Round ids counted twice by the groups kept in the environments matching `req`, in one report or across reports. */
async function countedTwice(req: VerdictRequest): Promise<string[]> {
  const { groups } = await loadEvidence(db);
  const matched = matchGroups(groups, req);
  const seen = new Map<number, string>();
  const twice: string[] = [];
  for (const env of verdictEnvironments(matched))
    for (const g of selectEvidence(matched, env).kept)
      for (const n of roundIds(g)) {
        if (seen.has(n)) twice.push(`round ${n} counted at ${seen.get(n)} and at ${g.id}`);
        seen.set(n, g.id);
      }
  return twice;
}

test("v2.4 NR: the 14 sessions' 335 clean rounds are one environment", { skip }, async () => {
  const envs = judged((await verdictFor(db, { ...any, fix: 'v2.4_nr' })).environments);
  assert.ok(
    envs.some((e) => `${e.crashed_rounds}/${e.rounds}` === '0/335'),
    envs.map((e) => `${e.config}: ${e.crashed_rounds}/${e.rounds}`).join(' | '),
  );
});

test('v2.4 NR is one environment', { skip, todo: skip ? undefined : V24_TODO }, async () => {
  const envs = judged((await verdictFor(db, { ...any, fix: 'v2.4_nr' })).environments);
  assert.deepEqual(
    envs.map((e) => e.config),
    [envs[0]?.config],
    'one environment',
  );
  assert.equal(`${envs[0].crashed_rounds}/${envs[0].rounds}`, '0/335');
});

for (const fix of ['v2.7', 'v2.9']) {
  test(`${fix} has verdicts built from its single-run reports, and throttled ones labelled so`, {
    skip,
  }, async () => {
    const envs = judged((await verdictFor(db, { ...any, fix })).environments);
    const fromCorpus = envs.filter((e) => e.evidence.some((l) => l.used && l.path.startsWith(corpus)));
    assert.ok(fromCorpus.length >= 1, `${fix}: a verdict built from the corpus' reports`);
    assert.ok(
      fromCorpus.some((e) => e.throttled),
      `${fix}: labelled throttled (${fromCorpus.map((e) => e.config).join(' | ')})`,
    );
    // A throttled environment never decides the unserialised question.
    for (const e of fromCorpus.filter((x) => x.throttled)) assert.equal(e.decides, false, e.config ?? '');
  });
  test(`${fix}: every complete-story environment from the corpus is throttled`, {
    skip,
    todo: skip || fix !== 'v2.7' ? undefined : V27_TODO,
  }, async () => {
    const envs = judged((await verdictFor(db, { ...any, fix })).environments);
    const fromCorpus = envs.filter((e) => e.evidence.some((l) => l.used && l.path.startsWith(corpus)));
    for (const e of fromCorpus.filter((x) => x.workload === 'complete_story'))
      assert.equal(e.throttled, true, `${e.config}: the suite's runs are throttled`);
  });
}

test('no verdict uses MAP.md, START_HERE.txt, N1270, N1382, N1383, the phase8 guide or the external audit', {
  skip,
}, async () => {
  const used = await db.all<{ source_path: string; line: number; config: string }>(
    `SELECT source_path, line, config FROM verdict_evidence
     WHERE used AND regexp_matches(source_path, '(/MAP\\.md|/START_HERE\\.txt|_N1270|_N1382|_N1383|phase8_final_submission_guide|external_audit)')
     ORDER BY source_path, line`,
  );
  assert.deepEqual(used, []);
});

test('every evidence line of every verdict names the source of each inferred attribute', {
  skip,
}, async () => {
  const paths = new Set((await db.all<{ path: string }>('SELECT path FROM sources')).map((r) => r.path));
  const result = await verdictFor(db, any);
  assert.ok(result.environments.length > 0);
  let lines = 0;
  for (const env of result.environments)
    for (const e of env.evidence) {
      lines++;
      for (const a of ENV_ATTRIBUTES) {
        const from = e.provenance[a];
        assert.ok(from !== undefined, `${e.group_id}: no provenance for ${a}`);
        if (from.startsWith('stated')) {
          assert.equal(e.inferred[a], undefined, `${e.group_id}: ${a} is stated`);
          continue;
        }
        assert.equal(e.inferred[a], from, `${e.group_id}: ${a} is inferred and names its source`);
        assert.match(from, /^(file(:\d+)?|series:.+:\d+|unknown)$/, `${e.group_id}: ${a} from ${from}`);
        if (from.startsWith('series:'))
          assert.ok(paths.has(from.slice(7, from.lastIndexOf(':'))), `${e.group_id}: ${from} names a source`);
      }
    }
  assert.ok(lines > 0);
  const [missing] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM verdict_evidence
     WHERE fix_variant_from IS NULL OR torch_from IS NULL OR threads_from IS NULL OR wrapper_from IS NULL
        OR workload_from IS NULL OR serialised_from IS NULL`,
  );
  assert.equal(missing.n, 0, 'the stored evidence names the source of every attribute');
});
