/**
 * The real spawners against real processes: process groups killed on timeout,
 * abort and exit; exit status, signal, output, cwd and environment as the
 * child saw them; the launcher going with a runner killed by kill -9.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isAlive } from '../lock.ts';
import { directSpawner } from './directSpawner.ts';
import { LauncherPool } from './launcherPool.ts';
import { processSpawner } from './processSpawner.ts';
import type { Spawner } from './spawner.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-spawn-'));
after(() => rmSync(root, { recursive: true, force: true }));

const alive = isAlive;

/** Kills a process a failed test may have left running (one the test started). */
function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

async function waitFor(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

const launched = await new LauncherPool().acquire();
const spawners: [string, Spawner][] = [
  ['direct', directSpawner],
  ...(launched ? [['launcher', launched] as [string, Spawner]] : []),
];
test('processSpawner goes through the launcher where one runs (Linux with python3), else spawns directly', async () => {
  const r = await processSpawner.run({
    argv: ['sh', '-c', 'echo $PPID'],
    shell: false,
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    timeoutMs: 5000,
  });
  const parent = Number(r.stdout.trim());
  // A launcher script that breaks must not pass unseen as "no launcher here".
  const python = spawnSync('python3', [
    '-c',
    'import os, sys; sys.exit(0 if hasattr(os, "posix_spawnp") else 1)',
  ]);
  if (process.platform === 'linux' && python.status === 0 && !process.env.ROUNDBOOK_LAUNCHER_PYTHON)
    assert.ok(launched, 'python3 with posix_spawnp is here, yet no launcher started');
  if (launched) assert.notEqual(parent, process.pid, 'a launcher, not this process, started it');
  else assert.equal(parent, process.pid);
});

for (const [name, spawner] of spawners) {
  test(`${name}: a timeout kills the whole process group, grandchildren too`, async () => {
    const pidFile = join(root, `${name}-grandchild.pid`);
    const r = await spawner.run({
      argv: ['sh', '-c', `sh -c 'sleep 30' & echo $! > ${pidFile}; sleep 30`],
      shell: false,
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 400,
    });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(r.durationMs < 5000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await waitFor(() => !alive(grandchild)), `grandchild ${grandchild} survived the timeout`);
  });

  test(`${name}: exit status, signal and output of real processes; a missing program is a start failure`, async () => {
    const base = { shell: false, cwd: root, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 5000 };
    const seg = await spawner.run({ ...base, argv: ['sh', '-c', 'echo hi; kill -SEGV $$'] });
    assert.equal(seg.signal, 'SIGSEGV');
    assert.equal(seg.stdout, 'hi\n');
    const code = await spawner.run({ ...base, argv: ['sh', '-c', 'echo oops >&2; exit 3'] });
    assert.equal(code.exitCode, 3);
    assert.equal(code.stderr, 'oops\n');
    const shell = await spawner.run({ ...base, shell: true, argv: ['echo a | tr a b'] });
    assert.equal(shell.stdout, 'b\n');
    const missing = await spawner.run({ ...base, argv: ['/no/such/program'] });
    assert.match(missing.error ?? '', /ENOENT/);
  });

  test(`${name}: exit 139 is an exit status, a SIGSEGV a signal; cwd, environment and PATH lookup are the child's`, async () => {
    const base = {
      shell: false,
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ONLY: 'x' },
      timeoutMs: 5000,
    };
    const code = await spawner.run({ ...base, argv: ['sh', '-c', 'exit 139'] });
    assert.deepEqual([code.exitCode, code.signal], [139, null]);
    const seg = await spawner.run({ ...base, argv: ['sh', '-c', 'kill -SEGV $$'] });
    assert.deepEqual([seg.exitCode, seg.signal], [null, 'SIGSEGV']);
    const env = await spawner.run({
      ...base,
      argv: ['sh', '-c', 'pwd; echo "$ONLY"; test -z "$HOME" && echo no-home'],
    });
    assert.equal(env.stdout, `${realpathSync(root)}\nx\nno-home\n`);
    // SIGPIPE has its default action in the child: `yes` dies quietly when `head` is done.
    const pipe = await spawner.run({ ...base, argv: ['sh', '-c', 'yes | head -1'] });
    assert.deepEqual([pipe.exitCode, pipe.stdout, pipe.stderr], [0, 'y\n', '']);
    const noCwd = await spawner.run({ ...base, cwd: join(root, 'missing'), argv: ['/bin/true'] });
    assert.match(noCwd.error ?? '', /ENOENT/);
  });

  test(`${name}: signals by their canonical names (SIGABRT, not SIGIOT; SIGIO, not SIGPOLL)`, async () => {
    const base = { shell: false, cwd: root, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 5000 };
    const abrt = await spawner.run({ ...base, argv: ['sh', '-c', 'kill -ABRT $$'] });
    assert.equal(abrt.signal, 'SIGABRT');
    const io = await spawner.run({ ...base, argv: ['sh', '-c', 'kill -IO $$'] });
    assert.equal(io.signal, 'SIGIO');
  });

  test(`${name}: an abort kills the attempt's group at once`, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const t0 = Date.now();
    const r = await spawner.run({
      argv: ['sh', '-c', 'sleep 30'],
      shell: false,
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 0,
      signal: controller.signal,
    });
    assert.equal(r.aborted, true);
    assert.ok(Date.now() - t0 < 5000);
  });
}

