/**
 * Benchmark (issue 5): `analyze` over 1,000,000 ingested rounds; target under
 * 10 s and 1.5 GB. The rounds are synthetic runner rounds written straight
 * into `round_events`, which the views show (4 configurations, 100 round
 * logs, retries, efficiency drifting once; each round's attempt with the
 * suite's 4-point thread table and its efficiency metric), so only the derive
 * step is timed.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, verdictFor } from '../analysis/derive/index.ts';
import { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import { type BenchLine, measure } from './measure.ts';

export async function seedRounds(db: Db, count: number): Promise<void> {
  await ensureRawSchema(db);
  await db.run(`
    INSERT INTO sources SELECT 'log' || i, 'bench/log' || i || '.jsonl', 'round_log', 1000, TIMESTAMP '2026-01-01', 'ok', [], '1'
    FROM range(100) t(i)`);
  await db.run(`INSERT INTO round_logs SELECT i + 1, 'log' || i, ${count} FROM range(100) t(i)`);
  await db.run(`
    INSERT INTO round_events (log_id, line, v, type, campaign, host, labels, wrapper, round, round_uid,
      started_at, duration_s, status, attempts, crashed_attempts, efficiency_pct)
    SELECT i % 100 + 1, 2 * (i // 100) + 2, 1, 'round', 'bench', 'mac' || (i % 3),
      {'fix_variant': fix, 'torch_version': '2.9.1', 'threads': 8}, 'retry', i // 4, 'r' || i,
      TIMESTAMP '2026-01-01' + to_seconds(i * 3), 3.0,
      CASE WHEN h < (CASE fix WHEN 'native' THEN 0.004 ELSE 0.0004 END) THEN 'fail' ELSE 'pass' END,
      CASE WHEN h < 0.05 THEN 2 ELSE 1 END, CASE WHEN h < 0.004 THEN 3 WHEN h < 0.05 THEN 1 ELSE 0 END,
      CASE WHEN i < ${count} / 2 THEN 19.8 ELSE 14.8 END + 3 * (hash(i * 7) % 1000) / 1000.0
    FROM (SELECT i, (hash(i) % 1000000) / 1000000.0 AS h, ['native', 'v2.9', 'v2.5', 'v2.3'][i % 4 + 1] AS fix FROM range(${count}) t(i))`);
  // Each round's last attempt, on the line before it, with the suite's thread table (1, 2, 4, 8 threads).
  await db.run(`
    INSERT INTO round_events (log_id, line, v, type, campaign, host, labels, wrapper, round, round_uid, attempt,
      started_at, duration_s, exit_code, signal, outcome, metrics, scaling)
    SELECT i % 100 + 1, 2 * (i // 100) + 1, 1, 'attempt', 'bench', 'mac' || (i % 3),
      {'fix_variant': fix, 'torch_version': '2.9.1', 'threads': 8}, 'retry', i // 4, 'r' || i, 1,
      TIMESTAMP '2026-01-01' + to_seconds(i * 3), 3.0, 0, NULL, 'pass',
      [{'name': 'efficiency_pct', 'value': e8, 'threads': 8, 'unit': NULL}],
      [{'threads': 1, 'throughput': t1, 'speedup': 1.0, 'efficiency_pct': 100.0},
       {'threads': 2, 'throughput': t1 * 1.7, 'speedup': 1.7, 'efficiency_pct': 85.0},
       {'threads': 4, 'throughput': t1 * 2.3, 'speedup': 2.3, 'efficiency_pct': 57.5},
       {'threads': 8, 'throughput': t1 * e8 * 8 / 100, 'speedup': e8 * 8 / 100, 'efficiency_pct': e8}]
    FROM (SELECT i, ['native', 'v2.9', 'v2.5', 'v2.3'][i % 4 + 1] AS fix, 600 + (hash(i * 3) % 100) AS t1,
            CASE WHEN i < ${count} / 2 THEN 19.8 ELSE 14.8 END + 3 * (hash(i * 7) % 1000) / 1000.0 AS e8
          FROM range(${count}) t(i))`);
}

export async function benchAnalyze(count = 1_000_000): Promise<BenchLine[]> {
  const path = join(tmpdir(), `roundbook-bench-analyze-${process.pid}.duckdb`);
  rmSync(path, { force: true });
  const db = await Db.open(path);
  try {
    await seedRounds(db, count);
    const run = await measure(() => analyze(db));
    // `roundbook verdict` on the same database: one environment's answer on the fly (issue 13: ≤ 2 s).
    const ask = await measure(() =>
      verdictFor(db, {
        fix: 'native',
        torch: '2.9.1',
        threads: 8,
        wrapper: null,
        workload: null,
        serialised: null,
        maxCrashRate: 0.01,
        confidence: 0.95,
      }),
    );
    return [
      {
        name: `analyze over ${count.toLocaleString('en-US')} rounds (and an attempt each, with a 4-point thread table)`,
        figure: `${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB (${Object.entries(
          run.value.rows,
        )
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')})`,
        target: '< 10 s and < 1536 MB',
        pass: run.seconds < 10 && run.peakRssMb < 1536,
      },
      {
        name: `roundbook verdict --fix native --torch 2.9.1 --threads 8 on that database`,
        figure: `${ask.seconds.toFixed(2)} s (${ask.value.answer}; ${ask.value.environments.map((e) => `${e.crashes}/${e.trials} ${e.headline}s`).join(', ')})`,
        target: '≤ 2 s',
        pass: ask.seconds <= 2,
      },
    ];
  } finally {
    db.close();
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
  }
}
