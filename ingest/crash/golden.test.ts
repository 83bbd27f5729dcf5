// Golden-file tests: each folder in golden/ holds an input (input.ips, input.crash,
// input.json) or a source.txt naming a real file under ../shared (read at test
// time, never copied), beside expected.json. UPDATE=1 rewrites expectations.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCrashFile } from './parseCrashFile.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const goldenDir = join(here, 'golden');

for (const name of readdirSync(goldenDir).sort()) {
  const dir = join(goldenDir, name);
  const inputName = readdirSync(dir).find((f) => f.startsWith('input.'));
  const sourcePath = existsSync(join(dir, 'source.txt'))
    ? readFileSync(join(dir, 'source.txt'), 'utf8').trim()
    : null;
  const relPath = sourcePath ?? `ingest/crash/golden/${name}/${inputName}`;
  const absPath = join(repo, relPath);
  const missing = sourcePath !== null && !existsSync(absPath);
  test(`golden ${name}`, { skip: missing && `${sourcePath} is absent (../shared not checked out)` }, () => {
    const text = readFileSync(absPath, 'latin1').includes('\0')
      ? readFileSync(absPath, 'latin1')
      : readFileSync(absPath, 'utf8');
    const actual = parseCrashFile(text, relPath);
    const expectedPath = join(dir, 'expected.json');
    if (process.env.UPDATE === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(expectedPath, 'utf8'));
    assert.deepEqual(actual, expected);
  });
}
