import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AttemptEvent, CrashReportsEvent, LogEvent, RoundEvent } from '../store/roundLog.ts';
import { parseCampaign } from './campaign.ts';
import { reportsWrittenBetween } from './crashReports.ts';
import { readLogEvents } from './logFile.ts';
import { extractMetrics, threadTable } from './metrics.ts';
import { classifyAttempt, signalOfExitCode } from './outcome.ts';
import { runCampaign } from './runCampaign.ts';
import { type FakeStep, fakeSpawner } from './spawn/index.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-round-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function campaign(extra = '', attempts = 3) {
  return parseCampaign(
    `campaign: t${++n}\ncommand: [node, x.js]\nconfigs:\n  a: {labels: {fix_variant: native}}\nrounds: 1\nretry: {attempts: ${attempts}, pause: 0}\npass: {must_contain: [ALL CLAIMS VERIFIED]}\n${extra}`,
    'test.yaml',
  );
}

async function runSteps(steps: FakeStep[], attempts = 3) {
  const c = campaign('', attempts);
  const s = await runCampaign(c, { logsRoot: root, spawner: fakeSpawner(steps), host: 'h' });
  const events = readLogEvents(s.logFile!);
  return {
    attempts: events.filter((e): e is AttemptEvent => e.type === 'attempt'),
    round: events.find((e): e is RoundEvent => e.type === 'round')!,
  };
}

test('retry semantics equal the wrapper: "PASS after 2 retries" is crash, crash, pass', async () => {
  const { attempts, round } = await runSteps(['crash', 'exit139', 'pass']);
  assert.deepEqual(
    attempts.map((a) => a.outcome),
    ['crash', 'crash', 'pass'],
  );
  assert.deepEqual(
    attempts.map((a) => a.retried),
    [true, true, false],
  );
  assert.equal(round.status, 'pass');
  assert.equal(round.attempts, 3);
  assert.equal(round.crashed_attempts, 2);
  assert.equal(round.wrapper, 'retry');
});

test('"FAIL exhausted" is three crashed attempts, and no fourth', async () => {
  const { attempts, round } = await runSteps(['crash', 'crash', 'crash', 'pass']);
  assert.equal(attempts.length, 3);
  assert.equal(round.status, 'fail');
  assert.equal(round.crashed_attempts, 3);
});

test('only listed crashes are retried; failures and timeouts end the round', async () => {
  assert.equal((await runSteps(['fail', 'pass'])).round.status, 'fail');
  assert.equal((await runSteps(['fail', 'pass'])).attempts.length, 1);
  const t = await runSteps(['timeout', 'pass']);
  assert.equal(t.round.status, 'timeout');
  assert.equal(t.attempts[0].outcome, 'timeout');
  const abrt = await runSteps([{ exitCode: null, signal: 'SIGABRT', stdout: '' }, 'pass']);
  assert.equal(abrt.attempts[0].outcome, 'crash');
  assert.equal(abrt.attempts.length, 1, 'SIGABRT is a crash but not retried by default');
  const raw = await runSteps(['crash', 'pass'], 1);
  assert.equal(raw.round.status, 'fail');
  assert.equal(raw.round.wrapper, 'none');
});

test('signals have their canonical names: SIGABRT (not SIGIOT) is retried when listed, as an exit status 134 too', async () => {
  assert.equal(signalOfExitCode(134), 'SIGABRT');
  assert.equal(signalOfExitCode(128 + 29), 'SIGIO');
  const c = parseCampaign(
    `command: [x]\nconfigs: {a: {}}\nretry: {attempts: 3, on_signals: [SIGABRT, SIGIOT, SIGPOLL], on_exit_codes: []}\n`,
    'abrt.yaml',
  );
  assert.deepEqual(
    c.retry.on_signals,
    ['SIGABRT', 'SIGABRT', 'SIGIO'],
    'aliases are read as their canonical names',
  );
  const r = { signal: null, timedOut: false, error: null, stdout: '', stderr: '' };
  const byStatus = classifyAttempt({ ...r, exitCode: 134 }, c.pass, c.retry, 0);
  assert.deepEqual([byStatus.outcome, byStatus.crashSignal, byStatus.retried], ['crash', 'SIGABRT', true]);
});

