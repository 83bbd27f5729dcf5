/**
 * kill -9 at random moments, then `--resume`, until the campaign completes:
 * never a lost or duplicated attempt, every planned round exactly once, in
 * the planned order; and kill -9 in a crash's settle window never loses the
 * crash. The runner runs as a real child process, bundled once
 * with esbuild (tsx's own dependency) so that each restart is fast.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { AttemptEvent, LogEvent, PlanEvent, RoundEvent } from '../store/roundLog.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-kill-'));
const entry = join(root, 'entry.mjs');
after(() => rmSync(root, { recursive: true, force: true }));

before(() => {
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const src = join(root, 'entry.ts');
  writeFileSync(
    src,
    `import { loadCampaign } from ${JSON.stringify(join(import.meta.dirname, 'campaign.ts'))};
     import { runCampaign } from ${JSON.stringify(join(import.meta.dirname, 'runCampaign.ts'))};
     const [file, logs] = process.argv.slice(2);
     const s = await runCampaign(loadCampaign(file), { logsRoot: logs, resume: true, host: 'h' });
     process.exit(s.complete ? 0 : 3);`,
  );
  esbuild.buildSync({
    entryPoints: [src],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: entry,
    logLevel: 'error',
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
    // CommonJS dependencies (yaml) call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
});

// Deterministic outcomes per (round, attempt): some crashes, some exhausted rounds.
const CAMPAIGN = `campaign: kill
command: [sh, -c, 'sleep 0.0$(( ROUNDBOOK_ROUND % 3 + 1 )); if [ $(( (ROUNDBOOK_ROUND * 7 + ROUNDBOOK_ATTEMPT * 3) % 4 )) = 0 ]; then kill -SEGV $$; fi; echo ALL CLAIMS VERIFIED']
configs:
  a: {labels: {fix_variant: native}}
  b: {labels: {fix_variant: v2.9}}
rounds: 6
order: randomized
seed: 7
retry: {attempts: 3, pause: 0}
pass: {must_contain: [ALL CLAIMS VERIFIED]}
`;

function start(file: string, logs: string): ChildProcess {
  return spawn(process.execPath, [entry, file, logs], { stdio: 'ignore' });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res(child.exitCode);
    else child.once('exit', (code) => res(code));
  });

function completeLines(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    out.push(
      ...text
        .slice(0, text.lastIndexOf('\n') + 1)
        .split('\n')
        .filter(Boolean),
    );
  }
  return out;
}

test('kill -9 at random moments, then resume: no attempt lost or duplicated, plan kept', {
  timeout: 120_000,
}, async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 4 }),
      async (delays) => {
        const dir = join(root, `run${++run}`);
        const file = join(root, `kill${run}.yaml`);
        writeFileSync(file, CAMPAIGN);
        const logs = join(dir, 'logs');
        const campaignDir = join(logs, 'kill');
        const seen = new Set<string>();
        for (const delay of delays) {
          const child = start(file, logs);
          await new Promise((r) => setTimeout(r, delay));
          child.kill('SIGKILL');
          await exited(child);
          try {
            for (const l of completeLines(campaignDir)) if (l.includes('"type":"attempt"')) seen.add(l);
          } catch {
            // killed before the folder existed
          }
        }
        const final = start(file, logs);
        assert.equal(await exited(final), 0);
        const lines = completeLines(campaignDir);
        // Not lost: every attempt line that was complete after a kill is still there.
        for (const l of seen) assert.ok(lines.includes(l), `lost attempt line ${l}`);
        const events = lines.map((l) => JSON.parse(l));
        const plans = events.filter((e): e is PlanEvent => e.type === 'plan');
        const runs = new Set(plans.map((p) => p.run));
        assert.equal(runs.size, 1, 'resume continues the same run');
        const plan = plans[0].plan.map((p) => `${p.config}#${p.round}`);
        for (const p of plans)
          assert.deepEqual(
            p.plan.map((q) => `${q.config}#${q.round}`),
            plan,
            'plan unchanged',
          );
        const rounds = events.filter((e): e is RoundEvent => e.type === 'round');
        assert.deepEqual(
          rounds.map((r) => `${r.config}#${r.round}`),
          plan,
          'every planned round exactly once, in the planned order',
        );
        const attempts = events.filter((e): e is AttemptEvent => e.type === 'attempt');
        const keys = attempts.map((a) => `${a.round_uid}@${a.attempt}`);
        assert.equal(new Set(keys).size, keys.length, 'duplicated attempt');
        for (const r of rounds) {
          // A round a kill interrupted is continued, not restarted: its attempts are numbered on,
          // the one in flight recorded `interrupted` and not spending one of the round's attempts.
          const mine = attempts
            .filter((a) => a.round_uid === r.round_uid)
            .sort((x, y) => x.attempt - y.attempt);
          assert.deepEqual(
            mine.map((a) => a.attempt),
            Array.from({ length: mine.length }, (_, i) => i + 1),
          );
          const spent = mine.filter((a) => a.outcome !== 'interrupted');
          assert.equal(spent.length, r.attempts);
          assert.equal(r.crashed_attempts, spent.filter((a) => a.outcome === 'crash').length);
          // The deterministic script: crash iff (round*7 + attempt*3) % 4 == 0.
          spent.forEach((a) => {
            assert.equal(a.outcome, (a.round * 7 + a.attempt * 3) % 4 === 0 ? 'crash' : 'pass');
          });
        }
        // Every attempt belongs to a round that completed: none is left behind in an abandoned try.
        const uids = new Set(rounds.map((r) => r.round_uid));
        for (const a of attempts)
          assert.ok(uids.has(a.round_uid), `attempt of an abandoned round ${a.round_uid}`);
        rmSync(dir, { recursive: true, force: true });
      },
    ),
    { numRuns: 4, seed: Number(process.env.FC_SEED ?? 20251124), endOnFailure: true },
  );
});

/** Events of every complete line of a campaign folder's logs. */
const eventsOf = (dir: string) => completeLines(dir).map((l) => JSON.parse(l));

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (true) or `ms` pass (false), polling every 20 ms. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleepMs(20);
  }
  return cond();
}

