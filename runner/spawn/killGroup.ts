/**
 * Killing an attempt's process group. Every real spawner starts an attempt as
 * the leader of its own session and process group (Node's `detached: true`,
 * the launcher's `setsid`), so its pid names the group: a timeout, an abort or
 * the attempt's exit kills the whole group, grandchildren included.
 */

/**
 * Sends `signal` (default SIGKILL) to the process group led by `pid`,
 * ignoring one that is already gone.
 *
 * @example killGroup(child.pid) // the attempt and everything it started
 */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
