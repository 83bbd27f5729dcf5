/**
 * Running one attempt's process, behind an interface so that tests can use a
 * fake (`fakeSpawner.ts`). The real spawners put every attempt in its own
 * session and process group: a timeout or an abort kills the whole group,
 * grandchildren included, and nothing of an attempt outlives it.
 *
 * `processSpawner` starts attempts through a long-lived launcher co-process
 * (`launcher.ts`: `posix_spawn`, far cheaper than Node's `fork` on Linux);
 * where no launcher runs (macOS, where Node already uses `posix_spawn`; no
 * `python3`), or with `ROUNDBOOK_SPAWNER=direct`, it uses `directSpawner`,
 * Node's own `spawn`, with the same semantics.
 */
import { spawn } from 'node:child_process';
import { LauncherPool, MAX_OUTPUT } from './launcher.ts';

export interface SpawnRequest {
  /** Program and arguments; with `shell`, `argv[0]` is a shell command line (and the rest are appended). */
  argv: readonly string[];
  shell: boolean;
  cwd: string;
  /** The complete environment of the child. */
  env: Readonly<Record<string, string>>;
  /** Kill the process group after this long (ms); 0 = never. */
  timeoutMs: number;
  /** Aborting kills the process group; the result then says `aborted`. */
  signal?: AbortSignal;
}

export interface SpawnResult {
  pid: number | null;
  /** Exit status when the process exited, else null. */
  exitCode: number | null;
  /** Signal name when the process was killed by a signal, else null. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the process could not be started at all. */
  error: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs attempts: the real one spawns processes, the fake replays a script. */
export interface Spawner {
  run(request: SpawnRequest): Promise<SpawnResult>;
}

/** Kills a process group, ignoring one that is already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const launchers = new LauncherPool();

/**
 * The spawner of real processes (each in its own session and process group),
 * through the launcher co-process when one can run, else `directSpawner`.
 */
export const processSpawner: Spawner = {
  async run(request) {
    const viaLauncher =
      process.env.ROUNDBOOK_SPAWNER !== 'direct' &&
      ![request.cwd, ...request.argv, ...Object.entries(request.env).flat()].some(
        (s) => typeof s === 'string' && s.includes('\0'),
      );
    const launcher = viaLauncher ? await launchers.acquire() : null;
    if (launcher) return launcher.run(request);
    return directSpawner.run(request);
  },
};

/** The spawner of real processes through Node's `spawn` (`detached`: a new session and process group). */
export const directSpawner: Spawner = {
  run(request) {
    return new Promise((resolvePromise) => {
      const started = performance.now();
      const [cmd, ...args] = request.argv;
      const child = spawn(request.shell ? [cmd, ...args].join(' ') : cmd, request.shell ? [] : args, {
        cwd: request.cwd,
        env: request.env,
        detached: true,
        shell: request.shell,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = collector();
      const err = collector();
      child.stdout?.on('data', out.add);
      child.stderr?.on('data', err.add);
      let timedOut = false;
      let aborted = false;
      let settled = false;
      const killAll = () => child.pid !== undefined && killGroup(child.pid);
      const timer =
        request.timeoutMs > 0
          ? setTimeout(() => {
              timedOut = true;
              killAll();
            }, request.timeoutMs)
          : null;
      const onAbort = () => {
        aborted = true;
        killAll();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) onAbort();
      let exitMs: number | null = null;
      const finish = (exitCode: number | null, signal: string | null, error: string | null) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolvePromise({
          pid: child.pid ?? null,
          exitCode,
          signal,
          timedOut,
          aborted,
          error,
          stdout: out.text(),
          stderr: err.text(),
          durationMs: exitMs ?? performance.now() - started,
        });
      };
      child.on('error', (e) => finish(null, null, e.message));
      child.on('exit', (code, signal) => {
        exitMs = performance.now() - started;
        // Leftovers of the group (background children) do not outlive the attempt.
        killAll();
        // Wait for the pipes to drain, but not for a straggler that holds them open.
        const grace = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(code, signal, null);
        }, 300);
        child.on('close', () => {
          clearTimeout(grace);
          finish(code, signal, null);
        });
      });
    });
  },
};

function collector() {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add: (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      while (size > MAX_OUTPUT && chunks.length > 1) size -= chunks.shift()!.length;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