/**
 * A campaign of one configuration whose workload crashes and leaves crash reports in `reports`,
 * captured after a settle wait (`timeout: 30s`, retries without a pause, passes by the verdict line).
 */
function crashingCampaign(
  name: string,
  argv: string[],
  o: { env?: string; rounds: number; attempts: number; reports: string; pattern: string; settle: string },
): string {
  return `campaign: ${name}
command: ${JSON.stringify(argv)}
${o.env ? `env: ${o.env}\n` : ''}configs:
  a: {labels: {fix_variant: native}}
rounds: ${o.rounds}
retry: {attempts: ${o.attempts}, pause: 0}
pass: {must_contain: [ALL CLAIMS VERIFIED]}
crash_reports: {folders: [${JSON.stringify(o.reports)}], patterns: ['${o.pattern}'], content: 'AGX', settle: ${o.settle}}
timeout: 30s
`;
}

/**
 * Checks a campaign's log against the executions its workload noted in a side file
 * (`start <pid> <config> <round> <attempt>`, `crash <pid> <report>`): every execution is
 * exactly one attempt event (by its pid, or `interrupted` when a kill took its exit), every
 * crash whose exit was recorded is a `crash` attempt, and its report is named by exactly one
 * `crash_reports` event, that attempt's. Returns the attempts and how many were interrupted.
 */
