import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Problem } from '../store/rawTables.ts';
import { hasIngestedExtension } from './detectKind.ts';

/** A problem with the file (and line) it was found in. */
export interface FileProblem extends Problem {
  path: string;
}

export interface FoundFile {
  path: string;
  bytes: number;
  mtimeMs: number;
}

export interface CollectOptions {
  /**
   * Follow symbolic links that lead out of the folders given (`--follow-links`).
   * Default: such a link is skipped, with a problem. Links are never followed
   * twice into the same folder or file, whatever this says.
   */
  followLinks?: boolean;
}

/**
 * Expands files and folders (recursively, sorted, hidden entries and
 * node_modules skipped) into the files the ingester reads. A folder
 * contributes only files with an ingested extension; a file or folder named
 * explicitly is always taken, even through a link.
 *
 * The walk goes by real paths: each folder is read once and each file taken
 * once, so a link back into a folder (`loop -> .`) cannot repeat it, let alone
 * loop. Symbolic links met in a folder are looked at after the folders
 * themselves: one to a folder or file already read is skipped, one that
 * leads out of the folders given is skipped unless `followLinks`, a broken
 * one is skipped; each skipped link is a problem naming it. A link that is
 * followed keeps its own path (the path the user sees). Missing paths are
 * problems too, never exceptions.
 */
export function collectFiles(
  paths: readonly string[],
  options: CollectOptions = {},
): { files: FoundFile[]; problems: FileProblem[] } {
  const files: FoundFile[] = [];
  const problems: FileProblem[] = [];
  const filesTaken = new Map<string, string>(); // real path → the path it was taken at
  const foldersRead = new Map<string, string>(); // real path → the path it was read at
  const roots: string[] = []; // real paths of the folders given
  const links: string[] = []; // links met in folders, looked at after them
  const skip = (path: string, message: string) => problems.push({ path, line: null, message });

  const take = (path: string, real: string, st: { size: number; mtimeMs: number }) => {
    if (filesTaken.has(real)) return;
    filesTaken.set(real, path);
    files.push({ path, bytes: st.size, mtimeMs: st.mtimeMs });
  };
  const walk = (dir: string, real: string) => {
    if (foldersRead.has(real)) return;
    foldersRead.set(real, dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (err) {
      skip(dir, `cannot read folder: ${(err as Error).message}`);
      return;
    }
    for (const entry of entries) {
      const { name } = entry;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      // Below a real folder, a name that is no link is its real path too.
      if (entry.isSymbolicLink()) links.push(path);
      else if (entry.isDirectory()) walk(path, join(real, name));
      else if (entry.isFile() && hasIngestedExtension(name)) {
        try {
          take(path, join(real, name), statSync(path));
        } catch (err) {
          skip(path, `cannot read: ${(err as Error).message}`);
        }
      }
    }
  };
  const inRoots = (real: string) =>
    roots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));

  for (const p of paths) {
    let real: string;
    let st: ReturnType<typeof statSync>;
    try {
      real = realpathSync(p);
      st = statSync(real);
    } catch {
      skip(p, 'no such file or folder');
      continue;
    }
    if (st.isDirectory()) {
      roots.push(real);
      walk(p, real);
    } else take(p, real, st);
  }
  // Links, in the order met; following one into a folder may meet more.
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    let real: string;
    let st: ReturnType<typeof statSync>;
    try {
      real = realpathSync(link);
      st = statSync(real);
    } catch (err) {
      skip(
        link,
        `broken symbolic link: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; skipped`,
      );
      continue;
    }
    const isFolder = st.isDirectory();
    if (!isFolder && !(st.isFile() && hasIngestedExtension(link))) continue; // not a file the walk reads
    const before = isFolder ? foldersRead.get(real) : filesTaken.get(real);
    if (before !== undefined) {
      skip(link, `symbolic link to a ${isFolder ? 'folder' : 'file'} already read: ${before}; skipped`);
      continue;
    }
    if (!inRoots(real) && !options.followLinks) {
      skip(link, `symbolic link to ${real}, outside the folders given; skipped (--follow-links reads it)`);
      continue;
    }
    if (isFolder) walk(link, real);
    else take(link, real, st);
  }
  return { files, problems };
}
