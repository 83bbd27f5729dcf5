import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCampaign } from './campaign.ts';
import type { AttemptEvent } from './events.ts';
import { readLogEvents } from './logFile.ts';
import { runCampaign } from './runCampaign.ts';
import { processSpawner } from './spawner.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-spawn-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

test('a timeout kills the whole process group, grandchildren too', async () => {
  const pidFile = join(root, 'grandchild.pid');
  const r = await processSpawner.run({
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

test('the demo workload hangs, is recorded as timeout, and its grandchild dies with it', async () => {
  const pidFile = join(root, 'demo-grandchild.pid');
  const c = parseCampaign(
    `campaign: hang\ncommand: [${JSON.stringify(process.execPath)}, workloads/demo.mjs]\ntimeout: 1s\nconfigs:\n  a: {env: {DEMO_MODE: grandchild, DEMO_PID_FILE: ${JSON.stringify(pidFile)}}}\nrounds: 1\nretry: {attempts: 3}\n`,
    'hang.yaml',
    join(import.meta.dirname, '..'),
  );
  const s = await runCampaign(c, { logsRoot: root, host: 'h' });
  const attempts = readLogEvents(s.logFile!).filter((e): e is AttemptEvent => e.type === 'attempt');
  assert.deepEqual(
    attempts.map((a) => a.outcome),
    ['timeout'],
  );
  assert.ok(existsSync(pidFile));
  const grandchild = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(await waitFor(() => !alive(grandchild)), 'the sleeping grandchild outlived the timeout');
});

test('exit status, signal and output of real processes; a missing program is a start failure', async () => {
  const base = { shell: false, cwd: root, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 5000 };
  const seg = await processSpawner.run({ ...base, argv: ['sh', '-c', 'echo hi; kill -SEGV $$'] });
  assert.equal(seg.signal, 'SIGSEGV');
  assert.equal(seg.stdout, 'hi\n');
  const code = await processSpawner.run({ ...base, argv: ['sh', '-c', 'echo oops >&2; exit 3'] });
  assert.equal(code.exitCode, 3);
  assert.equal(code.stderr, 'oops\n');
  const shell = await processSpawner.run({ ...base, shell: true, argv: ['echo a | tr a b'] });
  assert.equal(shell.stdout, 'b\n');
  const missing = await processSpawner.run({ ...base, argv: ['/no/such/program'] });
  assert.match(missing.error ?? '', /ENOENT/);
});

test('Ctrl-C (abort) stops after recording what finished; the attempt in flight is killed, not recorded', async () => {
  const c = parseCampaign(
    `campaign: abort\ncommand: [sh, -c, 'if [ "$ROUNDBOOK_ROUND" = 2 ]; then sleep 30; fi; echo ALL CLAIMS VERIFIED']\ntimeout: 60s\nconfigs:\n  a: {}\nrounds: 3\n`,
    'abort.yaml',
  );
  const controller = new AbortController();
  const t0 = Date.now();
  setTimeout(() => controller.abort(), 600);
  const s = await runCampaign(c, { logsRoot: root, host: 'h', signal: controller.signal });
  assert.ok(Date.now() - t0 < 5000);
  assert.equal(s.complete, false);
  const events = readLogEvents(s.logFile!);
  assert.deepEqual(
    events.filter((e) => e.type === 'round').map((e) => (e as { round: number }).round),
    [1],
  );
  assert.equal(events.filter((e) => e.type === 'attempt').length, 1);
  assert.deepEqual(events.at(-1)?.type, 'end');
});
