/**
 * `runCampaign` with real processes (the default spawner): a hanging workload
 * is a timeout and takes its grandchild with it; Ctrl-C stops after recording
 * what finished, and the attempt it killed as interrupted.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AttemptEvent } from '../store/roundLog.ts';
import { parseCampaign } from './campaign.ts';
import { isAlive } from './lock.ts';
import { readLogEvents } from './logFile.ts';
import { runCampaign } from './runCampaign.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function waitFor(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

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
  assert.ok(await waitFor(() => !isAlive(grandchild)), 'the sleeping grandchild outlived the timeout');
});

test('Ctrl-C (abort) stops after recording what finished; the attempt in flight is killed and recorded interrupted', async () => {
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
  assert.deepEqual(
    events.flatMap((e) => (e.type === 'attempt' ? [[e.round, e.outcome]] : [])),
    [
      [1, 'pass'],
      [2, 'interrupted'],
    ],
  );
  assert.deepEqual(events.at(-1)?.type, 'end');
});

test('processes an attempt left outside its group (setsid) are killed, named in the attempt and in a warning', async (t) => {
  if (process.platform !== 'linux') return t.skip('the launcher is a subreaper on Linux only');
  if (process.env.ROUNDBOOK_SPAWNER === 'direct') return t.skip('Node’s own spawn has no subreaper');
  const pids = join(root, 'escaped');
  // Each attempt starts a process in a session of its own, waits until it runs, and exits.
  const script = `setsid sh -c "echo \\$\\$ >> ${pids}; exec sleep 30" &
    while [ "$(wc -l < ${pids} 2>/dev/null || echo 0)" -lt "$ROUNDBOOK_ROUND" ]; do sleep 0.01; done`;
  const c = parseCampaign(
    `campaign: escape\ncommand: [sh, -c, ${JSON.stringify(script)}]\nconfigs:\n  a: {}\nrounds: 2\n`,
    'escape.yaml',
  );
  const notes: string[] = [];
  const progress = { start() {}, update() {}, stop() {}, note: (text: string) => notes.push(text) };
  const s = await runCampaign(c, { logsRoot: root, host: 'h', progress });
  const escaped = readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number);
  t.after(() => {
    for (const pid of escaped) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  assert.equal(escaped.length, 2);
  for (const pid of escaped) assert.ok(await waitFor(() => !isAlive(pid)), `${pid} outlived its attempt`);
  const attempts = readLogEvents(s.logFile!).filter((e): e is AttemptEvent => e.type === 'attempt');
  assert.deepEqual(
    attempts.map((a) => a.leftovers?.map((l) => Number(l.split(' ')[0]))),
    escaped.map((p) => [p]),
  );
  assert.equal(notes.filter((n) => /^warning: a round \d attempt 1 left 1 process/.test(n)).length, 2);
});
