/**
 * The spawner of real processes through Node's own `spawn`: used where no
 * launcher co-process runs (macOS, where Node already uses `posix_spawn`; no
 * `python3`) or with `ROUNDBOOK_SPAWNER=direct`. Same semantics as the
 * launcher: each attempt leads its own session and process group, a timeout
 * or an abort kills the whole group, and nothing of an attempt outlives it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { killGroup } from './killGroup.ts';
import { canonicalSignal } from './signalName.ts';
import { MAX_OUTPUT, type Spawner, startFailure } from './spawner.ts';

/**
 * The spawner of real processes through Node's `spawn` (`detached`: a new
 * session and process group). The group is killed when the attempt exits;
 * output is kept (the last `MAX_OUTPUT` bytes of each stream) until the pipes
 * drain, or 300 ms after the exit when a straggler holds them open.
 */
export const directSpawner: Spawner = {
  run(request) {
    return new Promise((resolvePromise) => {
      const started = performance.now();
      const [cmd, ...args] = request.argv;
      let child: ChildProcess;
      try {
        child = spawn(request.shell ? [cmd, ...args].join(' ') : cmd, request.shell ? [] : args, {
          cwd: request.cwd,
          env: request.env,
          detached: true,
          shell: request.shell,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (err) {
        // Some start failures (E2BIG) throw here rather than arrive as an 'error' event.
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        resolvePromise(startFailure(`could not start: spawn ${cmd} ${code}`, performance.now() - started));
        return;
      }
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
          leftovers: [],
        });
      };
      child.on('error', (e) => finish(null, null, `could not start: ${e.message}`));
      child.on('exit', (code, signalCode) => {
        const signal = signalCode && canonicalSignal(signalCode);
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

/** Chunks of one output stream, keeping the last `MAX_OUTPUT` bytes (whole chunks). */
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
