/**
 * The fuzz target at the size CI affords (ingest/fuzz/): seeded inputs from
 * the project's own examples, every parser called on each, all of them
 * ingested at once beside the unmutated controls; and the regression corpus
 * (every input that ever broke a property) replayed the same way. A finding
 * names its input; `npm run fuzz -- --seed S --only I` makes it again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkIngest, checkParsers, fuzzInputs, readRegressions } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-fuzz-'));
after(() => rmSync(root, { recursive: true, force: true }));

const show = (findings: { input: string | null; property: string; message: string }[]) =>
  findings.map((f) => `[${f.property}] ${f.input ?? '(batch)'}: ${f.message}`);

test('fuzz: 150 seeded inputs keep every property (seed 20261206)', async () => {
  const inputs = fuzzInputs(20261206, 150);
  assert.deepEqual(show(checkParsers(inputs)), []);
  assert.deepEqual(show(await checkIngest(join(root, 'seeded'), inputs, { workers: 0 })), []);
});

test('fuzz: every input of the regression corpus keeps every property', async () => {
  const inputs = readRegressions();
  assert.ok(inputs.length > 0, 'the corpus is there');
  assert.deepEqual(show(checkParsers(inputs)), []);
  assert.deepEqual(show(await checkIngest(join(root, 'regressions'), inputs, { workers: 0 })), []);
});

test('fuzz: the campaign parser throws nothing but CampaignError (YAML alias bombs included)', () => {
  const campaigns = [...fuzzInputs(20261206, 600), ...readRegressions()].filter((i) => i.kind === 'campaign');
  assert.ok(campaigns.length > 20);
  assert.ok(campaigns.some((c) => c.bytes.includes('*a, *a')));
  assert.deepEqual(show(checkParsers(campaigns)), []);
});

test('fuzz: the same seed gives the same inputs', () => {
  const a = fuzzInputs(7, 20);
  const b = fuzzInputs(7, 20);
  assert.deepEqual(
    a.map((i) => [i.name, i.bytes.toString('base64')]),
    b.map((i) => [i.name, i.bytes.toString('base64')]),
  );
  assert.notDeepEqual(
    a.map((i) => i.name),
    fuzzInputs(8, 20).map((i) => i.name),
  );
});