test('pass rules: exit code, required and forbidden text, strict crash reports', () => {
  const c = campaign('');
  const r = { exitCode: 0, signal: null, timedOut: false, error: null, stderr: '' };
  assert.equal(classifyAttempt({ ...r, stdout: 'ALL CLAIMS VERIFIED' }, c.pass, c.retry, 0).outcome, 'pass');
  assert.equal(classifyAttempt({ ...r, stdout: 'nothing' }, c.pass, c.retry, 0).outcome, 'fail');
  const strict = { ...c.pass, strict: true, must_not_contain: ['SOME CLAIMS NOT VERIFIED'] };
  assert.equal(
    classifyAttempt({ ...r, stdout: 'ALL CLAIMS VERIFIED' }, strict, c.retry, 1).reason,
    'strict: 1 new crash report(s)',
  );
  assert.equal(
    classifyAttempt({ ...r, stdout: 'ALL CLAIMS VERIFIED\nSOME CLAIMS NOT VERIFIED' }, strict, c.retry, 0)
      .outcome,
    'fail',
  );
});

test('crash reports are captured inside the settle window and not outside it', async () => {
  const folder = join(root, 'DiagnosticReports');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'Python-old.ips'), 'Python AGX old report'); // before the attempt: never captured
  const c = campaign(
    `crash_reports: {folders: [${JSON.stringify(folder)}], patterns: ['*Python*.ips'], content: 'AGX|torch', settle: 400ms}`,
    3,
  );
  const later: NodeJS.Timeout[] = [];
  const spawner = fakeSpawner(['crash', 'crash', 'pass'], (_req, i) => {
    if (i === 0)
      later.push(setTimeout(() => writeFileSync(join(folder, 'Python-in.ips'), 'EXC_BAD_ACCESS AGX'), 100));
    if (i === 0) writeFileSync(join(folder, 'Python-unrelated.ips'), 'a Safari crash'); // fails the content filter
    if (i === 1)
      later.push(setTimeout(() => writeFileSync(join(folder, 'Python-late.ips'), 'AGX late'), 1500));
    if (i === 1) writeFileSync(join(folder, 'Other.crash'), 'AGX'); // fails the name pattern
  });
  const s = await runCampaign(c, { logsRoot: root, spawner, host: 'h' });
  // Each crashed attempt's reports are a `crash_reports` event of their own, after the attempt.
  const reports = readLogEvents(s.logFile!).filter((e): e is CrashReportsEvent => e.type === 'crash_reports');
  assert.deepEqual(
    reports.map((r) => r.attempt),
    [1, 2],
  );
  assert.deepEqual(
    reports[0].crash_reports.map((r) => r.original),
    [join(folder, 'Python-in.ips')],
  );
  assert.deepEqual(reports[1].crash_reports, [], 'a report after the settle window is not the attempt’s');
  const copies = readdirSync(join(root, c.name, 'crash_reports'));
  assert.equal(copies.length, 1);
  assert.match(copies[0], /^a-r1\.1-a1-\d+-Python-in\.ips$/);
  assert.equal(reports[0].crash_reports[0].sha256.length, 64);
  await new Promise((r) => setTimeout(r, 1600));
  for (const t of later) clearTimeout(t);
});

