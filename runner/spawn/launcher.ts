/**
 * A `Spawner` that starts attempts through a long-lived launcher co-process
 * (`launcherScript.ts`, Python's `posix_spawn`) instead of Node's `spawn`.
 * On Linux, Node `fork`s its own large process for every child, synchronously
 * on the event loop: 20–30 ms per attempt in the runner, against 2–6 ms for a
 * shell loop. `posix_spawn` (vfork-style) costs what the shell loop's spawn
 * does. On macOS libuv already uses `posix_spawn`, so no launcher is used.
 *
 * The semantics are the direct spawner's: each attempt leads its own session
 * and process group, a timeout or an abort kills the whole group, the group is
 * killed when the attempt exits (and on Linux, where the launcher is a
 * subreaper, so is every process the attempt left outside its group, each
 * named in the result's `leftovers`), stdout and stderr are kept (the last 8 MB of
 * each), exit code and signal are told apart, and a program that cannot be
 * started is an `error` (`could not start: spawn <file> ENOENT`). Output goes
 * through two files in a private temporary folder (in TMPDIR), read and
 * removed when the attempt ends; a folder with less than `MIN_OUTPUT_FREE`
 * bytes free before an attempt, or after it, is an `error` too (its output
 * cannot be trusted), never the workload's failure.
 *
 * A launcher is started on first use and then unreferenced while idle, so it
 * never keeps the runner alive; it exits when the runner does (its stdin
 * closes), killing the attempt still running then.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { killGroup } from './killGroup.ts';
import { LAUNCHER_SCRIPT } from './launcherScript.ts';
import { signalName } from './signalName.ts';
import { type SpawnRequest, type SpawnResult, startFailure } from './spawner.ts';
import { takeTail } from './takeTail.ts';

const ERRNO_NAMES = new Map<number, string>(
  Object.entries(constants.errno).map(([name, n]) => [n as number, name]),
);

interface Pending {
  request: SpawnRequest;
  id: string;
  file: string;
  out: string;
  err: string;
  started: number;
  pid: number | null;
  timedOut: boolean;
  aborted: boolean;
  leftovers: string[];
  timer: NodeJS.Timeout | null;
  onAbort: () => void;
  resolve: (r: SpawnResult) => void;
}

/** The Python that runs the launcher (`ROUNDBOOK_LAUNCHER_PYTHON`, default `python3` on PATH). */
const LAUNCHER_PYTHON = process.env.ROUNDBOOK_LAUNCHER_PYTHON || 'python3';

let outputDir: string | null = null;
let nextId = 0;

/**
 * Free bytes the output folder must have for an attempt to start, and still
 * have when it ends: below that its output may have been cut (a write that
 * failed with ENOSPC), which must never pass for the workload's own failure.
 */
export const MIN_OUTPUT_FREE = 1024 * 1024;

/** Why the output folder cannot be trusted with an attempt's output (it is full), else null. */
function fullFolder(dir: string): string | null {
  let free: number;
  try {
    const st = statfsSync(dir);
    free = st.bavail * st.bsize;
  } catch {
    return null; // not measurable here: opening the output files will say what is wrong
  }
  return free < MIN_OUTPUT_FREE
    ? `the launcher's output folder ${dir} is full (ENOSPC: ${free} bytes free; TMPDIR says where it goes)`
    : null;
}

/** The private folder of output files (created once, removed when the runner exits). */
function outputFolder(): string {
  if (outputDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'rb-launch-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outputDir = dir;
  }
  return outputDir;
}

/**
 * One launcher co-process; it runs one attempt at a time. `start()` resolves
 * to false when no launcher can run here (no `python3` ≥ 3.8 with
 * `posix_spawn`).
 */
export class Launcher {
  private child: ChildProcess | null = null;
  private pending: Pending | null = null;
  private ready: Promise<boolean> | null = null;
  private buffered = '';
  /** Handed out by the pool, its attempt not yet started. */
  reserved = false;

  /** True while an attempt runs (or is about to). */
  get busy(): boolean {
    return this.pending !== null || this.reserved;
  }

