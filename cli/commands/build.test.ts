/**
 * `roundbook build` (what `npm start` runs) ends with the bottom lines of the
 * three questions, answered by the code `ask` and `verdict` use.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { NO_COMPARISON } from '../answerNecessity.ts';
import { runCaptured } from '../captureOutput.ts';
import { THREE_QUESTIONS } from '../questionBottomLines.ts';
import { buildCommand } from './build.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-build-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('build on the demo data ends with the bottom lines of the three questions', async () => {
  const config = join(dir, 'roundbook.config.yaml');
  writeFileSync(
    config,
    `db: ${join(dir, 'rb.duckdb')}\ninputs: [${resolve('data/examples')}]\ncampaigns: []\nout: ${join(dir, 'site')}\n`,
  );
  const { code, stdout } = await runCaptured(buildCommand, ['--config', config, '--no-run']);
  assert.equal(code, 0);
  const tail = stdout
    .slice(stdout.indexOf('\nIs native 2.9.1 safe yet?\n') + 1)
    .trimEnd()
    .split('\n');
  const heads = tail.filter((l) => !l.startsWith('  ') && l !== '');
  assert.deepEqual(
    heads,
    THREE_QUESTIONS.map((q) => `${q[0].toUpperCase()}${q.slice(1)}`),
    stdout,
  );
  const answers = (q: number) => {
    const at = tail.indexOf(heads[q]);
    const next = q + 1 < heads.length ? tail.indexOf(heads[q + 1]) : tail.length;
    return tail.slice(at + 1, next).filter((l) => l !== '');
  };
  // Safety: the verdict's bottom line (bottomLine.ts), one sentence.
  assert.equal(answers(0).length, 1);
  assert.match(answers(0)[0], /^ {2}(Yes|No|Not yet|No evidence) — .*native.*\.$/);
  // Necessity: each comparison's sentence, or the one line saying there is none.
  assert.ok(answers(1).length >= 1);
  for (const line of answers(1))
    assert.ok(/whether the dylib is necessary|dylib is/.test(line) || line.trim() === NO_COMPARISON, line);
  // The latest session: its report's Summary sentence, and how to print the whole report.
  assert.equal(answers(2).length, 1);
  assert.match(
    answers(2)[0],
    /^ {2}N=\d+: \d+ rounds? of \d+ configurations? listed, \d+ passed.*roundbook report --session N=\d+\)$/,
  );
});
