import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assertGoldenJson } from './goldenJson.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-golden-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const golden = join(dir, 'expected.json');
const actual = join(dir, 'expected.actual.json');

test('a mismatch fails and leaves the actual output beside the golden; a match removes it', () => {
  writeFileSync(golden, `${JSON.stringify({ rows: [1, 2] }, null, 2)}\n`);
  assert.throws(() => assertGoldenJson(golden, { rows: [1, 3] }, false), /expected\.actual\.json/);
  assert.deepEqual(JSON.parse(readFileSync(actual, 'utf8')), { rows: [1, 3] });
  assert.deepEqual(JSON.parse(readFileSync(golden, 'utf8')), { rows: [1, 2] }, 'the golden is untouched');
  assertGoldenJson(golden, { rows: [1, 2] }, false);
  assert.equal(existsSync(actual), false);
});

test('update rewrites the golden; a missing golden is written and the check fails', () => {
  assertGoldenJson(golden, { rows: [9] }, true);
  assert.equal(readFileSync(golden, 'utf8'), `${JSON.stringify({ rows: [9] }, null, 2)}\n`);
  rmSync(golden);
  assert.throws(() => assertGoldenJson(golden, { rows: [8] }, false), /was missing: written/);
  assert.deepEqual(JSON.parse(readFileSync(golden, 'utf8')), { rows: [8] });
});
