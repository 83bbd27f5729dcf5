/**
 * Runner benchmarks, called from bench/main.ts:
 * - runner overhead per attempt against a plain shell loop running the same
 *   trivial command (target: ≤ 10 ms more per attempt);
 * - round-log ingest of 1,000,000 synthetic attempts against DuckDB's own
 *   `read_json` of the same files alone (target: ≤ 1.5× its time, < 1 GB).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../ingest/db.ts';
import { ingestRoundLogs } from '../ingest/roundLogs.ts';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
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

/** Writes synthetic round logs as the runner writes them: ~1.2 attempts per round, metrics and a thread table on passes. */
export async function writeSyntheticLogs(
  dir: string,
  attempts: number,
  files: number,
): Promise<{ paths: string[]; rounds: number }> {
  const paths: string[] = [];
  let rounds = 0;
  let made = 0;
  const per = Math.ceil(attempts / files);
  for (let f = 0; f < files; f++) {
    const path = join(dir, `bench-2025010${f}T000000000Z.jsonl`);
    paths.push(path);
    const out = createWriteStream(path);
    const base = `"campaign":"bench","run":"bench-${f}","host":"bench"`;
    let seq = 0;
    let chunk = '';
    const flush = async () => {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    };
    let inFile = 0;
    for (let r = 1; inFile < per && made < attempts; r++) {
      rounds++;
      const config = r % 2 ? 'native' : 'v2.9';
      const labels = `{"fix_variant":"${config}","torch_version":"2.9.1","threads":8}`;
      const uid = `bench/bench-${f}/${config}/r${r}.1`;
      const ref = `"config":"${config}","labels":${labels},"wrapper":"retry","round":${r},"try":1,"round_uid":"${uid}","fingerprint":"0123456789abcdef"`;
      const k = r % 50 === 0 ? 3 : r % 12 === 0 ? 2 : 1;
      let crashed = 0;
      for (let a = 1; a <= k && inFile < per && made < attempts; a++) {
        const pass = a === k && r % 50 !== 0;
        if (!pass) crashed++;
        const metrics = pass
          ? '[{"name":"efficiency_pct","value":14.7,"threads":8,"unit":null,"from":"regex"},{"name":"ops_completed","value":160,"threads":null,"unit":null,"from":"regex"}]'
          : '[]';
        const scaling = pass
          ? '[{"threads":1,"throughput":632.4,"speedup":1,"efficiency_pct":100},{"threads":2,"throughput":1035.5,"speedup":1.64,"efficiency_pct":81.9},{"threads":4,"throughput":967.9,"speedup":1.53,"efficiency_pct":38.3},{"threads":8,"throughput":754.2,"speedup":1.19,"efficiency_pct":14.9}]'
          : '[]';
        chunk += `{"v":1,"seq":${++seq},${base},"at":"2025-01-01T00:00:00.000Z","type":"attempt",${ref},"attempt":${a},"started_at":"2025-01-01T00:00:00.000Z","duration_s":61.5,"pid":${1000 + a},"exit_code":${pass ? 0 : 'null'},"signal":${pass ? 'null' : '"SIGSEGV"'},"outcome":"${pass ? 'pass' : 'crash'}","reason":${pass ? 'null' : '"killed by SIGSEGV"'},"retried":${!pass && a < 3},"crash_reports":[],"metrics":${metrics},"scaling":${scaling},"env":{"DYLD_INSERT_LIBRARIES":"agx_fix/build/libagx_fix_v2_9.dylib"},"output_tail":null}\n`;
        made++;
        inFile++;
      }
      chunk += `{"v":1,"seq":${++seq},${base},"at":"2025-01-01T00:00:00.000Z","type":"round",${ref},"status":"${crashed === 3 ? 'fail' : 'pass'}","attempts":${k},"crashed_attempts":${crashed},"started_at":"2025-01-01T00:00:00.000Z","duration_s":64.2,"efficiency_pct":14.7}\n`;
      if (chunk.length > 1 << 20) await flush();
    }
    await flush();
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  }
  return { paths, rounds };
}

/** Ingest of `attempts` synthetic attempts vs `CREATE TABLE AS SELECT * FROM read_json(files)` alone. */
export async function benchRoundLogIngest(attempts = 1_000_000, files = 8): Promise<IngestBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-ingest-'));
  try {
    const { paths, rounds } = await writeSyntheticLogs(dir, attempts, files);
    const mb = paths.reduce((s, p) => s + statSync(p).size, 0) / 1048576;
    const base = await Db.open(join(dir, 'base.duckdb'));
    let readJson: number;
    try {
      const list = `[${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}]`;
      const t = await measure(() =>
        base.run(`CREATE TABLE t AS SELECT * FROM read_json(${list}, format = 'newline_delimited')`),
      );
      readJson = t.seconds;
    } finally {
      base.close();
    }
    const db = await Db.open(join(dir, 'ingest.duckdb'));
    try {
      await db.ensureRawSchema();
      const m = await measure(() =>
        ingestRoundLogs(
          db,
          paths.map((path) => ({ path })),
        ),
      );
      if (m.value.attempts !== attempts)
        throw new Error(`ingested ${m.value.attempts} attempts, expected ${attempts}`);
      return {
        attempts,
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
      name: `round-log ingest (${i.attempts.toLocaleString('en')} attempts, ${i.rounds.toLocaleString('en')} rounds, ${i.files} files, ${i.mb.toFixed(0)} MB)`,
      figure: `${i.ingest_s.toFixed(2)} s, peak RSS ${i.ingest_peak_rss_mb.toFixed(0)} MB`,
      baseline: `DuckDB read_json alone ${i.read_json_s.toFixed(2)} s`,
      ratio: i.ratio,
      target: '≤ 1.5× read_json and < 1 GB',
      pass: i.ratio <= 1.5 && i.ingest_peak_rss_mb < 1024,
    },
  ];
}
