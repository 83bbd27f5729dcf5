/**
 * Writes a built site so that a reader never sees half of it, and a rebuild
 * with nothing changed writes nothing.
 *
 * **Switch (the normal case).** `OUT` is a symlink to a complete version of
 * the site, `OUT/..` + `.OUT.versions/v-XXXXXX/`. A build writes the new
 * version into a fresh folder there (each file created exclusively and
 * fsynced; files whose bytes did not change are hard links to the current
 * version's, so they keep their inode and mtime), fsyncs it, then points `OUT`
 * at it with one `rename` of a new symlink over the old one — atomic in POSIX.
 * A reader opening `OUT/index.html` gets the old version up to that instant
 * and the new one after it, never a mix or a partial file, whatever kills the
 * build or fills the disk before; a reader already inside the old version
 * keeps it (the previous version is kept until the next switch; older ones
 * are removed). A failed build removes what it wrote; a killed one leaves an
 * unused folder that the next build removes.
 *
 * **Folders met on the way.** A missing `OUT`, or an empty folder, becomes the
 * symlink. A folder holding only files roundbook writes (per its manifest, or
 * by name: a site from an older roundbook) is moved into the versions folder
 * and replaced by the symlink: for that one switch, `OUT` is missing between
 * two renames (microseconds, and a build killed there leaves the old site in
 * the versions folder and rebuilds whole next time). A folder that also holds
 * files roundbook did not write (the user's own folder, say a web root), or
 * whose parent roundbook may not write, is updated **in place**: each file is
 * written to a temporary name beside it and renamed over the old one (so each
 * page is whole, old or new, but a reader may see new pages beside old ones
 * while it runs), files of the previous build that are gone are removed, the
 * manifest last; the result says so in `note`. A symlink at `OUT` that is not
 * roundbook's is the user's choice: its folder is updated in place.
 *
 * Nothing is written through a symlink planted inside the site: files are
 * created exclusively, compared with `O_NOFOLLOW`, and replaced by rename.
 * Every file the site holds is listed in its manifest (`siteManifest.ts`) with
 * the fingerprint of the database that built it.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { nodeSiteFs, type SiteFs } from './siteFs.ts';
import { MANIFEST_NAME, manifestText, parseManifest } from './siteManifest.ts';
import {
  type AfterFailure,
  attempt,
  quietly,
  SiteWriteError,
  type WriteStatus,
  writeError,
} from './siteWriteSteps.ts';
import { IN_PLACE_TEMP, writeSiteInPlace } from './writeSiteInPlace.ts';

export { SiteWriteError, type WriteStatus } from './siteWriteSteps.ts';

/** A file of the site (its path as a reader opens it) and whether this build wrote it. */
export interface BuiltFile {
  path: string;
  status: WriteStatus;
}

/** What {@link writeSite} did. */
export interface SiteWriteResult {
  /** Every file of the site but the manifest, in the order given. */
  files: BuiltFile[];
  /** `switch`: the whole site changed at once (or nothing changed); `in place`: file by file. */
  mode: 'switch' | 'in place';
  /** Why the site was written in place, and how to get the switch; absent otherwise. */
  note?: string;
}

/** What a site is written for. */
export interface SiteWriteOptions {
  /** Fingerprint of the database the site was built from (recorded in the manifest). */
  database: string;
  /** The filesystem (tests fail or "kill" it at chosen operations). */
  fs?: SiteFs;
}

/** The versions folder beside `OUT`. */
const versionsName = (base: string) => `.${base}.versions`;
const VERSION = /^v-[A-Za-z0-9]{6}$/;

type Place =
  | { mode: 'switch'; current?: string; migrate?: boolean; emptyDir?: boolean }
  | { mode: 'in place'; dir: string; note: string };

/**
 * Writes `files` (name → content) as the site at `outDir`, as described above.
 * Throws {@link SiteWriteError} naming the file when the disk is full or a
 * write is refused; the site a reader sees is then still the previous one,
 * whole (in place: each page whole, old or new).
 */
