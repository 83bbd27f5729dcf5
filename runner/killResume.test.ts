/**
 * kill -9 at random moments, then `--resume`, until the campaign completes:
 * never a lost or duplicated attempt, every planned round exactly once, in
 * the planned order. The runner runs as a real child process, bundled once
 * with esbuild (tsx's own dependency) so that each restart is fast.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { AttemptEvent, PlanEvent, RoundEvent } from '../store/roundLog.ts';

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
          const mine = attempts.filter((a) => a.round_uid === r.round_uid);
          assert.deepEqual(
            mine.map((a) => a.attempt),
            Array.from({ length: r.attempts }, (_, i) => i + 1),
          );
          // The deterministic script: crash iff (round*7 + attempt*3) % 4 == 0.
          mine.forEach((a) => {
            assert.equal(a.outcome, (a.round * 7 + a.attempt * 3) % 4 === 0 ? 'crash' : 'pass');
          });
        }
        // Attempts of interrupted rounds stay in the log under their own try's uid.
        for (const a of attempts) assert.match(a.round_uid, /\/r\d+\.\d+$/);
        rmSync(dir, { recursive: true, force: true });
      },
    ),
    { numRuns: 4, seed: Number(process.env.FC_SEED ?? 20251124), endOnFailure: true },
  );
});
