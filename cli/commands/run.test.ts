import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { isSessionReport } from '../../store/sessionReportMarker.ts';
import { CliError } from '../args.ts';
import { runCaptured } from '../captureOutput.ts';
import { reportCommand } from './report.ts';
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
  // The session report of the run is written beside its log, marked so that ingest never counts it.
  const [reportFile] = readdirSync(join(logs, 'cli')).filter((f) => f.endsWith('.report.md'));
  assert.ok(reportFile, 'no session report beside the log');
  const written = readFileSync(join(logs, 'cli', reportFile), 'utf8');
  assert.ok(isSessionReport(written));
  assert.match(written, /^# Verification Rounds 1–2 - campaign cli$/m);
  assert.match(written, /^### .* \(2 rounds\)$/m);
  // `roundbook report --session` renders the same report from a database that holds the folder, report included.
  const dbPath = join(root, 'rb.duckdb');
  const db = await Db.open(dbPath);
  try {
    await ingestPaths(db, [logs], { workers: 0 });
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rounds');
    assert.equal(n, 4, 'the written report added rounds');
  } finally {
    db.close();
  }
  const fromDb = await runCaptured(reportCommand, ['--db', dbPath, '--session', 'cli']);
  assert.equal(fromDb.code, 0);
  assert.match(fromDb.stdout, /^# Verification Rounds 1–2 - campaign cli$/m);
  assert.match(fromDb.stdout, /No verdict on this configuration \(run `roundbook analyze`\)/);
  await assert.rejects(runCaptured(reportCommand, ['--db', dbPath, '--session', 'nosuch']), /no rounds/);
  await assert.rejects(runCaptured(reportCommand, ['--db', dbPath, '--session', '9-3']), /range ends before/);
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

/** The events of the one log a campaign folder holds. */
function logEvents(dir: string): { type: string; outcome?: string; reason?: string }[] {
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

test('an attempt that cannot start (no such program, E2BIG) is an error: the run stops, exits non-zero and says why', async () => {
  const cases: [string, string, RegExp][] = [
    ['missing', 'command: [/no/such/program]\n', /could not start: spawn \/no\/such\/program ENOENT/],
    // An environment larger than the kernel takes (execve: E2BIG).
    [
      'e2big',
      `command: [/bin/true]\nenv: {HUGE: ${'x'.repeat(3 * 1024 * 1024)}}\n`,
      /could not start: .*E2BIG/,
    ],
  ];
  for (const [name, command, why] of cases) {
    const file = join(root, `${name}.yaml`);
    writeFileSync(file, `campaign: ${name}\n${command}configs:\n  a: {}\nrounds: 3\nretry: {attempts: 3}\n`);
    const logs = join(root, `logs-${name}`);
    await assert.rejects(
      cli(file, '--logs', logs, '--host', 'ci'),
      (err: unknown) =>
        err instanceof CliError &&
        err.exitCode === 1 &&
        why.test(err.message) &&
        /not the workload/.test(err.message),
      name,
    );
    const events = logEvents(join(logs, name));
    assert.deepEqual(
      events.filter((e) => e.type === 'attempt').map((e) => e.outcome),
      ['error'],
      `${name}: one attempt, an error, and nothing more run`,
    );
    assert.equal(events.filter((e) => e.type === 'round').length, 0, `${name}: no round is counted`);
    assert.match(events.at(-1)?.reason ?? '', /^stopped: /);
  }
});

test('a full TMPDIR (where the launcher keeps output) is an error that stops the run, not a failing workload', async (t) => {
  if (process.platform !== 'linux') return t.skip('tmpfs mounts are Linux only');
  const mnt = mkdtempSync(join(root, 'full-tmp-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
  if (mounted.status !== 0) return t.skip(`cannot mount a tmpfs here: ${mounted.stderr}`);
  try {
    // Fill it: the last write fails with ENOSPC.
    spawnSync('sh', ['-c', `cat /dev/zero > ${mnt}/fill`]);
    const file = join(root, 'fulltmp.yaml');
    writeFileSync(
      file,
      "campaign: fulltmp\ncommand: [sh, -c, 'echo ALL CLAIMS VERIFIED']\nconfigs:\n  a: {}\nrounds: 3\npass: {must_contain: [ALL CLAIMS VERIFIED]}\n",
    );
    const logs = join(root, 'logs-fulltmp');
    const main = join(import.meta.dirname, '..', 'main.ts');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', main, 'run', file, '--logs', logs, '--host', 'ci'],
      {
        env: { ...process.env, TMPDIR: mnt, ROUNDBOOK_SPAWNER: '' },
        encoding: 'utf8',
      },
    );
    assert.notEqual(r.status, 0, `exit status ${r.status}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /could not start: .*(ENOSPC|full)/);
    const events = logEvents(join(logs, 'fulltmp'));
    assert.deepEqual(
      events.filter((e) => e.type === 'attempt').map((e) => e.outcome),
      ['error'],
    );
    assert.equal(events.filter((e) => e.type === 'round').length, 0);
  } finally {
    spawnSync('umount', [mnt]);
  }
});
