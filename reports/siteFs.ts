/**
 * Every filesystem effect the site writer has, behind one small interface, so
 * that a test can fail or "kill" the writer at any one of them (the N-th
 * write) and check what a reader would see. `nodeSiteFs` is the real one.
 *
 * Nothing here follows a symlink where the writer could be tricked into
 * writing elsewhere: files are created exclusively (`O_CREAT | O_EXCL`, which
 * also refuses a symlink in the way), read with `O_NOFOLLOW`, and replaced by
 * `rename`, which replaces a symlink itself, not what it points to.
 */
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/** What a path is, without following it. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

/** The filesystem operations the site writer uses. Paths are absolute. */
export interface SiteFs {
  /** The kind of `path` itself (a symlink is `symlink`), or undefined when nothing is there. */
  kind(path: string): EntryKind | undefined;
  readlink(path: string): string;
  /** Names in a folder (unsorted). */
  readdir(path: string): string[];
  /** The bytes of a regular file; undefined when it is missing, a symlink or anything else. */
  readRegular(path: string): Buffer | undefined;
  /** Creates one folder; fails when something is there. */
  mkdir(path: string): void;
  /** Creates a new folder named `prefix` + six random characters; returns its path. */
  mkdtemp(prefix: string): string;
  /** Creates a new file (fails when anything, a symlink included, is there), writes `bytes`, fsyncs it. */
  writeNew(path: string, bytes: Uint8Array): void;
  /** A hard link: `to` becomes another name of the file `from`. */
  link(from: string, to: string): void;
  symlink(target: string, path: string): void;
  /** Atomically puts `from` at `to`, replacing a file or symlink there (never what a symlink points to). */
  rename(from: string, to: string): void;
  /** Removes a file or a symlink (not what it points to). */
  unlink(path: string): void;
  /** Removes an empty folder. */
  rmdir(path: string): void;
  /** Removes a folder and everything in it (symlinks inside are removed, not followed). */
  rmTree(path: string): void;
  /** Makes the names in a folder durable (fsync of the folder). */
  syncDir(path: string): void;
}

/** The real filesystem. */
export const nodeSiteFs: SiteFs = {
  kind(path) {
    try {
      const s = lstatSync(path);
      return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  readlink: (path) => readlinkSync(path),
  readdir: (path) => readdirSync(path),
  readRegular(path) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw err;
    }
    try {
      return fstatSync(fd).isFile() ? readFileSync(fd) : undefined;
    } finally {
      closeSync(fd);
    }
  },
  mkdir: (path) => mkdirSync(path),
  mkdtemp: (prefix) => mkdtempSync(prefix),
  writeNew(path, bytes) {
    const fd = openSync(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    );
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  link: (from, to) => linkSync(from, to),
  symlink: (target, path) => symlinkSync(target, path),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  rmdir: (path) => rmdirSync(path),
  rmTree: (path) => rmSync(path, { recursive: true, force: true }),
  syncDir(path) {
    const fd = openSync(path, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } catch (err) {
      // Some systems cannot fsync a folder; the names are then as durable as the system makes them.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EBADF') throw err;
    } finally {
      closeSync(fd);
    }
  },
};