export function writeSite(
  outDir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  opts: SiteWriteOptions,
): SiteWriteResult {
  const fs = opts.fs ?? nodeSiteFs;
  const out = resolve(outDir);
  const bytes = new Map<string, Buffer>();
  for (const [name, content] of files) {
    if (name === MANIFEST_NAME || name.includes('/') || name.startsWith('.'))
      throw new Error(`writeSite: not a site file name: ${JSON.stringify(name)}`);
    bytes.set(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }
  const all = new Map(bytes).set(MANIFEST_NAME, Buffer.from(manifestText(opts.database, bytes)));
  const names = [...bytes.keys()];
  const place = locate(fs, out, all);
  if (place.mode === 'switch') {
    const statuses = trySwitch(fs, out, all, place);
    if (statuses) return { files: names.map((n) => built(outDir, n, statuses)), mode: 'switch' };
    const note =
      `${outDir} is a folder roundbook could not move aside (a mount point, or a parent it may not write): ` +
      'pages were replaced one at a time, each whole; for the whole site switched at once, point --out at a new folder';
    return inPlace(fs, outDir, out, note, all, names);
  }
  return inPlace(fs, outDir, place.dir, place.note, all, names);
}

/** Writes the site file by file (writeSiteInPlace.ts); the note only when something was written. */
function inPlace(
  fs: SiteFs,
  outDir: string,
  dir: string,
  note: string,
  all: ReadonlyMap<string, Buffer>,
  names: string[],
): SiteWriteResult {
  const { statuses, changed } = writeSiteInPlace(fs, dir, all);
  const files = names.map((n) => built(outDir, n, statuses));
  return changed ? { files, mode: 'in place', note } : { files, mode: 'in place' };
}

const built = (outDir: string, name: string, statuses: Map<string, WriteStatus>): BuiltFile => ({
  path: join(outDir, name),
  status: statuses.get(name) ?? 'written',
});

/** Where and how the site goes, from what is at `out` now. */
function locate(fs: SiteFs, out: string, all: ReadonlyMap<string, Buffer>): Place {
  const kind = fs.kind(out);
  if (kind === undefined) return { mode: 'switch' };
  const base = basename(out);
  if (kind === 'symlink') {
    const target = fs.readlink(out);
    const parts = target.split('/');
    if (parts.length === 2 && parts[0] === versionsName(base) && VERSION.test(parts[1])) {
      const current = join(dirname(out), target);
      return { mode: 'switch', current: fs.kind(current) === 'dir' ? current : undefined };
    }
    try {
      fs.readdir(out);
    } catch {
      throw new SiteWriteError(out, 'ENOTDIR', `${out}: a symlink to ${target}, which is not a folder`);
    }
    return {
      mode: 'in place',
      dir: out,
      note: `${out} is a symlink of your own (to ${target}): its folder was updated file by file`,
    };
  }
  if (kind !== 'dir') throw new SiteWriteError(out, 'ENOTDIR', `${out}: not a folder; choose another --out`);
  const entries = fs.readdir(out).filter((e) => !IN_PLACE_TEMP.test(e));
  if (!entries.length) return { mode: 'switch', emptyDir: true };
  const previous = parseManifest(fs.readRegular(join(out, MANIFEST_NAME)));
  const ours = new Set([...all.keys(), ...Object.keys(previous?.files ?? {})]);
  const foreign = entries.filter((e) => !ours.has(e) || fs.kind(join(out, e)) === 'dir');
  if (!foreign.length) return { mode: 'switch', current: out, migrate: true };
  const shown = foreign.sort().slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
  return {
    mode: 'in place',
    dir: out,
    note:
      `${out} holds files roundbook did not write (${shown}): pages were replaced one at a time, each whole; ` +
      'for the whole site switched at once, point --out at a new or empty folder (or remove those files)',
  };
}

/**
 * Writes the new version and switches `out` to it. Returns each file's status,
 * or undefined when a folder at `out` could not be moved aside (nothing
 * changed then).
 */
function trySwitch(
  fs: SiteFs,
  out: string,
  all: ReadonlyMap<string, Buffer>,
  place: Extract<Place, { mode: 'switch' }>,
): Map<string, WriteStatus> | undefined {
  const parent = dirname(out);
  const versions = join(parent, versionsName(basename(out)));
  const { current } = place;
  const after: AfterFailure = current ? 'previous' : 'none';
  const statuses = new Map<string, WriteStatus>();
  const same = new Set<string>();
  if (current) {
    for (const [name, b] of all) if (fs.readRegular(join(current, name))?.equals(b)) same.add(name);
    if (same.size === all.size && fs.readdir(current).length === all.size) {
      // Nothing to write (an old folder to move aside waits for the next change).
      for (const name of all.keys()) statuses.set(name, 'unchanged');
      return statuses;
    }
  }
  const versionsKind = attempt(out, versions, () => fs.kind(versions), after);
  const created = versionsKind === undefined;
  if (created) {
    try {
      fs.mkdir(versions);
    } catch (err) {
      // A folder already at `out` whose parent roundbook may not write is updated in place instead.
      if ((place.migrate || place.emptyDir) && isRefusal(err)) return undefined;
      throw writeError(out, versions, err, after);
    }
  } else if (versionsKind !== 'dir')
    throw new SiteWriteError(
      versions,
      'ENOTDIR',
      `${versions}: not a folder (a symlink?); roundbook keeps the site's versions there and will not write through it. Remove it and run the command again.`,
    );
  let next: string;
  try {
    next = attempt(out, versions, () => fs.mkdtemp(join(versions, 'v-')), after);
  } catch (err) {
    if (created) quietly(() => fs.rmdir(versions));
    throw err;
  }
  const link = join(versions, `.link-${basename(next).slice(2)}`);
  /** Removes what this build made when it does not switch. */
  const abandon = () => {
    cleanUp(fs, next, link);
    if (created) quietly(() => fs.rmdir(versions));
  };
  let moved: string | undefined;
  try {
    for (const [name, b] of all) {
      const to = join(next, name);
      if (current && same.has(name)) {
        try {
          fs.link(join(current, name), to);
          statuses.set(name, 'unchanged');
          continue;
        } catch {
          // No hard links here (or no room for one): write it.
        }
      }
      attempt(out, to, () => fs.writeNew(to, b), after);
      statuses.set(name, 'written');
    }
    attempt(out, next, () => fs.syncDir(next), after);
    attempt(out, link, () => fs.symlink(join(versionsName(basename(out)), basename(next)), link), after);
    attempt(out, versions, () => fs.syncDir(versions), after);
    if (place.migrate) {
      moved = `${next}.previous`;
      try {
        fs.rename(out, moved);
      } catch (err) {
        moved = undefined;
        if (isRefusal(err)) {
          abandon();
          return undefined;
        }
        throw writeError(out, out, err, after);
      }
    } else if (place.emptyDir) {
      try {
        fs.rmdir(out);
      } catch (err) {
        if (isRefusal(err)) {
          abandon();
          return undefined;
        }
        throw writeError(out, out, err, after);
      }
    }
    attempt(out, out, () => fs.rename(link, out), after);
  } catch (err) {
    if (moved) quietly(() => fs.rename(moved as string, out));
    abandon();
    throw err;
  }
  // The switch is made; making it durable and tidying up cannot undo it. Kept: this version, the
  // previous one (for readers inside it), and whatever OUT points to now (another build may have switched).
  quietly(() => fs.syncDir(parent));
  const keep = new Set([
    basename(next),
    basename(moved ?? current ?? ''),
    basename(quietly(() => fs.readlink(out)) ?? ''),
  ]);
  for (const entry of quietly(() => fs.readdir(versions)) ?? [])
    if (!keep.has(entry)) quietly(() => fs.rmTree(join(versions, entry)));
  return statuses;
}

/** A refusal to move or remove a folder, as opposed to a full disk: busy, a mount point, not allowed. */
function isRefusal(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EBUSY' || code === 'EXDEV' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}

function cleanUp(fs: SiteFs, next: string, link: string): void {
  quietly(() => fs.unlink(link));
  quietly(() => fs.rmTree(next));
}
