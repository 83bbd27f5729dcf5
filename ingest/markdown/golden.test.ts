/**
 * Golden-file tests of parseReport. Each folder under `golden/` holds
 * `expected.json` (the full ParsedReport) and either `input.md` (one of the
 * project's own example reports, parsed as `data/examples/reports/<case>.md`)
 * or `source.txt` (the path, relative to the repository root, of a real report
 * under ../shared, read at test time and never copied). `UPDATE=1` rewrites
 * the expectations for review; CI never does. On a mismatch the output is
 * written beside the golden as `expected.actual.json` (git-ignored) for a
 * reviewer to diff. Real cases are skipped, with a message, when ../shared is
 * absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGoldenJson } from '../../test/goldenJson.ts';
import { parseReport } from './parseReport.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const goldenDir = join(here, 'golden');

for (const name of readdirSync(goldenDir).sort()) {
  const dir = join(goldenDir, name);
  const sourceFile = join(dir, 'source.txt');
  const inputFile = join(dir, 'input.md');
  let path: string;
  let file: string;
  if (existsSync(inputFile)) {
    path = `data/examples/reports/${name}.md`;
    file = inputFile;
  } else if (existsSync(sourceFile)) {
    path = readFileSync(sourceFile, 'utf8').trim();
    file = resolve(repo, path);
  } else continue;
  const skip = existsSync(file)
    ? false
    : `${path} is absent (../shared not checked out): real-report golden case skipped`;
  test(`golden: ${name}`, { skip }, () => {
    assertGoldenJson(join(dir, 'expected.json'), parseReport(readFileSync(file, 'utf8'), path));
  });
}

test('golden: example inputs are the embedded example reports, byte for byte', () => {
  for (const name of readdirSync(goldenDir)) {
    const input = join(goldenDir, name, 'input.md');
    if (!existsSync(input)) continue;
    const example = join(repo, 'data', 'examples', 'reports', `${name}.md`);
    assert.equal(
      readFileSync(input, 'utf8'),
      readFileSync(example, 'utf8'),
      `${input} differs from ${example}`,
    );
  }
});
