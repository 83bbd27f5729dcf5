/**
 * Benchmark: how fast `roundbook` answers, as a person starts it (issue 14:
 * `--help` and `stats ci 17 20` ≤ 150 ms and ≤ 80 MB, `verdict` on the corpus
 * database ≤ 500 ms), side by side with `node -e 0`, the floor no Node program
 * goes below. Whole processes, started in turn (A B C … A B C …) so that a
 * drift of the machine's speed falls on all alike; the median of the counted
 * runs after a warm-up. Peak memory is the kernel's maximum resident set of
 * the process, read through GNU time (`/usr/bin/time`, Debian's `time`
 * package) where it is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageFile } from '../store/packageFile.ts';
import type { BenchLine } from './measure.ts';

const GNU_TIME = '/usr/bin/time';
const RUNS = 9;

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Targets: wall ms, and peak MB when set. */
  ms?: number;
  mb?: number;
}

interface Sample {
  ms: number;
  /** User + system CPU time, which a busy machine stretches less than wall time. */
  cpuMs: number | null;
  mb: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One whole-process run: wall time from here, peak resident memory from GNU time when present. */
function runOnce(c: Case): Sample {
  const withTime = existsSync(GNU_TIME);
  const memFile = join(packageFile('bench', 'out'), `startup-${process.pid}.mem`);
  const [cmd, args] = withTime
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', memFile, process.execPath, ...c.args]]
    : [process.execPath, c.args];
  const start = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: packageFile(),
    env: { ...process.env, ...c.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (r.status !== 0 && c.name !== 'node -e 0')
    throw new Error(`${c.name}: exit ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`);
  let mb: number | null = null;
  let cpuMs: number | null = null;
  if (withTime) {
    const [user, sys, kb] = (readFileSync(memFile, 'utf8').trim().split('\n').at(-1) ?? '')
      .split(' ')
      .map(Number);
    rmSync(memFile, { force: true });
    if (Number.isFinite(kb)) mb = kb / 1024;
    if (Number.isFinite(user + sys)) cpuMs = (user + sys) * 1000;
  }
  return { ms, cpuMs, mb };
}

/** The corpus database `verdict` reads: ROUNDBOOK_BENCH_DB, or one built once in bench/out from ../shared. */
function corpusDatabase(bin: string): string | null {
  if (process.env.ROUNDBOOK_BENCH_DB) return process.env.ROUNDBOOK_BENCH_DB;
  const db = packageFile('bench', 'out', 'corpus.duckdb');
  if (existsSync(db)) return db;
  const corpus = process.env.ROUNDBOOK_CORPUS ?? '../shared/corpus/reports';
  if (!existsSync(packageFile(corpus))) return null;
  process.stdout.write(`(building ${db} from ${corpus} once: ingest and analyze)\n`);
  const inputs = [corpus, '../shared/seeds', '../shared/corpus/crash_summary.json'].filter((p) =>
    existsSync(packageFile(p)),
  );
  for (const args of [
    ['ingest', ...inputs, '--db', db],
    ['analyze', '--db', db],
  ]) {
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: packageFile(), stdio: 'ignore' });
    if (r.status !== 0 && args[0] === 'analyze') throw new Error(`roundbook ${args[0]} failed (${r.status})`);
  }
  return db;
}

export async function benchStartup(): Promise<BenchLine[]> {
  // The compiled CLI as `npm ci` leaves it, built now from the sources as they are.
  const build = spawnSync(process.execPath, [packageFile('scripts', 'build-js.mjs')], {
    cwd: packageFile(),
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build-js failed: ${build.stderr}`);
  mkdirSync(packageFile('bench', 'out'), { recursive: true });
  const bin = packageFile('bin', 'roundbook.js');
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'roundbook --help', args: [bin, '--help'], ms: 150, mb: 80 },
    { name: 'roundbook stats ci 17 20', args: [bin, 'stats', 'ci', '17', '20'], ms: 150, mb: 80 },
    {
      name: 'roundbook stats ci 17 20 from the sources through tsx (the fallback when dist/ is stale)',
      args: [bin, 'stats', 'ci', '17', '20'],
      env: { ROUNDBOOK_FROM_SOURCE: '1' },
    },
  ];
  const db = corpusDatabase(bin);
  if (db)
    cases.push({
      name: 'roundbook verdict --fix native --torch 2.9.1 --threads 8 on the corpus database',
      args: [bin, 'verdict', '--fix', 'native', '--torch', '2.9.1', '--threads', '8', '--db', db],
      ms: 500,
    });
  for (const c of cases) runOnce(c); // warm-up
  const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c)!.push(runOnce(c));
  const floor = median(samples.get(cases[0])!.map((s) => s.ms));
  const lines: BenchLine[] = cases.map((c) => {
    const runs = samples.get(c)!;
    const ms = median(runs.map((s) => s.ms));
    const mbs = runs.flatMap((s) => (s.mb === null ? [] : [s.mb]));
    const mb = mbs.length ? median(mbs) : null;
    const cpus = runs.flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]));
    const memory =
      mb === null
        ? 'CPU and peak memory not measured (no GNU time)'
        : `CPU ${median(cpus).toFixed(0)} ms, ${mb.toFixed(0)} MB`;
    const targets = [c.ms ? `≤ ${c.ms} ms` : '', c.mb ? `≤ ${c.mb} MB` : ''].filter(Boolean).join(' and ');
    const pass = (!c.ms || ms <= c.ms) && (!c.mb || (mb !== null && mb <= c.mb));
    return {
      name: c.name,
      figure: `${ms.toFixed(0)} ms wall, ${memory} (medians of ${RUNS})`,
      ...(c === cases[0] ? {} : { baseline: `node -e 0 ${floor.toFixed(0)} ms`, ratio: ms / floor }),
      ...(targets ? { target: targets, pass } : {}),
    };
  });
  if (!db) lines.push({ name: 'verdict on the corpus database', figure: 'skipped: no corpus at ../shared' });
  return lines;
}