test('an attempt is on disk the moment its process exits, before the settle wait; its reports follow in their own event', async () => {
  const folder = join(root, 'Reports-early');
  mkdirSync(folder, { recursive: true });
  const c = campaign(
    `crash_reports: {folders: [${JSON.stringify(folder)}], patterns: ['*.ips'], content: 'AGX', settle: 6s}`,
    2,
  );
  const spawner = fakeSpawner(['crash', 'pass'], (_req, i) => {
    if (i === 0) writeFileSync(join(folder, 'Python-a1.ips'), 'AGX');
  });
  // What the log holds when each wait begins (the settle wait is 6 s; the retry pause 0).
  const seen: { ms: number; types: string[] }[] = [];
  const logOf = () => join(root, c.name, readdirSync(join(root, c.name)).find((f) => f.endsWith('.jsonl'))!);
  const s = await runCampaign(c, {
    logsRoot: root,
    spawner,
    host: 'h',
    sleep: async (ms) => {
      seen.push({ ms, types: readLogEvents(logOf()).map((e) => e.type) });
    },
  });
  const settle = seen.find((w) => w.ms === 6000);
  assert.ok(settle, 'a settle wait');
  assert.deepEqual(
    settle.types.slice(-2),
    ['attempt_start', 'attempt'],
    'the crashed attempt is written before the wait',
  );
  const types = readLogEvents(s.logFile!).map(
    (e: LogEvent) => `${e.type}${'attempt' in e ? ` ${e.attempt}` : ''}`,
  );
  assert.deepEqual(types, [
    'plan',
    'probe',
    'attempt_start 1',
    'attempt 1',
    'crash_reports 1',
    'attempt_start 2',
    'attempt 2',
    'round',
    'end',
  ]);
});

test('strict: an exit 0 that left a crash report is recorded a pass at exit, then failed by its reports', async () => {
  const folder = join(root, 'Reports-strict');
  mkdirSync(folder, { recursive: true });
  const c = campaign(
    `crash_reports: {folders: [${JSON.stringify(folder)}], patterns: ['*.ips'], content: 'AGX', settle: 0}`,
    1,
  );
  const strict = { ...c, pass: { ...c.pass, strict: true } };
  const spawner = fakeSpawner(['pass'], () => writeFileSync(join(folder, 'Python-strict.ips'), 'AGX'));
  const s = await runCampaign(strict, { logsRoot: root, spawner, host: 'h' });
  const events = readLogEvents(s.logFile!);
  const attempt = events.find((e): e is AttemptEvent => e.type === 'attempt')!;
  const reports = events.find((e): e is CrashReportsEvent => e.type === 'crash_reports')!;
  assert.equal(attempt.outcome, 'pass');
  assert.equal(attempt.reports_follow, true);
  assert.deepEqual([reports.outcome, reports.reason], ['fail', 'strict: 1 new crash report(s)']);
  assert.equal(events.find((e): e is RoundEvent => e.type === 'round')!.status, 'fail');
  assert.equal(s.tallies.a.passes, 0);
});

test('Ctrl-C kills the attempt in flight and records it as interrupted; resume continues the round', async () => {
  const c = campaign('', 3);
  const controller = new AbortController();
  const spawner = fakeSpawner(
    () => 'crash',
    () => controller.abort(),
  );
  // The fake ignores the abort: emulate a spawner that killed the attempt for it.
  const killing = {
    calls: spawner.calls,
    run: async (req: Parameters<typeof spawner.run>[0]) => ({
      ...(await spawner.run(req)),
      aborted: true,
      signal: 'SIGKILL',
    }),
  };
  const s = await runCampaign(c, { logsRoot: root, spawner: killing, host: 'h', signal: controller.signal });
  assert.equal(s.complete, false);
  const first = readLogEvents(s.logFile!).filter((e): e is AttemptEvent => e.type === 'attempt');
  assert.deepEqual(
    first.map((a) => [a.attempt, a.outcome, a.signal]),
    [[1, 'interrupted', 'SIGKILL']],
  );
  const again = await runCampaign(c, {
    logsRoot: root,
    spawner: fakeSpawner(['crash', 'pass']),
    host: 'h',
    resume: true,
  });
  assert.equal(again.complete, true);
  const events = readLogEvents(again.logFile!);
  const attempts = events.filter((e): e is AttemptEvent => e.type === 'attempt');
  assert.deepEqual(
    attempts.map((a) => [a.attempt, a.outcome]),
    [
      [2, 'crash'],
      [3, 'pass'],
    ],
    'the round goes on with attempt 2',
  );
  const round = events.find((e): e is RoundEvent => e.type === 'round')!;
  assert.deepEqual(
    [round.round_uid, round.attempts, round.crashed_attempts, round.status],
    [first[0].round_uid, 2, 1, 'pass'],
  );
});

