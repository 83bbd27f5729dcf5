/**
 * CI gates: `--fail-on` exit codes of verdict and ask, `build --config` on a
 * missing file, and errors under `--json` as one JSON object on stderr.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { CliError } from './args.ts';
import { runCaptured } from './captureOutput.ts';
import { askCommand } from './commands/ask.ts';
import { buildCommand } from './commands/build.ts';
import { verdictCommand } from './commands/verdict.ts';
import { errorText, wantsJson } from './errorText.ts';

const dir = mkdtempSync(join(tmpdir(), 'rb-ci-'));
const dbPath = join(dir, 'rb.duckdb');
after(() => rmSync(dir, { recursive: true, force: true }));

const rows = (first: number, n: number, failed: (r: number) => boolean) =>
  Array.from({ length: n }, (_, i) => first + i)
    .map((r) => `| ${r} | ${failed(r) ? 'FAIL' : 'PASS'} |`)
    .join('\n');

before(async () => {
  const reports = join(dir, 'reports');
  mkdirSync(reports);
  // native 2.9.1: 40 clean rounds (undecided); v2.9: 10 of 20 failed (unsafe).
  writeFileSync(
    join(reports, 'verification_rounds_100-139_N9001_2026-02-01.md'),
    `# Verification Rounds 100-139\n\n**Date**: 2026-02-01\n**Worker**: N=9001\n**Configuration**: Native PyTorch (no dylib)\n**PyTorch**: 2.9.1\n**Threads**: 8\n**Wrapper**: none\n\n| Round | Status |\n|---|---|\n${rows(100, 40, () => false)}\n`,
  );
  writeFileSync(
    join(reports, 'verification_rounds_200-219_N9002_2026-02-01.md'),
    `# Verification Rounds 200-219\n\n**Date**: 2026-02-01\n**Worker**: N=9002\n**AGX Fix**: v2.9\n**PyTorch**: 2.9.1\n**Threads**: 8\n**Wrapper**: none\n\n| Round | Status |\n|---|---|\n${rows(200, 20, (r) => r % 2 === 0)}\n`,
  );
  const db = await Db.open(dbPath);
  await ingestPaths(db, [reports], { workers: 0 });
  db.close();
});

test('verdict --fail-on: exit 1 when the answer is listed, 0 when not', async () => {
  const unsafe = ['--db', dbPath, '--fix', 'v2.9', '--torch', '2.9.1'];
  assert.equal((await runCaptured(verdictCommand, [...unsafe, '--json'])).code, 0);
  const gated = await runCaptured(verdictCommand, [...unsafe, '--json', '--fail-on', 'unsafe,undecided']);
  assert.equal(JSON.parse(gated.stdout).answer, 'unsafe');
  assert.equal(gated.code, 1);
  const undecided = ['--db', dbPath, '--fix', 'native', '--torch', '2.9.1', '--json'];
  assert.equal((await runCaptured(verdictCommand, [...undecided, '--fail-on', 'unsafe'])).code, 0);
  assert.equal((await runCaptured(verdictCommand, [...undecided, '--fail-on', 'unsafe,undecided'])).code, 1);
  const none = ['--db', dbPath, '--fix', 'v2.3', '--json'];
  assert.equal((await runCaptured(verdictCommand, [...none, '--fail-on', 'unsafe,undecided'])).code, 0);
  assert.equal((await runCaptured(verdictCommand, [...none, '--fail-on', 'no-evidence'])).code, 1);
  assert.equal((await runCaptured(verdictCommand, [...none, '--fail-on', 'no_evidence'])).code, 1);
});

test('ask --fail-on gates the same way', async () => {
  const r = await runCaptured(askCommand, [
    'is v2.9 with pytorch 2.9.1 safe yet?',
    '--db',
    dbPath,
    '--fail-on',
    'unsafe',
  ]);
  assert.equal(r.code, 1);
  const ok = await runCaptured(askCommand, ['is v2.9 safe on 2.9.1?', '--db', dbPath, '--fail-on', 'safe']);
  assert.equal(ok.code, 0);
});

test('--fail-on with an unknown answer is a usage error listing the known ones', async () => {
  await assert.rejects(
    runCaptured(verdictCommand, ['--db', dbPath, '--fail-on', 'unsafe,brokn']),
    (err: unknown) =>
      err instanceof CliError &&
      err.exitCode === 2 &&
      /brokn/.test(err.message) &&
      /no-evidence/.test(err.message),
  );
});

test('build --config on a missing file: a clear error naming it, not a raw ENOENT', async () => {
  const missing = join(dir, 'missing.yaml');
  await assert.rejects(runCaptured(buildCommand, ['--config', missing, '--no-run']), (err: unknown) => {
    assert.ok(err instanceof CliError, String(err));
    assert.ok(err.message.includes(missing));
    assert.match(err.message, /no such file/);
    assert.doesNotMatch(err.message, /ENOENT/);
    return true;
  });
});

test('errors under --json are one JSON object on stderr', () => {
  assert.deepEqual(JSON.parse(errorText('verdict', 'x: no such database', 1, true)), {
    error: 'x: no such database',
    exit: 1,
    command: 'verdict',
  });
  assert.equal(errorText('verdict', 'bad', 2, false), 'roundbook verdict: bad\n');
  assert.equal(wantsJson(['--fix', 'native', '--json']), true);
  assert.equal(wantsJson(['--fix', 'native']), false);
  assert.equal(wantsJson(['--', '--json']), false);
});

test('roundbook verdict --json on a missing database: {"error", "exit": 1} on stderr, exit 1', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'main.ts'),
      'verdict',
      '--db',
      join(dir, 'nope.duckdb'),
      '--json',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 1, r.stderr);
  const err = JSON.parse(r.stderr);
  assert.equal(err.exit, 1);
  assert.match(err.error, /nope\.duckdb: no such database/);
  assert.equal(r.stdout, '');
});

test('verdict and ask only read: they run while another process has the database open, side by side', async () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'roundbook.js');
  const holder = await Db.open(dbPath, { readOnly: true }); // a preview, another CI gate…
  try {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args, '--db', dbPath, '--json'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr?.on('data', (d) => {
          stderr += d;
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const [verdict, ask] = await Promise.all([
      run(['verdict', '--fix', 'native', '--torch', '2.9.1']),
      run(['ask', 'is native 2.9.1 safe yet?']),
    ]);
    assert.equal(verdict.code, 0, verdict.stderr);
    assert.equal(ask.code, 0, ask.stderr);
  } finally {
    holder.close();
  }
});
