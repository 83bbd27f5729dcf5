/**
 * Runner benchmarks, called from bench/main.ts:
 * - runner overhead per attempt against a plain shell loop running the same
 *   trivial command (target: ≤ 10 ms more per attempt);
 * - round-log ingest of 1,000,000 synthetic attempts against DuckDB's own
 *   `read_json` of the same files alone (target: ≤ 1.5× its time, < 1 GB).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles } from '../ingest/collectFiles.ts';
import { ingestRoundLogFiles } from '../ingest/roundLogFiles.ts';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import { readRoundLogJson } from '../store/roundEvents.ts';
import { type BenchLine, measure } from './measure.ts';

export interface RunnerOverhead {
  attempts: number;
  shell_ms_per_attempt: number;
  runner_ms_per_attempt: number;
  overhead_ms_per_attempt: number;
}

/** Times `n` runs of `/bin/true` through a shell loop and through the runner (one attempt per round, fsync'd logs). */
export async function benchRunnerOverhead(n = 200): Promise<RunnerOverhead> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-runner-'));
  try {
    const t0 = performance.now();
    execFileSync('sh', ['-c', `i=0; while [ $i -lt ${n} ]; do /bin/true; i=$((i+1)); done`]);
    const shell = (performance.now() - t0) / n;
    const c = parseCampaign(
      `campaign: overhead\ncommand: [/bin/true]\nconfigs:\n  a: {}\nrounds: ${n}\n`,
      'overhead.yaml',
      dir,
    );
    const t1 = performance.now();
    const s = await runCampaign(c, { logsRoot: dir, host: 'bench' });
    const runner = (performance.now() - t1) / s.attemptsRun;
    return {
      attempts: n,
      shell_ms_per_attempt: shell,
      runner_ms_per_attempt: runner,
      overhead_ms_per_attempt: runner - shell,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface IngestBench {
  attempts: number;
  rounds: number;
  files: number;
  mb: number;
  read_json_s: number;
  ingest_s: number;
  ratio: number;
  ingest_peak_rss_mb: number;
}

/** What a crashed attempt of the demo workload leaves in `output_tail`. */
const CRASH_TAIL =
  'DEMO WORKLOAD (synthetic stand-in for the PyTorch MPS suite; not a GPU test)\n\nCHAPTER 1: THREAD SAFETY (DEMO)\n';

/**
 * Writes synthetic round logs as the runner writes them (compare a log of
 * `roundbook run data/campaigns/demo.yaml`): per file a `plan` event listing
 * the file's rounds, a `probe` per configuration, then ~1.2 attempts per round
 * (the wrapper's retries of SIGSEGV crashes; every 50th round exhausted), each
 * passing attempt with the demo's three regex metrics and four-row thread
 * table, each crash with its output tail, a `round` event per round, and an
 * `end` event. Times, durations, pids and throughputs vary from line to line.
 */
export async function writeSyntheticLogs(
  dir: string,
  attempts: number,
  files: number,
): Promise<{ paths: string[]; rounds: number; attempts: number }> {
  const paths: string[] = [];
  let rounds = 0;
  let made = 0;
  const per = Math.ceil(attempts / files);
  const configs = ['native', 'v2.9'];
  const fingerprint = '992e2669a546dc3c';
  const env = '{"DYLD_INSERT_LIBRARIES":"agx_fix/build/libagx_fix_v2_9.dylib","DEMO_CRASH_RATE":"0.15"}';
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let f = 0; f < files; f++) {
    const path = join(dir, `bench-2025010${f}T000000000Z.jsonl`);
    paths.push(path);
    const out = createWriteStream(path);
    const run = `bench-2025010${f}T000000000Z`;
    const base = `"campaign":"bench","run":"${run}","host":"bench"`;
    let seq = 0;
    let clock = Date.UTC(2025, 0, 1 + f);
    let chunk = '';
    const flush = async () => {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    };
    // The file's rounds: enough for `per` attempts at this retry pattern.
    const attemptsOf = (r: number) => (r % 50 === 0 ? 3 : r % 12 === 0 ? 2 : 1);
    let planned = 0;
    for (let n = 0; n < per && made + n < attempts; planned++) n += attemptsOf(planned + 1);
    const plan = Array.from(
      { length: planned },
      (_, i) => `{"config":"${configs[(i + 1) % 2]}","round":${i + 1}}`,
    ).join(',');
    chunk += `{"v":1,"seq":${++seq},${base},"at":"${iso(clock)}","type":"plan","order":"interleaved","seed":0,"shard":{"index":1,"count":1},"plan":[${plan}],"resumes":[],"campaign_file":"data/campaigns/bench.yaml","campaign_sha256":"${'ab'.repeat(32)}","configs":{"native":{"labels":{"fix_variant":"native","torch_version":"2.9.1","threads":8},"env":{},"args":[]},"v2.9":{"labels":{"fix_variant":"v2.9","torch_version":"2.9.1","threads":8},"env":${env},"args":[]}},"retry_attempts":3}\n`;
    for (const config of configs) {
      clock += 300;
      chunk += `{"v":1,"seq":${++seq},${base},"at":"${iso(clock)}","type":"probe","config":"${config}","fingerprint":"${fingerprint}","output":"DEMO probe: node v20.20.2 linux/x64","files":[]}\n`;
    }
    let inFile = 0;
    for (let r = 1; r <= planned; r++) {
      rounds++;
      const config = configs[r % 2];
      const labels = `{"fix_variant":"${config}","torch_version":"2.9.1","threads":8}`;
      const uid = `bench/${run}/${config}/r${r}.1`;
      const ref = `"config":"${config}","labels":${labels},"wrapper":"retry","round":${r},"try":1,"round_uid":"${uid}","fingerprint":"${fingerprint}"`;
      const k = attemptsOf(r);
      const roundStart = clock;
      let crashed = 0;
      let eff8 = 0;
      for (let a = 1; a <= k; a++) {
        const pass = a === k && r % 50 !== 0;
        if (!pass) crashed++;
        const started = clock;
        const duration = pass ? 1.2 + ((r * 7 + a) % 90) / 100 : 0.3 + ((r * 3 + a) % 50) / 100;
        clock += Math.round(duration * 1000) + 20;
        const t1 = 190000 + ((r * 37) % 5000);
        const t = [t1, t1 * (0.9 + (r % 7) / 50), t1 * (1.1 + (r % 5) / 50), t1 * (1.3 + (r % 11) / 50)];
        const scalingRows = [1, 2, 4, 8].map((threads, i) => {
          const speedup = Math.round((t[i] / t1) * 100) / 100;
          return {
            threads,
            throughput: Math.round(t[i] * 10) / 10,
            speedup,
            eff: Math.round((speedup / threads) * 1000) / 10,
          };
        });
        eff8 = scalingRows[3].eff;
        const metrics = pass
          ? `[{"name":"efficiency_pct","value":${eff8},"threads":8,"unit":null,"from":"regex"},{"name":"ops_completed","value":160,"threads":null,"unit":null,"from":"regex"},{"name":"ops","value":160,"threads":null,"unit":null,"from":"regex"}]`
          : '[]';
        const scaling = pass
          ? `[${scalingRows.map((s) => `{"threads":${s.threads},"throughput":${s.throughput},"speedup":${s.speedup},"efficiency_pct":${s.eff}}`).join(',')}]`
          : '[]';
        chunk += `{"v":1,"seq":${++seq},${base},"at":"${iso(clock)}","type":"attempt",${ref},"attempt":${a},"started_at":"${iso(started)}","duration_s":${duration},"pid":${10000 + ((made * 13) % 50000)},"exit_code":${pass ? 0 : 'null'},"signal":${pass ? 'null' : '"SIGSEGV"'},"outcome":"${pass ? 'pass' : 'crash'}","reason":${pass ? 'null' : '"killed by SIGSEGV"'},"retried":${!pass && a < 3},"crash_reports":[],"metrics":${metrics},"scaling":${scaling},"env":${env},"output_tail":${pass ? 'null' : JSON.stringify(CRASH_TAIL)}}\n`;
        made++;
        inFile++;
      }
      chunk += `{"v":1,"seq":${++seq},${base},"at":"${iso(clock)}","type":"round",${ref},"status":"${crashed === 3 ? 'fail' : 'pass'}","attempts":${k},"crashed_attempts":${crashed},"started_at":"${iso(roundStart)}","duration_s":${(clock - roundStart) / 1000},"efficiency_pct":${crashed === 3 ? 'null' : eff8}}\n`;
      if (chunk.length > 1 << 20) await flush();
    }
    chunk += `{"v":1,"seq":${++seq},${base},"at":"${iso(clock)}","type":"end","complete":true,"reason":"all planned rounds done"}\n`;
    await flush();
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    if (inFile === 0) break;
  }
  return { paths, rounds, attempts: made };
}

/**
 * The product's round-log ingest (`ingestRoundLogFiles`, what `roundbook
 * ingest` runs on JSONL: hashing, rows, `sources`, `source_paths`) of
 * `attempts` synthetic attempts, against DuckDB's `read_json` of the same
 * files with the same arguments (the ingest's columns), into a table, alone.
 */
export async function benchRoundLogIngest(attempts = 1_000_000, files = 8): Promise<IngestBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-ingest-'));
  try {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const { paths, rounds, attempts: made } = await writeSyntheticLogs(logs, attempts, files);
    const mb = paths.reduce((s, p) => s + statSync(p).size, 0) / 1048576;
    const base = await Db.open(join(dir, 'base.duckdb'));
    let readJson: number;
    try {
      const t = await measure(() =>
        base.run(
          `CREATE TABLE t AS SELECT * FROM ${readRoundLogJson(`[${paths.map(() => '?').join(', ')}]`)}`,
          paths,
        ),
      );
      readJson = t.seconds;
    } finally {
      base.close();
    }
    const db = await Db.open(join(dir, 'ingest.duckdb'));
    try {
      await ensureRawSchema(db);
      const found = collectFiles([logs]).files;
      const m = await measure(() =>
        ingestRoundLogFiles(db, found, '2025-01-01 00:00:00', { known: new Map(), current: new Set() }),
      );
      if (m.value.rows_added.attempts !== made || m.value.problems.length > 0)
        throw new Error(`ingested ${m.value.rows_added.attempts} attempts, expected ${made}`);
      return {
        attempts: made,
        rounds,
        files,
        mb,
        read_json_s: readJson,
        ingest_s: m.seconds,
        ratio: m.seconds / readJson,
        ingest_peak_rss_mb: m.peakRssMb,
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both benchmarks as lines for bench/main.ts. */
export async function runnerBenchLines(): Promise<BenchLine[]> {
  const o = await benchRunnerOverhead();
  const i = await benchRoundLogIngest();
  return [
    {
      name: `runner overhead per attempt (${o.attempts} × /bin/true, fsync'd log)`,
      figure: `${o.runner_ms_per_attempt.toFixed(2)} ms/attempt (+${o.overhead_ms_per_attempt.toFixed(2)} ms)`,
      baseline: `shell loop ${o.shell_ms_per_attempt.toFixed(2)} ms/attempt`,
      target: '≤ 10 ms more per attempt',
      pass: o.overhead_ms_per_attempt <= 10,
    },
    {
      name: `round-log ingest (${i.attempts.toLocaleString('en')} attempts, ${i.rounds.toLocaleString('en')} rounds, ${i.files} files, ${i.mb.toFixed(0)} MB; hashing, rows, sources)`,
      figure: `${i.ingest_s.toFixed(2)} s, peak RSS ${i.ingest_peak_rss_mb.toFixed(0)} MB`,
      baseline: `DuckDB read_json of the same files and columns into a table ${i.read_json_s.toFixed(2)} s`,
      ratio: i.ratio,
      target: '≤ 1.5× read_json and < 1 GB',
      pass: i.ratio <= 1.5 && i.ingest_peak_rss_mb < 1024,
    },
  ];
}
