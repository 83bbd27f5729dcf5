/**
 * The launcher co-processes of one runner (`launcher.ts`): each runs one
 * attempt at a time, so attempts that overlap get one each, and an idle one
 * is reused. A launcher that exited is replaced; where none can start (no
 * `python3` ≥ 3.8 with `posix_spawn`) or none is wanted (macOS), the pool says
 * so and the caller spawns directly.
 */
import { Launcher } from './launcher.ts';

/**
 * Launchers shared by the runner: an idle one is reused, overlapping attempts
 * get one each. Resolves to null when no launcher can run here.
 */
export class LauncherPool {
  private readonly launchers: Launcher[] = [];
  private unavailable = false;

  /** An idle, started launcher reserved for the caller, or null when no launcher can run here. */
  async acquire(): Promise<Launcher | null> {
    if (this.unavailable || process.platform === 'darwin') return null;
    for (const l of [...this.launchers]) {
      if (l.busy) continue;
      if (!(await l.start())) {
        this.launchers.splice(this.launchers.indexOf(l), 1); // exited: replaced below
        continue;
      }
      if (l.busy) continue;
      l.reserved = true;
      return l;
    }
    const l = new Launcher();
    l.reserved = true;
    this.launchers.push(l);
    if (await l.start()) return l;
    this.launchers.splice(this.launchers.indexOf(l), 1);
    if (this.launchers.length === 0) this.unavailable = true;
    return null;
  }
}
