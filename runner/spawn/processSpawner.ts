/**
 * The runner's default spawner. It starts attempts through a long-lived
 * launcher co-process (`launcher.ts`: `posix_spawn`, far cheaper than Node's
 * `fork` on Linux); where no launcher runs (macOS, where Node already uses
 * `posix_spawn`; no `python3`), or with `ROUNDBOOK_SPAWNER=direct`, it uses
 * `directSpawner`, Node's own `spawn`, with the same semantics: every attempt
 * in its own session and process group, a timeout or an abort kills the whole
 * group, grandchildren included, and nothing of an attempt outlives it.
 */
import { directSpawner } from './directSpawner.ts';
import { LauncherPool } from './launcherPool.ts';
import type { Spawner } from './spawner.ts';

const launchers = new LauncherPool();

/**
 * The spawner of real processes (each in its own session and process group),
 * through the launcher co-process when one can run, else `directSpawner`. A
 * request with a NUL byte in its cwd, argv or environment (which the
 * launcher's protocol cannot carry) goes to `directSpawner` too.
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
