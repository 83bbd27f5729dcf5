/**
 * Fleet benchmarks (issue 15), on a throw-away PostgreSQL cluster
 * (test/postgresCluster.ts), called from bench/main.ts:
 * - what the fleet adds per round: the same trivial campaign (`/bin/true`, one
 *   attempt per round) run locally and as a one-host fleet, median time
 *   between consecutive rounds' ends (target: ≤ 20 ms more);
 * - 8 host processes on this machine completing 2,000 trivial rounds: per
 *   round, the time a host waits between ending a round and starting the next
 *   (recording it, claiming the next, both in PostgreSQL), p50/p99 (target:
 *   p99 ≤ 100 ms), and every round run exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { postgresUnavailable, startPostgres } from '../test/postgresCluster.ts';
import type { BenchLine } from './measure.ts';

const bin = fileURLToPath(new URL('../bin/roundbook.js', import.meta.url));

/** The `at` times (ms) of a log's events of `type`, in order. */
function times(path: string): { type: string; at: number }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const e = JSON.parse(l);
      return { type: e.type, at: Date.parse(e.at) };
    });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

/** Median time between consecutive round ends in each log of `dir`. */
function medianRoundInterval(dir: string): number {
  const gaps: number[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    const ends = times(join(dir, f))
      .filter((e) => e.type === 'round')
      .map((e) => e.at);
    for (let i = 1; i < ends.length; i++) gaps.push(ends[i] - ends[i - 1]);
  }
  return quantile(gaps, 0.5);
}

/** Per round: a host's wait between a round's end and the next round's first attempt start. */
function idleWaits(dir: string): number[] {
  const waits: number[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    let lastEnd: number | null = null;
    for (const e of times(join(dir, f))) {
      if (e.type === 'round') lastEnd = e.at;
      else if (e.type === 'attempt_start' && lastEnd !== null) {
        waits.push(e.at - lastEnd);
        lastEnd = null;
      }
    }
  }
  return waits;
}

/** The fleet benchmark lines, or one line saying why they were skipped. */
export async function benchFleet(): Promise<BenchLine[]> {
  const why = postgresUnavailable();
  if (why) return [{ name: 'fleet', figure: `skipped: ${why}` }];
  const pg = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'rb-bench-fleet-'));
  try {
    const n = 200;
    const yaml = (name: string, rounds: number) =>
      `campaign: ${name}\ncommand: [/bin/true]\nconfigs:\n  a: {}\n  b: {}\nrounds: ${rounds}\norder: interleaved\n`;
    const local = parseCampaign(yaml('overhead-local', n / 2), 'overhead.yaml', work);
    await runCampaign(local, { logsRoot: join(work, 'local'), host: 'bench' });
    const fleet = parseCampaign(yaml('overhead-fleet', n / 2), 'overhead.yaml', work);
    await runCampaign(fleet, { logsRoot: join(work, 'fleet'), host: 'bench', fleet: { url: pg.url } });
    const localMs = medianRoundInterval(join(work, 'local', 'overhead-local'));
    const fleetMs = medianRoundInterval(join(work, 'fleet', 'overhead-fleet'));

    const total = 2000;
    const file = join(work, 'eight.yaml');
    writeFileSync(file, yaml('eight-hosts', total / 2));
    const logs = join(work, 'eight');
    const t0 = performance.now();
    const codes = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              process.execPath,
              [bin, 'run', file, '--fleet', 'env', '--host', `host${i + 1}`, '--logs', logs, '--json'],
              {
                env: { ...process.env, ROUNDBOOK_FLEET_URL: pg.url },
                stdio: ['ignore', 'ignore', 'inherit'],
              },
            );
            child.on('exit', (code) => resolve(code));
          }),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const dir = join(logs, 'eight-hosts');
    const rounds = new Map<string, number>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')))
      for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (!l.includes('"type":"round"')) continue;
        const e = JSON.parse(l);
        rounds.set(`${e.config}/${e.round}`, (rounds.get(`${e.config}/${e.round}`) ?? 0) + 1);
      }
    const once = rounds.size === total && [...rounds.values()].every((x) => x === 1);
    const waits = idleWaits(dir);
    const p50 = quantile(waits, 0.5);
    const p99 = quantile(waits, 0.99);
    return [
      {
        name: `fleet overhead per round (${n} rounds of /bin/true, one host, PostgreSQL on 127.0.0.1)`,
        figure: `${fleetMs.toFixed(1)} ms/round (+${(fleetMs - localMs).toFixed(1)} ms, median)`,
        baseline: `local run ${localMs.toFixed(1)} ms/round`,
        ratio: fleetMs / localMs,
        target: '≤ 20 ms more per round',
        pass: fleetMs - localMs <= 20,
      },
      {
        name: `8 host processes, ${total.toLocaleString('en')} rounds of /bin/true (${seconds.toFixed(1)} s, exit codes ${codes.join(',')}, every round once: ${once ? 'yes' : 'NO'})`,
        figure: `wait between a round's end and the next round's start p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${waits.length} rounds)`,
        target: 'p99 ≤ 100 ms, every round once',
        pass: p99 <= 100 && once,
      },
    ];
  } finally {
    pg.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}
