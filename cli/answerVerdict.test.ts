/**
 * The bottom line of verdict and ask: one sentence first, the same in the
 * terminal and the JSON; NO_EVIDENCE echoes the request, names the nearest
 * data and the unknown values with a "did you mean".
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { runCaptured } from './captureOutput.ts';
import { askCommand } from './commands/ask.ts';
import { verdictCommand } from './commands/verdict.ts';
import { didYouMean } from './didYouMean.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-bl-'));
const dbPath = join(dir, 'rb.duckdb');
after(() => rmSync(dir, { recursive: true, force: true }));

const report = (first: number, n: number, worker: number, fix: string, failed: (r: number) => boolean) =>
  `# Verification Rounds ${first}-${first + n - 1}\n\n**Date**: 2025-12-2${worker % 10}\n**Worker**: N=${worker}\n${fix}\n**PyTorch**: 2.9.1\n**Threads**: 8\n**Wrapper**: none\n\n| Round | Status |\n|---|---|\n${Array.from(
    { length: n },
    (_, i) => `| ${first + i} | ${failed(first + i) ? 'FAIL' : 'PASS'} |`,
  ).join('\n')}\n`;

before(async () => {
  const reports = join(dir, 'reports');
  mkdirSync(reports);
  const write = (first: number, n: number, worker: number, fix: string, failed: (r: number) => boolean) =>
    writeFileSync(
      join(reports, `verification_rounds_${first}-${first + n - 1}_N${worker}_2025-12-2${worker % 10}.md`),
      report(first, n, worker, fix, failed),
    );
  write(100, 10, 9001, '**Configuration**: Native PyTorch (no dylib)', (r) => r % 2 === 0);
  write(200, 40, 9002, '**AGX Fix**: v2.9', () => false);
  write(300, 30, 9003, '**AGX Fix**: v2.4_nr', () => false);
  const db = await Db.open(dbPath);
  await ingestPaths(db, [reports], { workers: 0 });
  db.close();
});

const verdict = async (...args: string[]) => {
  const json = await runCaptured(verdictCommand, ['--db', dbPath, '--json', ...args]);
  const text = await runCaptured(verdictCommand, ['--db', dbPath, ...args]);
  return { json: JSON.parse(json.stdout), text: text.stdout };
};

test('UNSAFE: "No —" with the environment, its counts and bound, how many are safe, the last run; first in the terminal, the same in the JSON', async () => {
  const { json, text } = await verdict('--fix', 'native', '--torch', '2.9.1');
  assert.equal(json.answer, 'unsafe');
  assert.equal(
    json.bottom_line,
    'No — native 2.9.1 (8 threads) failed in 5 of 10 rounds (50%, at least 13% at 95%); 0 of 1 environment is safe; last run 2025-12-21.',
  );
  assert.equal(text.split('\n')[0], json.bottom_line);
});

test('UNDECIDED: "Not yet —" with the rounds still needed', async () => {
  const { json, text } = await verdict('--fix', 'v2.9');
  assert.equal(json.answer, 'undecided');
  assert.match(
    json.bottom_line,
    /^Not yet — v2\.9 2\.9\.1 \(8 threads\) failed in 0 of 40 rounds \(0%, between 0% and .+ at 95%, around the 1% threshold\); \d+ more rounds without a failure would show it safe; 0 of 1 environment is safe; last run 2025-12-22\.$/,
  );
  assert.equal(text.split('\n')[0], json.bottom_line);
});

test('the terminal labels are words, not the config key, and the per-round rate is not printed twice', async () => {
  const { text } = await verdict('--fix', 'native');
  assert.doesNotMatch(text, /torch=|\?t\b/);
  assert.equal(text.match(/per-round/g)?.length ?? 0, 1);
  assert.doesNotMatch(text, /\(es\)|\(s\)|\b1 crashes\b/);
});

test('NO_EVIDENCE echoes the request in words and names the nearest environments with data', async () => {
  const { json, text } = await verdict('--fix', 'native', '--threads', '4');
  assert.equal(json.answer, 'no_evidence');
  assert.match(
    json.bottom_line,
    /^No evidence — no rounds match native, any PyTorch, 4 threads; nearest with data: native 2\.9\.1 \(8 threads\), unsafe, failed in 5 of 10 rounds\.$/,
  );
  assert.equal(json.nearest.length, 1);
  assert.equal(json.nearest[0].fix_variant, 'native');
  assert.equal(text.split('\n')[0], json.bottom_line);
  assert.doesNotMatch(text, /\? torch=|\?t /);
});

test('an unknown --fix, --torch or --workload gets the known values and a "did you mean"', async () => {
  const upper = (await verdict('--fix', 'NATIVE')).json;
  assert.match(
    upper.bottom_line,
    /fix "NATIVE" is not in the data \(known: native, v2\.4_nr, v2\.9\); did you mean native\?/,
  );
  const v24 = (await verdict('--fix', 'v2.4')).json;
  assert.match(v24.bottom_line, /did you mean v2\.4_nr\?/);
  const v99 = (await verdict('--fix', 'v9.9')).json;
  assert.match(v99.bottom_line, /fix "v9\.9" is not in the data \(known: native, v2\.4_nr, v2\.9\)/);
  const torch = (await verdict('--torch', '2.9.2')).json;
  assert.match(
    torch.bottom_line,
    /PyTorch "2\.9\.2" is not in the data \(known: 2\.9\.1\); did you mean 2\.9\.1\?/,
  );
  assert.deepEqual(torch.unknown_values.length, 1);
});

test('ask prints the same bottom line first', async () => {
  const r = await runCaptured(askCommand, ['is native 2.9.1 safe yet?', '--db', dbPath, '--json']);
  const t = await runCaptured(askCommand, ['is native 2.9.1 safe yet?', '--db', dbPath]);
  const json = JSON.parse(r.stdout);
  assert.match(json.bottom_line, /^No — native 2\.9\.1/);
  assert.equal(t.stdout.split('\n')[0], json.bottom_line);
});

test('didYouMean: case, an extension, a typo; nothing for a far word', () => {
  assert.equal(didYouMean('NATIVE', ['native', 'v2.9']), 'native');
  assert.equal(didYouMean('v2.4', ['native', 'v2.4_nr', 'v2.9']), 'v2.4_nr');
  assert.equal(didYouMean('verdcit', ['verdict', 'ask', 'query']), 'verdict');
  assert.equal(didYouMean('fixx', ['fix', 'torch']), 'fix');
  assert.equal(didYouMean('weather', ['native', 'v2.9']), null);
});

test('ask reads the issue\'s questions: thread-safe is no thread count, "which crash" lists crashes, a session question points to report --session, v2.4 is v2.4_nr', async () => {
  const ts = JSON.parse(
    (await runCaptured(askCommand, ['is pytorch 2.9.1 thread-safe?', '--db', dbPath, '--json'])).stdout,
  );
  assert.equal(ts.request.threads, null);
  assert.equal(ts.request.torch, '2.9.1');
  const crashes = await runCaptured(askCommand, ['which crash is most common?', '--db', dbPath]);
  assert.match(crashes.stdout, /No crash clusters yet|distinct crashes/);
  await assert.rejects(
    runCaptured(askCommand, ['what did this session add?', '--db', dbPath]),
    /roundbook report --session/,
  );
  const v24 = JSON.parse((await runCaptured(askCommand, ['is v2.4 safe?', '--db', dbPath, '--json'])).stdout);
  assert.equal(v24.request.fix, 'v2.4_nr');
  assert.equal(v24.answer, 'undecided');
  const drop = await runCaptured(askCommand, ['can we drop the dylib?', '--db', dbPath, '--json']);
  assert.ok(Array.isArray(JSON.parse(drop.stdout).comparisons));
});

test('environmentWords says an unstated label is not stated, never "?" or a config key', async () => {
  const { environmentWords } = await import('./bottomLine.ts');
  const base = {
    fix_variant: 'native',
    torch_version: '2.9.1',
    threads: 8,
    wrapper: null,
    workload: null,
    serialised: null,
  };
  assert.equal(environmentWords(base), 'native 2.9.1 (8 threads)');
  assert.equal(
    environmentWords({ ...base, fix_variant: null, threads: null, wrapper: 'retry' }),
    'PyTorch 2.9.1 (fix not stated, threads not stated, retry wrapper)',
  );
  assert.equal(
    environmentWords({ ...base, torch_version: null, workload: 'complete_story', serialised: 'python_lock' }),
    'native (PyTorch not stated, 8 threads, complete-story suite, serialised: python_lock)',
  );
  assert.equal(environmentWords({ ...base, threads: 1 }), 'native 2.9.1 (1 thread)');
});