test('launcher: a grandchild that escapes into its own session (setsid) does not outlive its attempt, and is named', async (t) => {
  if (!launched) return t.skip('no launcher here (python3 ≥ 3.8 with posix_spawn)');
  if (process.platform !== 'linux') return t.skip('a subreaper (prctl PR_SET_CHILD_SUBREAPER) is Linux only');
  const pidFile = join(root, 'escaped.pid');
  const pidFile2 = join(root, 'escaped2.pid');
  // The attempt's child leaves its process group and session, then the attempt exits at once.
  const r = await launched.run({
    argv: [
      'sh',
      '-c',
      `setsid sh -c 'echo $$ > ${pidFile}.new; mv ${pidFile}.new ${pidFile}; exec sleep 30' &
       while [ ! -e ${pidFile} ]; do sleep 0.01; done`,
    ],
    shell: false,
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    timeoutMs: 5000,
  });
  assert.equal(r.exitCode, 0);
  const escaped = Number(readFileSync(pidFile, 'utf8'));
  t.after(() => killQuietly(escaped));
  assert.ok(await waitFor(() => !alive(escaped)), `process ${escaped} (setsid sleep) outlived its attempt`);
  assert.equal(r.leftovers?.length, 1);
  assert.match(r.leftovers?.[0] ?? '', new RegExp(`^${escaped} (sleep|sh)$`), 'the leftover is named');
  // A timeout kills the escaped ones too, not only the attempt's group.
  const t2 = await launched.run({
    argv: [
      'sh',
      '-c',
      `setsid sh -c 'echo $$ > ${pidFile2}.new; mv ${pidFile2}.new ${pidFile2}; exec sleep 30' & sleep 30`,
    ],
    shell: false,
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    timeoutMs: 1000,
  });
  assert.equal(t2.timedOut, true);
  const escaped2 = Number(readFileSync(pidFile2, 'utf8'));
  t.after(() => killQuietly(escaped2));
  assert.ok(await waitFor(() => !alive(escaped2)), `process ${escaped2} outlived its timed-out attempt`);
});

test('a runner killed with kill -9 takes the attempt in flight and its output files with it (launcher)', async (t) => {
  if (!launched) return t.skip('no launcher here');
  const pidFile = join(root, 'orphan.pid');
  const script = `import { processSpawner } from ${JSON.stringify(join(import.meta.dirname, 'processSpawner.ts'))};
    await processSpawner.run({ argv: ['sh', '-c', 'echo $$ > ${pidFile}; sleep 30'], shell: false, cwd: '/',
      env: { PATH: process.env.PATH }, timeoutMs: 0 });`;
  const childTmp = join(root, 'child-tmp'); // where the runner keeps its output folder
  mkdirSync(childTmp);
  const runner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: 'ignore',
    env: { ...process.env, TMPDIR: childTmp },
  });
  assert.ok(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 10000));
  const attempt = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(alive(attempt));
  const outputFolders = () => readdirSync(childTmp).filter((n) => n.startsWith('rb-launch-'));
  assert.equal(outputFolders().length, 1);
  runner.kill('SIGKILL');
  assert.ok(await waitFor(() => !alive(attempt), 5000), `attempt ${attempt} outlived its runner`);
  assert.ok(await waitFor(() => outputFolders().length === 0), 'output folder left behind');
});
