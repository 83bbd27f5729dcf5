/**
 * The derive step on the two seeds (read from ../shared at test time) and on
 * the project's own examples: the numbers of the issues, no round counted
 * twice, and the same rows on a second run.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { DERIVED_TABLES } from '../../store/derivedTables.ts';
import { analyze } from './analyze.ts';

const seeds = new URL('../../../shared/seeds/', import.meta.url);
const examples = new URL('../../data/examples/', import.meta.url);
const noShared = existsSync(seeds) ? false : 'needs ../shared/seeds (not in this checkout)';

async function dbOf(paths: string[]): Promise<Db> {
  const db = await Db.open(':memory:');
  await ingestPaths(db, paths, { workers: 0, now: () => new Date('2026-01-01T00:00:00Z') });
  await analyze(db);
  return db;
}

test('seed 000: v2.3 20/20 counted once, native 3/5, and the necessity comparison', {
  skip: noShared,
}, async () => {
  const db = await dbOf([new URL('000_8cc71363f5458171.txt', seeds).pathname]);
  try {
    const rates = await db.all<{
      config: string;
      passed: number;
      total: number;
      report_rounds: number;
      batch_rounds: number;
    }>(
      "SELECT config, passed, total, report_rounds, batch_rounds FROM pass_rates WHERE method = 'wilson' ORDER BY config",
    );
    const v23 = rates.find(
      (r) => r.config === 'v2.3 torch=2.9.1 8t retry workload=complete_story serialised=?',
    );
    // The 20 listed rounds 1740–1759; the stated "Pass Rate: 20/20" over the same rounds is not added again.
    assert.deepEqual(v23, {
      config: 'v2.3 torch=2.9.1 8t retry workload=complete_story serialised=?',
      passed: 20,
      total: 20,
      report_rounds: 20,
      batch_rounds: 0,
    });
    const native = rates.find(
      (r) => r.config === 'native torch=2.9.1 8t retry workload=complete_story serialised=?',
    );
    assert.equal(`${native?.passed}/${native?.total}`, '3/5');
    // Cumulative statements (~1760 rounds, 48/50) never become primary evidence.
    assert.ok(rates.every((r) => r.total < 100));

    const [cmp] = await db.all<{ fisher_two_sided: number; a_passed: number; b_passed: number }>(
      "SELECT fisher_two_sided, a_passed, b_passed FROM comparisons WHERE b_fix_variant = 'v2.3'",
    );
    // R: fisher.test(matrix(c(3, 2, 20, 0), 2, byrow = TRUE))$p.value = 1/30
    assert.ok(Math.abs(cmp.fisher_two_sided - 1 / 30) < 1e-12);

    const [necessary] = await db.all<{ ok: boolean; computed: string }>(
      "SELECT ok, computed FROM audits WHERE kind = 'claim' AND check_name = 'necessary' AND subject = 'v2.3'",
    );
    assert.equal(necessary.ok, true);
    const [stable] = await db.all<{ ok: boolean; computed: string }>(
      "SELECT ok, computed FROM audits WHERE kind = 'claim' AND check_name = 'stable' AND subject = 'v2.3' LIMIT 1",
    );
    // "100% stability" on 20/20 supports only ≥ 86.1% (one-sided 95%, as the verdict).
    assert.equal(stable.ok, false);
    assert.match(stable.computed, /86\.1%/);

    const [batch] = await db.all<{ ok: boolean }>(
      "SELECT ok FROM audits WHERE kind = 'batch' AND subject LIKE 'With v2.3%'",
    );
    assert.equal(batch.ok, true, 'the stated 20/20, 19.8% avg, 16.1–23.8% range is reproduced by the rows');

    const [v] = await db.all<{ answer: string }>(
      "SELECT answer FROM verdicts WHERE config = 'native torch=2.9.1 8t retry workload=complete_story serialised=?'",
    );
    assert.equal(v.answer, 'unsafe');
  } finally {
    db.close();
  }
});

test('seed 002: "counterproductive" stands on no v2.3 data of its own', { skip: noShared }, async () => {
  const db = await dbOf([new URL('002_3bd18bb1d3b0e275.txt', seeds).pathname]);
  try {
    const [claim] = await db.all<{ ok: boolean; sentence: string }>(
      "SELECT ok, sentence FROM audits WHERE kind = 'claim' AND check_name = 'counterproductive'",
    );
    assert.equal(claim.ok, false);
    assert.match(claim.sentence, /no pass counts for v2\.3/);
    const [fit] = await db.all<{ sigma: number; converged: boolean }>(
      "SELECT sigma, converged FROM scaling_fits WHERE model = 'usl'",
    );
    assert.equal(fit.converged, true);
    assert.ok(Math.abs(fit.sigma - 0.1353) < 1e-3, `σ ${fit.sigma}`);
  } finally {
    db.close();
  }
});

test('analyze is deterministic: a second run writes the same rows', async () => {
  const db = await dbOf([examples.pathname]);
  try {
    const dump = async () => {
      const out: Record<string, unknown[]> = {};
      for (const t of DERIVED_TABLES) out[t.name] = await db.all(`SELECT * FROM ${t.name}`);
      return out;
    };
    const first = await dump();
    assert.ok(first.verdicts.length > 0);
    await analyze(db);
    assert.deepEqual(await dump(), first);
  } finally {
    db.close();
  }
});
