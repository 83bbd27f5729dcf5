// Golden-file tests: each folder in golden/ holds an input (input.ips, input.crash,
// input.json) or a source.txt naming a real file under ../shared (read at test
// time, never copied), beside expected.json. UPDATE=1 rewrites expectations; on a
// mismatch the output is written beside the golden as expected.actual.json (git-ignored).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGoldenJson } from '../../test/goldenJson.ts';
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
    assertGoldenJson(join(dir, 'expected.json'), parseCrashFile(text, relPath));
  });
}