test('a resumed run takes the reports written in an attempt’s window, a coarse clock tick before its start included', () => {
  const folder = join(root, 'Reports-window');
  mkdirSync(folder, { recursive: true });
  const start = Date.now() - 60_000;
  const stamp = (name: string, ms: number) => {
    writeFileSync(join(folder, name), 'AGX');
    utimesSync(join(folder, name), ms / 1000, ms / 1000);
  };
  stamp('Python-tick-before.ips', start - 3); // the kernel's coarse clock: a tick behind the runner's
  stamp('Python-inside.ips', start + 500);
  stamp('Python-long-before.ips', start - 5000);
  stamp('Python-after.ips', start + 9000);
  const spec = campaign(
    `crash_reports: {folders: [${JSON.stringify(folder)}], patterns: ['*.ips'], content: 'AGX', settle: 1s}`,
  ).crash_reports!;
  assert.deepEqual(
    reportsWrittenBetween(spec, start, start + 2000).map((p) => p.slice(folder.length + 1)),
    ['Python-inside.ips', 'Python-tick-before.ips'],
  );
});

// The suite's real output lines (as in the team's reports, e.g. stability_verification_N3656).
const SUITE_OUTPUT = `CHAPTER 1: THREAD SAFETY
PASSED: 160/160 operations completed

CHAPTER 2: EFFICIENCY CEILING
Thread Count | Throughput | Speedup | Efficiency
-------------------------------------------------------
     1       |   632.4    |  1.00x  |  100.0%
     2       |  1035.5    |  1.64x  |  81.9%
     4       |   967.9    |  1.53x  |  38.3%
     8       |   754.2    |  1.19x  |  14.9%

Batched (1 thread, batch=8)  |    7602.8 |  baseline
CONFIRMED: 14.7% efficiency at 8 threads

ALL CLAIMS VERIFIED
`;

test('metrics are read from the suite’s real output lines and its JSON result file', () => {
  const dir = mkdtempSync(join(root, 'json-'));
  writeFileSync(
    join(dir, 'complete_story_results.json'),
    JSON.stringify({
      all_passed: true,
      results: { efficiency_ceiling: { passed: true, metrics: { efficiency_8t: 14.7 } } },
    }),
  );
  const c = parseCampaign(
    `command: [x]\nconfigs: {a: {}}\nmetrics:\n  regex:\n    - pattern: '(?<efficiency_pct>[\\d.]+)% efficiency at (?<threads>\\d+) threads'\n    - pattern: 'PASSED: (?<ops_completed>\\d+)/(?<ops>\\d+) operations'\n  json: {file: complete_story_results.json, keys: {all_passed: all_passed, eff8: results.efficiency_ceiling.metrics.efficiency_8t, missing: results.nope}}\n`,
    'm.yaml',
  );
  const { metrics, scaling } = extractMetrics(c.metrics, SUITE_OUTPUT, '', dir, Date.now());
  assert.deepEqual(
    metrics.map((m) => [m.name, m.value, m.threads, m.from]),
    [
      ['efficiency_pct', 14.7, 8, 'regex'],
      ['ops_completed', 160, null, 'regex'],
      ['ops', 160, null, 'regex'],
      ['all_passed', 1, null, 'json'],
      ['eff8', 14.7, null, 'json'],
    ],
  );
  assert.deepEqual(scaling, [
    { threads: 1, throughput: 632.4, speedup: 1, efficiency_pct: 100 },
    { threads: 2, throughput: 1035.5, speedup: 1.64, efficiency_pct: 81.9 },
    { threads: 4, throughput: 967.9, speedup: 1.53, efficiency_pct: 38.3 },
    { threads: 8, throughput: 754.2, speedup: 1.19, efficiency_pct: 14.9 },
  ]);
  // A stale result file (older than the attempt) is ignored.
  assert.equal(extractMetrics(c.metrics, '', '', dir, Date.now() + 60_000).metrics.length, 0);
  // Markdown form with outer pipes and no speedup column.
  assert.deepEqual(
    threadTable('| Thread Count | Throughput | Efficiency |\n|---|---|---|\n| 8 | 621.6 ops/s | 12.8% |'),
    [{ threads: 8, throughput: 621.6, speedup: null, efficiency_pct: 12.8 }],
  );
});