function assertExecutionsRecorded(events: LogEvent[], side: string[]) {
  const attempts = events.filter((e): e is AttemptEvent => e.type === 'attempt');
  const key = (config: string, round: number | string, attempt: number | string) =>
    `${config} ${round} ${attempt}`;
  const byKey = new Map<string, AttemptEvent[]>();
  for (const a of attempts)
    byKey.set(key(a.config, a.round, a.attempt), [
      ...(byKey.get(key(a.config, a.round, a.attempt)) ?? []),
      a,
    ]);
  for (const [k, list] of byKey) assert.equal(list.length, 1, `attempt ${k} written ${list.length} times`);
  const byPid = new Map<number, AttemptEvent>();
  for (const l of side.filter((x) => x.startsWith('start '))) {
    const [, pid, config, round, attempt] = l.split(' ');
    const [a] = byKey.get(key(config, round, attempt)) ?? [];
    assert.ok(a, `execution ${l} is in no attempt event`);
    assert.ok(
      a.pid === Number(pid) || a.outcome === 'interrupted',
      `execution ${l} recorded with pid ${a.pid}`,
    );
    byPid.set(Number(pid), a);
  }
  const named = new Map<string, string[]>();
  for (const e of events)
    if (e.type === 'crash_reports' || e.type === 'attempt')
      for (const r of e.crash_reports ?? [])
        named.set(r.original, [...(named.get(r.original) ?? []), `${e.round_uid} ${e.attempt}`]);
  for (const l of side.filter((x) => x.startsWith('crash '))) {
    const [, pid, report] = l.split(' ');
    const a = byPid.get(Number(pid));
    assert.ok(a, `crashed execution ${pid} is in no attempt event`);
    if (a.outcome === 'interrupted') continue; // its exit went with the runner
    assert.equal(a.outcome, 'crash', `crashed execution ${pid} recorded as ${a.outcome}`);
    assert.deepEqual(named.get(report), [`${a.round_uid} ${a.attempt}`], `crash report of ${pid}`);
  }
  const crashed = side
    .filter((x) => x.startsWith('crash '))
    .map((l) => byPid.get(Number(l.split(' ')[1]))?.outcome);
  return { attempts, interrupted: attempts.filter((a) => a.outcome === 'interrupted').length, crashed };
}

test('12 kill -9 in a crash’s settle window, then --resume: every crashed execution is in the log, its report copied', {
  timeout: 240_000,
}, async () => {
  // The demo workload crashes itself (SIGSEGV) at a set rate, writes a crash report as it does, and
  // notes every execution it starts and every crash in a side file: the count the log is checked against.
  const dir = join(root, 'settle');
  const reports = join(dir, 'DiagnosticReports');
  const side = join(dir, 'executions.txt');
  const logs = join(dir, 'logs');
  const file = join(dir, 'settle.yaml');
  mkdirSync(reports, { recursive: true });
  writeFileSync(side, '');
  const demo = join(import.meta.dirname, '..', 'workloads', 'demo.mjs');
  writeFileSync(
    file,
    crashingCampaign('settle', [process.execPath, demo], {
      env: `{DEMO_WORK: "1", DEMO_CRASH_RATE: "0.6", DEMO_SEED: "11", DEMO_EXEC_LOG: ${JSON.stringify(side)}, DEMO_CRASH_REPORT_DIR: ${JSON.stringify(reports)}}`,
      rounds: 20,
      attempts: 3,
      reports,
      pattern: 'Python-demo-*.ips',
      settle: '1500ms',
    }),
  );
  const campaignDir = join(logs, 'settle');
  const sideLines = () => readFileSync(side, 'utf8').split('\n').filter(Boolean);
  const crashLines = () => sideLines().filter((l) => l.startsWith('crash '));
  const loggedPids = () => {
    try {
      return new Set(eventsOf(campaignDir).flatMap((e) => (e.type === 'attempt' ? [e.pid] : [])));
    } catch {
      return new Set();
    }
  };
  let kills = 0;
  while (kills < 12) {
    const crashesBefore = crashLines().length;
    const child = start(file, logs);
    const crashed = await until(() => crashLines().length > crashesBefore || child.exitCode !== null, 60_000);
    assert.ok(crashed && child.exitCode === null, 'the campaign ran out of crashes before 12 kills');
    const pid = Number(crashLines()[crashesBefore].split(' ')[1]);
    // Inside the 1.5 s settle window: once the crash is in the log (or after 0.8 s at the latest),
    // then 0–0.6 s on, spread over the kills.
    await until(() => loggedPids().has(pid), 800);
    await sleepMs((kills * 137) % 600);
    child.kill('SIGKILL');
    await exited(child);
    kills++;
  }
  const final = start(file, logs);
  assert.equal(await exited(final), 0);
  const { crashed } = assertExecutionsRecorded(eventsOf(campaignDir), sideLines());
  assert.ok(crashed.length >= 12);
  assert.deepEqual(
    crashed.filter((o) => o !== 'crash'),
    [],
    'every crashed execution is recorded as a crash',
  );
  rmSync(dir, { recursive: true, force: true });
});

