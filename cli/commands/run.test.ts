import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CliError } from '../args.ts';
import { runCaptured } from '../captureOutput.ts';
import { runCommand } from './run.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-cli-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

const cli = (...argv: string[]) => runCaptured(runCommand, argv);

test('roundbook run: dry run, a real run with --json, resume of a complete run, errors with file and line', async () => {
  const file = join(root, 'c.yaml');
  writeFileSync(
    file,
    `campaign: cli\ncommand: [sh, -c, 'echo ALL CLAIMS VERIFIED']\nconfigs:\n  a: {}\n  b: {labels: {fix_variant: v2.9}}\nrounds: 2\n`,
  );
  const dry = await cli(file, '--dry-run');
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /4 rounds, order interleaved/);
  assert.match(dry.stdout, /1 {2}a {2}round 1\n\s+2 {2}b {2}round 1\n/);
  const logs = join(root, 'logs');
  const run = await cli(file, '--logs', logs, '--json', '--host', 'ci', '--shard', '1/1');
  assert.equal(run.code, 0);
  assert.equal(JSON.parse(run.stdout).roundsRun, 4);
  assert.equal(readdirSync(join(logs, 'cli')).filter((f) => f.endsWith('.jsonl')).length, 1);
  const again = await cli(file, '--logs', logs, '--resume', '--host', 'ci');
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already complete/);
  const bad = join(root, 'bad.yaml');
  writeFileSync(bad, 'command: [x]\nconfigs:\n  a: {}\nretry:\n  attempts: 0\n');
  await assert.rejects(
    cli(bad),
    (err: unknown) =>
      err instanceof CliError && err.exitCode === 2 && /bad\.yaml:5: retry\.attempts: /.test(err.message),
  );
  await assert.rejects(cli(file, '--shard', '3/2'), /--shard/);
});
