/**
 * The family of necessity comparisons: native against K dylib variants that
 * are, in truth, no different. Without an adjustment some comparison says
 * "still necessary" more often than α; Holm over the family keeps the chance
 * of any false "still necessary" at most α.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EvidenceGroup, mulberry32, noAttempts } from '../stats/index.ts';
import { comparisonRows, NECESSITY_ALPHA } from './comparisonRows.ts';
import type { GroupDetail } from './loadEvidence.ts';

/** One runner group of `rounds` rounds of an A = 3 retry wrapper, each attempt failing with probability q. */
function group(fix: string, rounds: number, q: number, rand: () => number): [EvidenceGroup, GroupDetail] {
  const o = noAttempts();
  let crashed = 0;
  const retries = new Map<number, number>();
  for (let r = 0; r < rounds; r++) {
    let c = 0;
    while (c < 3 && rand() < q) c++;
    o.crash += c;
    if (c === 3) crashed++;
    else {
      o.pass++;
      retries.set(c, (retries.get(c) ?? 0) + 1);
    }
  }
  const g: EvidenceGroup = {
    id: `${fix}.jsonl:1`,
    source_id: fix,
    origin: 'runner',
    kind: 'primary',
    env: {
      fix_variant: fix,
      torch_version: '2.9.1',
      threads: 8,
      wrapper: 'retry',
      workload: 'story',
      serialised: 'none',
      fingerprint: null,
    },
    rounds,
    crashed,
    attempts: o.pass + o.crash,
    crashedAttempts: o.crash,
  };
  const d: GroupDetail = {
    effN: 0,
    effMean: null,
    effVar: null,
    effValues: null,
    retries,
    maxAttempts: 3,
    outcomes: o,
  };
  return [g, d];
}

test('K = 12 true-null comparisons: Holm keeps P(any false "still necessary") ≤ α', () => {
  const K = 12;
  const sims = 1500;
  const rand = mulberry32(20260113);
  let holmAny = 0;
  let rawAny = 0;
  for (let s = 0; s < sims; s++) {
    const made = [group('native', 40, 0.1, rand)];
    for (let k = 0; k < K; k++) made.push(group(`v${k}`, 40, 0.1, rand));
    const rows = comparisonRows(
      made.map(([g]) => g),
      new Map(made),
    );
    assert.equal(rows.length, K);
    if (rows.some((r) => r.reading === 'still necessary')) holmAny++;
    if (rows.some((r) => (r.fisher_two_sided as number) < NECESSITY_ALPHA && (r.rd_estimate as number) < 0))
      rawAny++;
  }
  const se = Math.sqrt((NECESSITY_ALPHA * (1 - NECESSITY_ALPHA)) / sims);
  const holm = holmAny / sims;
  const raw = rawAny / sims;
  assert.ok(holm <= NECESSITY_ALPHA + 2 * se, `Holm family-wise rate ${holm} (SE ${se.toFixed(4)})`);
  // The defect it mends: unadjusted, some comparison says "still necessary" more often than α
  // (seeded: raw 0.080, Holm 0.008 with these settings).
  assert.ok(raw > NECESSITY_ALPHA, `unadjusted family-wise rate ${raw}`);
});

test('the family is named and every row carries its Holm-adjusted p beside the raw p', () => {
  const rand = mulberry32(7);
  const made = [group('native', 30, 0.3, rand), group('v2.3', 30, 0, rand), group('v2.9', 30, 0, rand)];
  const rows = comparisonRows(
    made.map(([g]) => g),
    new Map(made),
  );
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.equal(
      r.family,
      'Holm over 2 comparisons: native vs v2.3 torch=2.9.1 8t retry workload=story serialised=none, native vs v2.9 torch=2.9.1 8t retry workload=story serialised=none',
    );
    assert.equal(r.family_size, 2);
    assert.ok((r.holm_p as number) >= (r.fisher_two_sided as number));
    assert.equal(r.unit, 'attempt');
  }
});
