/**
 * The sequential stop rule through a whole run with a fake spawner: each
 * configuration stops when SPRT decides, a stop survives an interrupted run
 * and its resume, and the run ends saying every configuration was stopped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LogEvent } from '../store/roundLog.ts';
import { parseCampaign } from './campaign.ts';
import { readLogEvents } from './logFile.ts';
import { runCampaign } from './runCampaign.ts';
import { fakeSpawner } from './spawn/index.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-stop-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** `config:round` of each round event, `stop:config` of each stop, `probe:config` of each probe. */
const story = (events: LogEvent[]) =>
  events.flatMap((e) =>
    e.type === 'round'
      ? [`${e.config}${e.round}`]
      : e.type === 'stop' || e.type === 'probe'
        ? [`${e.type}:${e.config}`]
        : [],
  );

test('SPRT stops each configuration when it decides; a stop survives an interrupt and its resume', async () => {
  // a always crashes (3 crashed attempts a round): p1 accepted after min_rounds = 3 rounds.
  // b always passes (1 attempt a round): p0 accepted at its 5th pass.
  const c = parseCampaign(
    'campaign: stops\ncommand: [sh, -c, x]\nconfigs:\n  a: {}\n  b: {}\nrounds: 10\n' +
      'retry: {attempts: 3, pause: 0}\n' +
      'stop: {rule: sprt, p0: 0.01, p1: 0.5, alpha: 0.05, beta: 0.05, min_rounds: 3}\n',
    'stops.yaml',
  );
  const script = (req: { env: Readonly<Record<string, string>> }) =>
    req.env.ROUNDBOOK_CONFIG === 'a' ? 'crash' : 'pass';
  // Spawns: a1 ×3, b1, a2 ×3, b2, a3 ×3 (a stops), b3, then Ctrl-C during b4 (index 12).
  const controller = new AbortController();
  const first = await runCampaign(c, {
    logsRoot: root,
    host: 'h',
    signal: controller.signal,
    // Ctrl-C kills the attempt in flight, as a real spawner does: it is recorded interrupted.
    spawner: fakeSpawner(
      (req, i) => (i === 12 ? { aborted: true, exitCode: null, signal: 'SIGKILL', stdout: '' } : script(req)),
      (_req, i) => {
        if (i === 12) controller.abort();
      },
    ),
  });
  assert.equal(first.complete, false);
  assert.deepEqual(story(readLogEvents(first.logFile!)), [
    'probe:a',
    'probe:b',
    'a1',
    'b1',
    'a2',
    'b2',
    'a3',
    'stop:a',
    'b3',
  ]);
  assert.match(first.tallies.a.stopped ?? '', /p1=0.5 accepted/);
  assert.equal(first.tallies.b.stopped, null);

  const spawner = fakeSpawner(script);
  const resumed = await runCampaign(c, { logsRoot: root, host: 'h', resume: true, spawner });
  // a stays stopped: neither probed nor run again; b runs until SPRT accepts p0.
  assert.deepEqual(story(readLogEvents(resumed.logFile!)), ['probe:b', 'b4', 'b5', 'stop:b']);
  assert.deepEqual(
    spawner.calls.map((r) => r.env.ROUNDBOOK_CONFIG),
    ['b', 'b'],
  );
  assert.equal(resumed.complete, true);
  assert.equal(resumed.reason, 'every configuration was stopped by the sequential rule');
  assert.deepEqual(
    [resumed.tallies.a.rounds, resumed.tallies.b.rounds, resumed.roundsRun, resumed.attemptsRun],
    [3, 5, 2, 2],
  );
  assert.match(resumed.tallies.b.stopped ?? '', /p0=0.01 accepted/);
  assert.equal(readLogEvents(resumed.logFile!).at(-1)?.type, 'end');
});
