/**
 * The `roundbook` executable (bin/roundbook.js) from outside, as a shell or a
 * supervisor sees it: signals sent to its pid reach the work (no process of
 * the job outlives it, the status names the signal, a run's log gets its
 * `end` event), and a reader that closes the pipe early ends it quietly.
 *
 * A job's processes are found by a marker in their environment, which every
 * process the job starts inherits (the runner's launcher and attempts too).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Db } from '../store/db.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'roundbook.js');
const EXAMPLES = join(import.meta.dirname, '..', 'data', 'examples');
const PROC = existsSync('/proc/self/environ');
const NO_PROC = 'needs /proc/<pid>/environ to find the processes of a job';
const root = mkdtempSync(join(tmpdir(), 'rb-exe-'));
const marks: string[] = [];
after(() => {
  // Whatever a failed test left running is ended here, by pid.
  if (PROC) for (const mark of marks) for (const p of jobProcesses(mark)) killQuietly(p.pid);
  rmSync(root, { recursive: true, force: true });
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** The processes whose environment carries the job's marker. */
function jobProcesses(mark: string): { pid: number; cmd: string }[] {
  const want = `ROUNDBOOK_TEST_JOB=${mark}`;
  const out: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(want)) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ').trim();
      out.push({ pid: Number(name), cmd });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

let nextMark = 0;

/** Starts `roundbook ARGS…` with a fresh job marker. */
function roundbook(args: string[], cwd = root): { child: ChildProcess; mark: string } {
  const mark = `${process.pid}-${++nextMark}`;
  marks.push(mark);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ROUNDBOOK_TEST_JOB: mark, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, mark };
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The child's status when it exits, and its output up to then (waiting briefly
 * for the pipes to close: a process left behind may still hold them).
 */
function ended(child: ChildProcess): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  return new Promise((resolve) => {
    child.once('exit', async (code, signal) => {
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits (up to `ms`) for every process of the job to be gone; returns the survivors. */
async function survivors(mark: string, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = jobProcesses(mark);
    if (left.length === 0 || Date.now() > deadline) return left.map((p) => `${p.pid} ${p.cmd}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** 128 + the signal's number: the status a shell shows for a job ended by it. */
const statusOf = (signal: NodeJS.Signals) => 128 + constants.signals[signal];

describe('signals sent to the roundbook pid reach the work', { skip: PROC ? false : NO_PROC }, () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} stops a run: the log ends with its end event, no process of the job survives, status ${statusOf(signal)}`, async () => {
      const dir = join(root, `run-${signal}`);
      mkdirSync(dir);
      writeFileSync(
        join(dir, 'c.yaml'),
        "campaign: sig\ncommand: [sh, -c, 'sleep 60; echo ALL CLAIMS VERIFIED']\nconfigs:\n  a: {}\nrounds: 3\n",
      );
      const { child, mark } = roundbook(['run', 'c.yaml', '--logs', 'logs', '--host', 'ci'], dir);
      const end = ended(child);
      await until(
        'the attempt to start',
        () => jobProcesses(mark).some((p) => p.cmd.startsWith('sleep 60')),
        60_000,
      );
      child.kill(signal);
      const r = await end;
      const left = await survivors(mark, 5000);
      assert.deepEqual(left, [], `processes of the job still running after ${signal}`);
      assert.equal(r.code, statusOf(signal), `exit status (${r.signal ?? 'no signal'}); stderr: ${r.stderr}`);
      assert.match(r.stdout, /interrupted: .*resume with --resume/);
      const logDir = join(dir, 'logs', 'sig');
      const [log] = readdirSync(logDir).filter((f) => f.endsWith('.jsonl'));
      const events = readFileSync(join(logDir, log), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; complete?: boolean });
      assert.deepEqual(events.at(-1), {
        ...events.at(-1),
        type: 'end',
        complete: false,
      });
    });
  }

  test('SIGTERM and SIGINT end an ingest and nothing of it runs on; the database still opens', async () => {
    const inputs = join(root, 'many');
    mkdirSync(inputs);
    const report = readFileSync(
      join(EXAMPLES, 'reports', 'verification_rounds_4100-4119_N5012_2026-01-14.md'),
      'utf8',
    );
    for (let i = 0; i < 1500; i++)
      writeFileSync(join(inputs, `r${i}.md`), `${report.repeat(4)}\n<!-- ${i} -->\n`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const db = join(root, `ingest-${signal}.duckdb`);
      const { child, mark } = roundbook(['ingest', inputs, '--db', db]);
      const end = ended(child);
      await until('the database to be created', () => existsSync(db), 60_000);
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      const r = await end;
      assert.deepEqual(
        await survivors(mark, 3000),
        [],
        `processes of the ingest still running after ${signal}`,
      );
      assert.ok(
        r.signal === signal || r.code === statusOf(signal),
        `ended by ${signal}: got code ${r.code}, signal ${r.signal}; stderr: ${r.stderr}`,
      );
      const opened = await Db.open(db);
      opened.close();
    }
  });
});

// Each test has its own database, so they can run at once.
describe('a reader that closes the pipe early ends roundbook quietly', { concurrency: true }, () => {
  test('ingest whose reader is gone: no stack trace, status 141 (128 + SIGPIPE), the ingest kept', async () => {
    const db = join(root, 'pipe-ingest.duckdb');
    const { child } = roundbook(['ingest', EXAMPLES, '--db', db]);
    const end = ended(child);
    child.stdout?.destroy(); // the reader closes before the summary is written
    const r = await end;
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /, r.stderr);
    assert.equal(r.code, 141, r.stderr);
    const opened = await Db.open(db);
    try {
      const [{ n }] = await opened.all<{ n: number }>('SELECT count(*) AS n FROM sources');
      assert.equal(n, 9);
    } finally {
      opened.close();
    }
  });

  for (const format of [[], ['--csv'], ['--json']]) {
    test(`query${[''].concat(format).join(' ')} whose reader closes after one line: no stack trace, status 141`, async () => {
      const db = join(root, `pipe-query${format.join('')}.duckdb`);
      (await Db.open(db)).close(); // query reads a database; it never makes one
      const { child } = roundbook(['query', 'SELECT range AS n FROM range(100000)', '--db', db, ...format]);
      let first = '';
      const closedAfterOneLine = new Promise<void>((resolve) => {
        child.stdout?.setEncoding('utf8').on('data', (s: string) => {
          first += s;
          if (first.includes('\n')) {
            child.stdout?.destroy();
            resolve();
          }
        });
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      await closedAfterOneLine;
      assert.doesNotMatch(stderr, /EPIPE|\n\s+at /, stderr);
      assert.equal(code, 141, stderr);
    });
  }
});

test('an error that quotes hostile text prints it escaped', async () => {
  (await Db.open(join(root, 'err.duckdb'))).close();
  const { child } = roundbook([
    'query',
    'SELECT * FROM "t\u001b[2J\u202e"',
    '--db',
    join(root, 'err.duckdb'),
  ]);
  const r = await ended(child);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^roundbook query: SQL error: .*t\\u001b\[2J\\u202e/);
  assert.doesNotMatch(r.stderr, /[\u001b\u202e]/);
});
