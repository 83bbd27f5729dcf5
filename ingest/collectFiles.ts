import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Problem } from '../store/rawTables.ts';
import { hasIngestedExtension } from './detectKind.ts';
import { type IgnoreMatcher, ignoreLines, ignoreMatcher } from './ignoreGlobs.ts';

/** The file in a folder given whose globs exclude files from the walk (ingest/ignoreGlobs.ts). */
export const IGNORE_FILE = '.roundbookignore';

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
  /**
   * Globs (gitignore syntax, ingest/ignoreGlobs.ts) of files and folders the
   * walk of each folder given leaves out, relative to that folder
   * (`--exclude`); they apply after the folder's own `.roundbookignore`.
   */
  exclude?: readonly string[];
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
 *
 * Exclusions: in each folder given, the globs of its `.roundbookignore` (if
 * any) and then `options.exclude` leave out the files and folders they match,
 * by their path relative to that folder (a link keeps the globs of the folder
 * it was met in). An excluded folder is not walked. Excluded files are
 * counted in `excluded`, not problems. A file named explicitly is always
 * taken.
 */
export function collectFiles(
  paths: readonly string[],
  options: CollectOptions = {},
): { files: FoundFile[]; problems: FileProblem[]; excluded: number } {
  const files: FoundFile[] = [];
  let excluded = 0;
  const problems: FileProblem[] = [];
  const filesTaken = new Map<string, string>(); // real path → the path it was taken at
  const foldersRead = new Map<string, string>(); // real path → the path it was read at
  const roots: string[] = []; // real paths of the folders given
  const links: { path: string; rule: Rule | null }[] = []; // links met in folders, looked at after them
  const skip = (path: string, message: string) => problems.push({ path, line: null, message });

  const take = (path: string, real: string, st: { size: number; mtimeMs: number }) => {
    if (filesTaken.has(real)) return;
    filesTaken.set(real, path);
    files.push({ path, bytes: st.size, mtimeMs: st.mtimeMs });
  };
  /** Whether the folder-given's globs leave `path` out; counts an excluded file. */
  const left = (rule: Rule | null, path: string, isFolder: boolean) => {
    if (rule == null) return false;
    if (!rule.ignored(relative(rule.base, path).split(sep).join('/'), isFolder)) return false;
    if (!isFolder) excluded++;
    return true;
  };
  const walk = (dir: string, real: string, rule: Rule | null) => {
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
      if (entry.isSymbolicLink()) links.push({ path, rule });
      else if (entry.isDirectory()) {
        if (!left(rule, path, true)) walk(path, join(real, name), rule);
      } else if (entry.isFile() && hasIngestedExtension(name) && !left(rule, path, false)) {
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
      walk(p, real, folderRule(p, options.exclude ?? [], skip));
    } else take(p, real, st);
  }
  // Links, in the order met; following one into a folder may meet more.
  for (let i = 0; i < links.length; i++) {
    const { path: link, rule } = links[i];
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
    if (left(rule, link, isFolder)) continue;
    const before = isFolder ? foldersRead.get(real) : filesTaken.get(real);
    if (before !== undefined) {
      skip(link, `symbolic link to a ${isFolder ? 'folder' : 'file'} already read: ${before}; skipped`);
      continue;
    }
    if (!inRoots(real) && !options.followLinks) {
      skip(link, `symbolic link to ${real}, outside the folders given; skipped (--follow-links reads it)`);
      continue;
    }
    if (isFolder) walk(link, real, rule);
    else take(link, real, st);
  }
  return { files, problems, excluded };
}

/** The exclusions of one folder given: its base and what its globs leave out. */
interface Rule {
  base: string;
  ignored: IgnoreMatcher;
}

/** The folder's `.roundbookignore` globs, then `exclude`; null when there are none. An unreadable file is a problem. */
function folderRule(
  dir: string,
  exclude: readonly string[],
  skip: (path: string, message: string) => void,
): Rule | null {
  const globs: string[] = [];
  const file = join(dir, IGNORE_FILE);
  try {
    globs.push(...ignoreLines(readFileSync(file, 'utf8')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      skip(file, `cannot read: ${(err as Error).message}; not applied`);
  }
  globs.push(...exclude);
  return globs.length ? { base: dir, ignored: ignoreMatcher(globs) } : null;
}
