/**
 * One runner per campaign and host at a time: a lock file holding the pid.
 * A lock left by a dead process (kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Takes `<dir>/.<host>.lock`; returns its release function. Throws when a live process holds it. */
export function acquireLock(dir: string, host: string): () => void {
  const path = join(dir, `.${host}.lock`);
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid))
        throw new Error(`another runner (pid ${pid}) is running this campaign on this host (lock ${path})`);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot take lock ${path}`);
}

/** The process exists and is not a zombie (where /proc cannot tell, it is taken as alive). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie is not a runner any more.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
