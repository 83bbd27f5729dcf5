/**
 * The inputs the fuzzer starts from, all from this project: the example
 * reports and crash reports (data/examples), the parsers' golden inputs
 * (ingest/markdown/golden, ingest/crash/golden), the campaign files
 * (data/campaigns, runner/fixtures/bad-campaigns) and a round log written
 * here in the runner's format (store/roundLog.ts). Never the real corpus
 * (../shared): what the fuzzer makes of it could not be committed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AttemptEvent,
  type AttemptStartEvent,
  type CrashReportsEvent,
  type PlanEvent,
  READ_ROUND_LOG_VERSIONS,
  ROUND_LOG_VERSION,
  type RoundEvent,
} from '../../store/roundLog.ts';

/** What a seed is, which says what file name its mutants get and which parser reads them. */
export type SeedKind = 'report' | 'ips' | 'crash' | 'summary' | 'round_log' | 'campaign';

/** The file ending each kind is written with. */
export const SEED_EXTENSIONS: Record<SeedKind, string> = {
  report: '.md',
  ips: '.ips',
  crash: '.crash',
  summary: '.json',
  round_log: '.jsonl',
  campaign: '.yaml',
};

export interface Seed {
  /** Where it came from, relative to the project (or `generated:…`). */
  origin: string;
  kind: SeedKind;
  bytes: Buffer;
}

const project = fileURLToPath(new URL('../../', import.meta.url));

/** Every seed, in a fixed order (the fuzzer's choices depend on it). */
export function fuzzSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const add = (origin: string, kind: SeedKind) =>
    seeds.push({ origin, kind, bytes: readFileSync(join(project, origin)) });
  const list = (dir: string) =>
    existsSync(join(project, dir)) ? readdirSync(join(project, dir)).sort() : [];
  for (const f of list('data/examples/reports')) add(`data/examples/reports/${f}`, 'report');
  for (const f of list('data/examples/crashes'))
    add(`data/examples/crashes/${f}`, f.endsWith('.json') ? 'summary' : f.endsWith('.ips') ? 'ips' : 'crash');
  for (const d of list('ingest/markdown/golden'))
    for (const f of list(`ingest/markdown/golden/${d}`))
      if (f !== 'expected.json') add(`ingest/markdown/golden/${d}/${f}`, 'report');
  for (const d of list('ingest/crash/golden'))
    for (const f of list(`ingest/crash/golden/${d}`)) {
      if (f === 'expected.json') continue;
      const origin = `ingest/crash/golden/${d}/${f}`;
      const text = readFileSync(join(project, origin), 'latin1');
      const kind: SeedKind = f.endsWith('.json')
        ? 'summary'
        : text.trimStart().startsWith('{')
          ? 'ips'
          : 'crash';
      add(origin, kind);
    }
  for (const f of list('data/campaigns')) add(`data/campaigns/${f}`, 'campaign');
  for (const f of list('runner/fixtures/bad-campaigns'))
    if (f.endsWith('.yaml')) add(`runner/fixtures/bad-campaigns/${f}`, 'campaign');
  for (const v of READ_ROUND_LOG_VERSIONS)
    seeds.push({
      origin: `generated:round-log-v${v}`,
      kind: 'round_log',
      bytes: Buffer.from(roundLogText(12, v)),
    });
  return seeds;
}

/**
 * A round log as the runner writes it: a plan, then per round its attempts
 * (crashes retried, with a captured report, measurements and a scaling table)
 * and the round's summary. Version 2 (the runner's now) writes an attempt as
 * `attempt_start`, `attempt` at its exit and, for a crash, `crash_reports`
 * after the settle wait; version 1 wrote one `attempt` with its reports
 * inline. Fixed times: the same text every time.
 */
