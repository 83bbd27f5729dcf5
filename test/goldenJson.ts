/**
 * The golden-file check shared by the parsers' golden tests (CONVENTIONS.md
 * "Golden files for parsers"): a parser's output against `expected.json`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** True when `UPDATE=1`: goldens are rewritten for review instead of checked. CI never sets it. */
const UPDATE_GOLDENS = process.env.UPDATE === '1';

/**
 * Checks `actual` against the JSON golden file. With `UPDATE=1` the golden is
 * rewritten and the check passes. A missing golden is written and the check
 * fails (review it, then rerun). On a mismatch the actual output is written
 * beside the golden as `*.actual.json` (git-ignored), so a reviewer can diff
 * the two files, and the check fails with the assertion's diff and that
 * path; a match removes a stale `*.actual.json`. Both files are written as
 * `JSON.stringify(value, null, 2)` plus a newline.
 *
 * `update` defaults to whether the environment says `UPDATE=1`.
 *
 * @example assertGoldenJson(join(dir, 'expected.json'), parseReport(text, path))
 */
export function assertGoldenJson(goldenFile: string, actual: unknown, update = UPDATE_GOLDENS): void {
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  const actualFile = goldenFile.replace(/(\.json)?$/, '.actual.json');
  if (update || !existsSync(goldenFile)) {
    writeFileSync(goldenFile, text);
    rmSync(actualFile, { force: true });
    if (!update) assert.fail(`${goldenFile} was missing: written, review it`);
    return;
  }
  const expected: unknown = JSON.parse(readFileSync(goldenFile, 'utf8'));
  try {
    assert.deepEqual(actual, expected);
  } catch (err) {
    writeFileSync(actualFile, text);
    if (err instanceof Error)
      err.message += `\nactual output written to ${actualFile}: diff it with ${goldenFile}`;
    throw err;
  }
  rmSync(actualFile, { force: true });
}