/** Whether strace runs here (and may trace: ptrace can be denied in a container). */
const strace = spawnSync('strace', ['-o', '/dev/null', 'true']).status === 0;

test('a kill at every write (and before every flush) of the runner, then --resume: no execution lost or recorded twice', {
  timeout: 600_000,
  skip: strace ? false : 'strace is missing or cannot trace here',
}, async () => {
  // strace kills the runner (SIGKILL) on entry to its N-th write, or its N-th fdatasync, for N = 1, 2, …
  // until a run ends by itself: every write of a run (lock file, log lines, requests to the launcher).
  for (const call of ['write', 'fdatasync']) {
    for (let n = 1; ; n++) {
      const dir = join(root, `${call}-${n}`);
      const reports = join(dir, 'R');
      const side = join(dir, 'side');
      mkdirSync(reports, { recursive: true });
      writeFileSync(side, '');
      const file = join(dir, 'writes.yaml');
      const script = `echo "start $$ $ROUNDBOOK_CONFIG $ROUNDBOOK_ROUND $ROUNDBOOK_ATTEMPT" >> ${side}
        if [ $(( (ROUNDBOOK_ROUND + ROUNDBOOK_ATTEMPT) % 2 )) = 0 ]; then
          echo "crash $$ ${reports}/Python-$$.ips" >> ${side}; echo AGX > ${reports}/Python-$$.ips; kill -SEGV $$
        fi
        echo ALL CLAIMS VERIFIED`;
      writeFileSync(
        file,
        crashingCampaign('writes', ['sh', '-c', script], {
          rounds: 3,
          attempts: 2,
          reports,
          pattern: '*.ips',
          settle: '100ms',
        }),
      );
      const logs = join(dir, 'logs');
      const killed = spawn(
        'strace',
        [
          '-o',
          '/dev/null',
          '-e',
          `trace=${call}`,
          '-e',
          `inject=${call}:signal=SIGKILL:when=${n}`,
          '--',
          process.execPath,
          entry,
          file,
          logs,
        ],
        { stdio: 'ignore' },
      );
      const code = await exited(killed);
      const ranThrough = code === 0;
      if (!ranThrough)
        assert.equal(await exited(start(file, logs)), 0, `${call} #${n}: the resumed run completes`);
      const events = eventsOf(join(logs, 'writes'));
      const { interrupted } = assertExecutionsRecorded(
        events,
        readFileSync(side, 'utf8').split('\n').filter(Boolean),
      );
      assert.ok(interrupted <= 1, `${call} #${n}: ${interrupted} attempts interrupted by one kill`);
      const rounds = events.filter((e): e is RoundEvent => e.type === 'round');
      assert.deepEqual(
        rounds.map((r) => r.round),
        [1, 2, 3],
        `${call} #${n}: every round once`,
      );
      for (const r of rounds) {
        const spent = events.filter(
          (e): e is AttemptEvent =>
            e.type === 'attempt' && e.round_uid === r.round_uid && e.outcome !== 'interrupted',
        );
        assert.equal(r.attempts, spent.length, `${call} #${n}: round ${r.round} counts its attempts`);
        for (const a of spent)
          assert.equal(
            a.outcome,
            (a.round + a.attempt) % 2 === 0 ? 'crash' : 'pass',
            `${call} #${n}: attempt ${a.round_uid} ${a.attempt}`,
          );
      }
      rmSync(dir, { recursive: true, force: true });
      if (ranThrough) break;
    }
  }
});