export function roundLogText(rounds = 12, version = ROUND_LOG_VERSION): string {
  const base = {
    v: version,
    campaign: 'fuzz',
    run: 'mac1-20251223T100000000Z',
    host: 'mac1',
  };
  const labels = { fix_variant: 'v2.9', torch_version: '2.9.1', threads: 8 };
  const events: object[] = [];
  const at = (s: number) => new Date(Date.UTC(2025, 11, 23, 10, 0, 0) + s * 1000).toISOString();
  const plan: Omit<PlanEvent, 'seq'> = {
    ...base,
    at: at(0),
    type: 'plan',
    order: 'interleaved',
    seed: 1,
    shard: { index: 1, count: 1 },
    plan: Array.from({ length: rounds }, (_, i) => ({ config: 'v2.9', round: i + 1 })),
    resumes: [],
    campaign_file: 'fuzz.yaml',
    campaign_sha256: '0'.repeat(64),
    configs: { 'v2.9': { labels, env: {}, args: [] } },
    retry_attempts: 3,
  };
  events.push(plan);
  let t = 1;
  for (let r = 1; r <= rounds; r++) {
    const ref = {
      config: 'v2.9',
      labels,
      wrapper: 'retry' as const,
      round: r,
      try: 1,
      round_uid: `fuzz/mac1/v2.9/${r}`,
      fingerprint: 'f'.repeat(16),
    };
    const crashes = r % 4 === 0 ? 1 : 0;
    const started = t;
    for (let a = 1; a <= crashes + 1; a++) {
      const crashed = a <= crashes;
      const reports = crashed
        ? [
            {
              file: `crashes/r${r}.ips`,
              original: `Python-2025-12-23-10${String(r).padStart(4, '0')}.ips`,
              sha256: 'a'.repeat(64),
            },
          ]
        : [];
      if (version >= 2) {
        const start: Omit<AttemptStartEvent, 'seq'> = {
          ...base,
          ...ref,
          at: at(t),
          type: 'attempt_start',
          attempt: a,
          started_at: at(t),
        };
        events.push(start);
      }
      const attempt: Omit<AttemptEvent, 'seq'> = {
        ...base,
        ...ref,
        at: at(t + 2),
        type: 'attempt',
        attempt: a,
        started_at: at(t),
        duration_s: 1.5,
        pid: 4000 + r * 10 + a,
        exit_code: crashed ? null : 0,
        signal: crashed ? 'SIGSEGV' : null,
        outcome: crashed ? 'crash' : 'pass',
        reason: null,
        retried: crashed,
        ...(version >= 2 ? { reports_follow: crashed } : { crash_reports: reports }),
        metrics: crashed
          ? []
          : [{ name: 'efficiency_pct', value: 14.6, threads: 8, unit: '%', from: 'regex' }],
        scaling: crashed
          ? []
          : [
              { threads: 1, throughput: 600, speedup: 1, efficiency_pct: 100 },
              { threads: 8, throughput: 700, speedup: 1.17, efficiency_pct: 14.6 },
            ],
        env: {},
        output_tail: crashed ? 'Segmentation fault' : null,
      };
      events.push(attempt);
      if (version >= 2 && crashed) {
        const taken: Omit<CrashReportsEvent, 'seq'> = {
          ...base,
          ...ref,
          at: at(t + 2),
          type: 'crash_reports',
          attempt: a,
          crash_reports: reports,
          outcome: null,
          reason: null,
          taken: 'settle',
        };
        events.push(taken);
      }
      t += 3;
    }
    const round: Omit<RoundEvent, 'seq'> = {
      ...base,
      ...ref,
      at: at(t),
      type: 'round',
      status: 'pass',
      attempts: crashes + 1,
      crashed_attempts: crashes,
      started_at: at(started),
      duration_s: t - started,
      efficiency_pct: 14.6,
    };
    events.push(round);
  }
  // The runner writes `v` and `seq` first (ingest/roundLogScan.ts reads a line's number from them).
  return events.map((e, i) => `${JSON.stringify({ v: version, seq: i + 1, ...e })}\n`).join('');
}