  /** Starts the launcher once; true when it is running (false when it exited since). */
  start(): Promise<boolean> {
    this.ready ??= new Promise<boolean>((resolveReady) => {
      let child: ChildProcess;
      try {
        // -I -S: no user site, no PYTHON* variables, no site import (faster start).
        // Its own session: terminal signals (Ctrl-C) go to the runner, which decides.
        child = spawn(LAUNCHER_PYTHON, ['-I', '-S', '-c', LAUNCHER_SCRIPT], {
          stdio: ['pipe', 'pipe', 'inherit'],
          detached: true,
        });
      } catch {
        resolveReady(false);
        return;
      }
      let isReady = false;
      child.on('error', () => {
        if (!isReady) resolveReady(false);
      });
      child.on('exit', () => {
        this.child = null;
        this.ready = Promise.resolve(false);
        if (!isReady) resolveReady(false);
        const p = this.pending;
        if (p) {
          // Gone with an attempt in flight: the attempt's group is killed and the attempt is a start failure.
          if (p.pid !== null) killGroup(p.pid);
          this.settle(p, null, null, 'could not finish: the launcher process exited while the attempt ran');
        }
      });
      child.stdin?.on('error', () => {}); // a launcher that died: reported by 'exit'
      child.stdout?.setEncoding('latin1');
      child.stdout?.on('data', (text: string) => {
        this.buffered += text;
        let nl = this.buffered.indexOf('\n');
        while (nl >= 0) {
          const line = this.buffered.slice(0, nl);
          this.buffered = this.buffered.slice(nl + 1);
          if (line === 'R') {
            isReady = true;
            this.child = child;
            this.idle();
            resolveReady(true);
          } else this.reply(line);
          nl = this.buffered.indexOf('\n');
        }
      });
    });
    return this.ready;
  }

  /** Runs one attempt (the launcher must be started and idle). */
  run(request: SpawnRequest): Promise<SpawnResult> {
    const child = this.child;
    if (!child?.stdin || this.pending) throw new Error('launcher not started, or busy');
    this.reserved = false;
    return new Promise((resolve) => {
      let dir: string;
      try {
        dir = outputFolder();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        resolve(startFailure(`could not start: no output folder in ${tmpdir()} (${code})`));
        return;
      }
      const full = fullFolder(dir);
      if (full) {
        resolve(startFailure(`could not start: ${full}`));
        return;
      }
      const id = String(++nextId);
      const [cmd, ...args] = request.argv;
      const argv = request.shell ? ['/bin/sh', '-c', [cmd, ...args].join(' ')] : [cmd, ...args];
      const p: Pending = {
        request,
        id,
        file: argv[0],
        out: join(dir, `${id}.out`),
        err: join(dir, `${id}.err`),
        started: performance.now(),
        pid: null,
        timedOut: false,
        aborted: false,
        leftovers: [],
        timer: null,
        onAbort: () => {
          p.aborted = true;
          if (p.pid !== null) killGroup(p.pid);
        },
        resolve,
      };
      const env = Object.entries(request.env)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v}`);
      const payload = Buffer.from(
        [id, request.cwd, p.out, p.err, String(argv.length), ...argv, ...env].join('\0'),
      );
      this.pending = p;
      this.busyRef();
      if (request.timeoutMs > 0)
        p.timer = setTimeout(() => {
          p.timedOut = true;
          if (p.pid !== null) killGroup(p.pid);
        }, request.timeoutMs);
      request.signal?.addEventListener('abort', p.onAbort, { once: true });
      if (request.signal?.aborted) p.onAbort();
      child.stdin?.write(`${payload.length}\n`);
      child.stdin?.write(payload);
    });
  }

  private reply(line: string): void {
    const [kind, id, a, b] = line.split(' ');
    const p = this.pending;
    if (!p || p.id !== id) return;
    if (kind === 'S') {
      p.pid = Number(a);
      if (p.timedOut || p.aborted) killGroup(p.pid);
    } else if (kind === 'L') {
      p.leftovers.push(`${a} ${b}`);
    } else if (kind === 'F') {
      const code = ERRNO_NAMES.get(Number(a)) ?? `errno ${a}`;
      this.settle(p, null, null, `could not start: spawn ${p.file} ${code}`);
    } else if (kind === 'X') {
      const signal = b === '-' ? null : (signalName(Number(b)) ?? `SIG${b}`);
      const full = fullFolder(dirname(p.out));
      this.settle(
        p,
        a === '-' ? null : Number(a),
        signal,
        full && `could not keep its output: ${full} when it ended`,
      );
    }
  }

  private settle(p: Pending, exitCode: number | null, signal: string | null, error: string | null): void {
    const durationMs = performance.now() - p.started;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    p.request.signal?.removeEventListener('abort', p.onAbort);
    this.idle();
    p.resolve({
      pid: p.pid,
      exitCode,
      signal,
      timedOut: p.timedOut,
      aborted: p.aborted,
      error,
      stdout: takeTail(p.out),
      stderr: takeTail(p.err),
      durationMs,
      leftovers: p.leftovers,
    });
  }

  /** Keeps the runner alive while an attempt runs… */
  private busyRef(): void {
    this.child?.ref();
    (this.child?.stdout as { ref?: () => void } | null)?.ref?.();
    (this.child?.stdin as { ref?: () => void } | null)?.ref?.();
  }

  /** …and never while the launcher is idle. */
  private idle(): void {
    this.child?.unref();
    (this.child?.stdout as { unref?: () => void } | null)?.unref?.();
    (this.child?.stdin as { unref?: () => void } | null)?.unref?.();
  }
}
