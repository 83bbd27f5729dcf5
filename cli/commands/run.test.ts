import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CliError, parseCommandArgs } from '../args.ts';
import { runCommand } from './run.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-cli-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs the command in-process, capturing stdout. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string }> {
  const { positionals, values } = parseCommandArgs(argv, runCommand.options);
  let stdout = '';
  const write = process.stdout.write;
  // The command writes strings; the test runner's own reports (Buffers) pass through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write.call(process.stdout, chunk, ...rest);
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await runCommand.run(positionals, values), stdout };
  } finally {
    process.stdout.write = write;
  }
}

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
  // A YAML alias bomb is a campaign error like any other: file and line, exit 2.
  const bomb = join(root, 'bomb.yaml');
  writeFileSync(
    bomb,
    `command: [x]\nconfigs: {a: {}}\na: &a [x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f', 'g', 'h']
      .map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)
      .join('\n')}\n`,
  );
  await assert.rejects(
    cli(bomb),
    (err: unknown) =>
      err instanceof CliError && err.exitCode === 2 && /bomb\.yaml:\d+: .*alias/.test(err.message),
  );
  await assert.rejects(cli(file, '--shard', '3/2'), /--shard/);
});
