#!/usr/bin/env node
// DEMO WORKLOAD — a stand-in for the team's PyTorch MPS suite, not a GPU test.
//
// Real multi-threaded work (worker_threads hashing buffers) at 1, 2, 4 and 8
// threads, printed in the suite's format, with the suite's verdict lines. It
// stands in for the AGX driver race by killing itself with SIGSEGV at a rate
// set per configuration:
//   DEMO_CRASH_RATE=0.1       probability of a SIGSEGV during the run (default 0)
//   DEMO_MODE=hang            never finishes (for timeout tests)
//   DEMO_MODE=assert          fails an assertion: SOME CLAIMS NOT VERIFIED, exit 1
//   DEMO_MODE=grandchild      spawns a sleeping grandchild, writes its pid to DEMO_PID_FILE, then hangs
//   DEMO_CRASH_REPORT_DIR=dir on a crash, writes a fake crash report (Python-demo-….ips) there
//   DEMO_CRASH_REPORT_DELAY_MS=ms  … written by a detached helper this long after the crash
//   DEMO_WORK=n               work units per thread count (default 800)
//   DEMO_SEED=n               makes the crash decision reproducible (with ROUNDBOOK_ROUND/ATTEMPT)
//   DEMO_EXEC_LOG=file        appends `start <pid> <config> <round> <attempt>` when it starts and
//                             `crash <pid> <report file or ->` just before it crashes (tests count executions)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

if (!isMainThread) {
  const buf = Buffer.alloc(1024, 7);
  parentPort.on('message', (units) => {
    let h = buf;
    for (let i = 0; i < units; i++) h = createHash('sha256').update(h).update(buf).digest();
    parentPort.postMessage(h[0]);
  });
} else {
  await main();
}

function decide(rate) {
  if (!(rate > 0)) return false;
  if (process.env.DEMO_SEED === undefined) return Math.random() < rate;
  // Reproducible: a hash of the seed, round and attempt.
  const key = `${process.env.DEMO_SEED}/${process.env.ROUNDBOOK_CONFIG}/${process.env.ROUNDBOOK_ROUND}/${process.env.ROUNDBOOK_ATTEMPT}`;
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32 < rate;
}

/** One line of the side log of executions (`DEMO_EXEC_LOG`), when one is asked for. */
function execLog(line) {
  if (process.env.DEMO_EXEC_LOG) appendFileSync(process.env.DEMO_EXEC_LOG, `${line}\n`);
}

function crash() {
  const dir = process.env.DEMO_CRASH_REPORT_DIR;
  const name = `Python-demo-${Date.now()}-${process.pid}.ips`;
  execLog(`crash ${process.pid} ${dir ? join(dir, name) : '-'}`);
  if (dir) {
    const body = `{"app_name":"Python","bug_type":"309","timestamp":"${new Date().toISOString()}","name":"DEMO"}\n{"procName":"Python","pid":${process.pid},"exception":{"type":"EXC_BAD_ACCESS","signal":"SIGSEGV","subtype":"KERN_INVALID_ADDRESS at 0x0000000000000098"},"demo":"DEMO crash report: AGX stand-in"}\n`;
    const delay = Number(process.env.DEMO_CRASH_REPORT_DELAY_MS ?? 0);
    mkdirSync(dir, { recursive: true });
    if (delay > 0) {
      // Like ReportCrash: written by another process, some time after the crash.
      const script = `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(join(dir, name))}, ${JSON.stringify(body)}), ${delay})`;
      spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' }).unref();
    } else writeFileSync(join(dir, name), body);
  }
  process.kill(process.pid, 'SIGSEGV');
}

async function main() {
  const mode = process.env.DEMO_MODE ?? '';
  const rate = Number(process.env.DEMO_CRASH_RATE ?? 0);
  const units = Number(process.env.DEMO_WORK ?? 800);
  const crashNow = decide(rate);
  const env = process.env;
  execLog(`start ${process.pid} ${env.ROUNDBOOK_CONFIG} ${env.ROUNDBOOK_ROUND} ${env.ROUNDBOOK_ATTEMPT}`);
  console.log('DEMO WORKLOAD (synthetic stand-in for the PyTorch MPS suite; not a GPU test)');
  if (mode === 'grandchild') {
    const g = spawn('sleep', ['30'], { stdio: 'ignore' });
    if (process.env.DEMO_PID_FILE) writeFileSync(process.env.DEMO_PID_FILE, String(g.pid));
  }
  if (mode === 'hang' || mode === 'grandchild') {
    setInterval(() => {}, 1000);
    return;
  }
  const pool = Array.from({ length: 8 }, () => new Worker(new URL(import.meta.url)));
  const run = (threads, perThread) =>
    Promise.all(
      pool.slice(0, threads).map(
        (w) =>
          new Promise((res) => {
            w.once('message', res);
            w.postMessage(perThread);
          }),
      ),
    );
  try {
    // Chapter 1: thread safety — 8 threads × 20 operations.
    console.log('\nCHAPTER 1: THREAD SAFETY (DEMO)');
    let done = 0;
    for (let i = 0; i < 20; i++) done += (await run(8, 2)).length;
    if (crashNow) crash();
    console.log(`PASSED: ${done}/160 operations completed`);
    // Chapter 2: efficiency ceiling — fixed work per thread, throughput = ops/s.
    console.log('\nCHAPTER 2: EFFICIENCY CEILING (DEMO)');
    console.log('Thread Count | Throughput | Speedup | Efficiency');
    console.log('-------------------------------------------------------');
    let base = 0;
    let eff8 = 0;
    for (const threads of [1, 2, 4, 8]) {
      const t0 = performance.now();
      await run(threads, Math.max(1, Math.round(units / threads)));
      const tp = (Math.max(1, Math.round(units / threads)) * threads) / ((performance.now() - t0) / 1000);
      if (threads === 1) base = tp;
      const speedup = tp / base;
      const eff = (100 * speedup) / threads;
      if (threads === 8) eff8 = eff;
      console.log(
        `${String(threads).padStart(6)}       | ${tp.toFixed(1).padStart(8)}   | ${speedup.toFixed(2).padStart(5)}x  | ${eff.toFixed(1).padStart(5)}%`,
      );
    }
    console.log(`CONFIRMED: ${eff8.toFixed(1)}% efficiency at 8 threads`);
    if (mode === 'assert') {
      console.log('ASSERTION FAILED: correctness check (DEMO)');
      console.log('\nSOME CLAIMS NOT VERIFIED');
      process.exitCode = 1;
      return;
    }
    console.log('\nALL CLAIMS VERIFIED');
  } finally {
    for (const w of pool) w.terminate();
  }
}
