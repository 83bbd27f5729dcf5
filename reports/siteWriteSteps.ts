/**
 * The steps of writing a site, and what a failed one says: every filesystem
 * step of the site writer runs through {@link attempt}, so a full disk or a
 * refused write becomes a {@link SiteWriteError} that names the file it failed
 * on, what a reader of the site sees now, and what to do.
 */
import { dirname } from 'node:path';

/** Whether a build wrote a file or left it as it was. */
export type WriteStatus = 'written' | 'unchanged';

/**
 * A write of the site failed: `path` is the file or folder it failed on. The
 * message names it, says what the reader now sees and what to do.
 */
export class SiteWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SiteWriteError';
  }
}

/**
 * What a reader of the site sees after a failed step: the previous site, whole; no site (a first
 * build); or, written in place, pages old and new, each whole.
 */
export type AfterFailure = 'previous' | 'none' | 'in place';

/** Runs a filesystem step; a failure becomes a {@link SiteWriteError} naming `path`. */
export function attempt<T>(out: string, path: string, fn: () => T, after: AfterFailure): T {
  try {
    return fn();
  } catch (err) {
    throw writeError(out, path, err, after);
  }
}

/** The error for a failed step on `path`: what failed, what the reader sees now, what to do. */
export function writeError(out: string, path: string, err: unknown, after: AfterFailure): SiteWriteError {
  if (err instanceof SiteWriteError) return err;
  const e = err as NodeJS.ErrnoException;
  const reason =
    e.code === 'ENOSPC'
      ? 'no space left on device (ENOSPC)'
      : e.code === 'EDQUOT'
        ? 'disk quota exceeded (EDQUOT)'
        : e.code
          ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '')}`
          : String(e?.message ?? err);
  const now = {
    previous: `${out} is unchanged: still the previous site, whole.`,
    none: `No site was written to ${out}.`,
    'in place': `${out} is partly updated: each page is whole, old or new.`,
  }[after];
  const todo =
    e.code === 'ENOSPC' || e.code === 'EDQUOT'
      ? `Free space on the disk that holds ${dirname(out)} and run the command again.`
      : 'Fix that and run the command again.';
  return new SiteWriteError(path, e.code, `cannot write the site: ${path}: ${reason}. ${now} ${todo}`, {
    cause: err,
  });
}

/** Runs a best-effort step (cleaning up): a failure is ignored, and gives undefined. */
export function quietly<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
