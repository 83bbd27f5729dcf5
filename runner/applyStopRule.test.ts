/**
 * The sequential stop rule through a whole run with a fake spawner: each
 * configuration stops when the verdict's always-valid procedure decides, a stop survives an interrupted run
 * and its resume, and the run ends saying every configuration was stopped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mulberry32, roundsForPower } from '../analysis/stats/index.ts';
import type { LogEvent } from '../store/roundLog.ts';
import { stopDecision } from './applyStopRule.ts';
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

test('the always-valid rule stops each configuration when it decides; a stop survives an interrupt and its resume', async () => {
  // a always crashes (3 crashed attempts a round): 9 of 9 failed is UNSAFE at a 50% threshold (6 of 6 is not yet).
  // b always passes (1 attempt a round): SAFE at its 7th pass (decideSafety(0, 7) at 50%/95%).
  const c = parseCampaign(
    'campaign: stops\ncommand: [sh, -c, x]\nconfigs:\n  a: {}\n  b: {}\nrounds: 10\n' +
      'retry: {attempts: 3, pause: 0}\n' +
      'stop: {rule: always-valid, threshold: 0.5, confidence: 0.95, min_rounds: 3}\n',
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
  assert.match(
    first.tallies.a.stopped ?? '',
    /^unsafe: failure rate above 50% .*9 of 9 attempts did not pass/,
  );
  assert.equal(first.tallies.b.stopped, null);

  const spawner = fakeSpawner(script);
  const resumed = await runCampaign(c, { logsRoot: root, host: 'h', resume: true, spawner });
  // a stays stopped: neither probed nor run again; b runs until the procedure says SAFE.
  assert.deepEqual(story(readLogEvents(resumed.logFile!)), ['probe:b', 'b4', 'b5', 'b6', 'b7', 'stop:b']);
  assert.deepEqual(
    spawner.calls.map((r) => r.env.ROUNDBOOK_CONFIG),
    ['b', 'b', 'b', 'b'],
  );
  assert.equal(resumed.complete, true);
  assert.equal(resumed.reason, 'every configuration was stopped by the sequential rule');
  assert.deepEqual(
    [resumed.tallies.a.rounds, resumed.tallies.b.rounds, resumed.roundsRun, resumed.attemptsRun],
    [3, 7, 4, 4],
  );
  assert.match(
    resumed.tallies.b.stopped ?? '',
    /^safe: failure rate below 50% .*0 of 7 attempts did not pass/,
  );
  assert.equal(readLogEvents(resumed.logFile!).at(-1)?.type, 'end');
});

test('the stop rule is the verdict: decided at the same counts, hangs count as failures (property)', async () => {
  const { verdict } = await import('../analysis/stats/index.ts');
  const fc = (await import('fast-check')).default;
  const env = {
    torch_version: '2.9.1',
    fix_variant: 'native',
    threads: 8,
    wrapper: 'retry' as const,
    workload: null,
    serialised: null,
    fingerprint: null,
  };
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2000 }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom(0.01, 0.05, 0.2),
      (rounds, failed, threshold) => {
        const failures = Math.min(failed, rounds);
        const stop = stopDecision(
          { rounds, attempts: rounds, failures },
          { threshold, confidence: 0.95, min_rounds: 0 },
        );
        const v = verdict(
          [
            {
              id: 'log:1',
              source_id: 'log',
              origin: 'runner',
              kind: 'primary',
              env,
              rounds,
              crashed: failures,
              attempts: rounds,
              crashedAttempts: 0, // every failure a hang: they count all the same
            },
          ],
          { maxCrashRate: threshold, confidence: 0.95 },
        );
        assert.equal(stop?.decision ?? 'undecided', v.status);
      },
    ),
    { numRuns: 300, seed: 13 },
  );
});

test("the runner's sequential campaigns reach SAFE when they should, and rarely when they should not (simulation)", () => {
  const rand = mulberry32(99);
  const rule = { threshold: 0.01, confidence: 0.95, min_rounds: 0 };
  // stopDecision after every round, its answer cached by (failures, rounds): campaigns share most states.
  const memo = new Map<string, 'safe' | 'unsafe' | null>();
  const decide = (t: { rounds: number; attempts: number; failures: number }) => {
    const key = `${t.failures}/${t.rounds}`;
    if (!memo.has(key)) memo.set(key, stopDecision(t, rule)?.decision ?? null);
    return memo.get(key)!;
  };
  const run = (rate: number, maxRounds: number) => {
    const t = { rounds: 0, attempts: 0, failures: 0 };
    while (t.rounds < maxRounds) {
      t.rounds++;
      t.attempts++;
      if (rand() < rate) t.failures++;
      const d = decide(t);
      if (d) return d;
    }
    return 'undecided';
  };
  const campaigns = 300;
  // A build failing at a quarter of the threshold: SAFE within the rounds `roundbook plan` asks for (80% power).
  const rounds = roundsForPower({ ...rule, procedure: 'always-valid' }, 0.0025, 0.8)!;
  let safe = 0;
  for (let c = 0; c < campaigns; c++) if (run(0.0025, rounds) === 'safe') safe++;
  assert.ok(
    safe / campaigns > 0.8 - 3 * Math.sqrt(0.16 / campaigns),
    `P(SAFE | 0.25%) = ${safe / campaigns}`,
  );
  // A build failing at the threshold: SAFE at most α of the time, however long it runs.
  let wrong = 0;
  for (let c = 0; c < campaigns; c++) if (run(0.01, 3000) === 'safe') wrong++;
  assert.ok(
    wrong / campaigns <= 0.05 + 2 * Math.sqrt(0.0475 / campaigns),
    `P(SAFE | 1%) = ${wrong / campaigns}`,
  );
});
