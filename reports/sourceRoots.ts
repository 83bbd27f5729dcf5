/**
 * The folders a published site shows cited paths relative to, found from the
 * paths the database ingested: the project folder (the working directory) for
 * the files under it, the git work tree of a file outside it (so that a
 * `--link-base` of that repository's blob URL points at the file), and for
 * the rest the deepest folder that holds them all (the folder that was
 * ingested, for one corpus). No absolute machine path is left on the site.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Db } from '../store/db.ts';

/** The paths of every ingested file (none when the database has no `sources` table). */
async function ingestedPaths(db: Db): Promise<string[]> {
  try {
    const rows = await db.all<{ path: string }>(
      'SELECT path FROM sources UNION SELECT path FROM source_paths ORDER BY path',
    );
    return rows.map((r) => r.path);
  } catch {
    return [];
  }
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** The nearest folder at or above `dir` holding `.git`, or undefined. */
function workTree(dir: string, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(dir)) return cache.get(dir);
  const up = dirname(dir);
  const found = existsSync(join(dir, '.git')) ? dir : up === dir ? undefined : workTree(up, cache);
  cache.set(dir, found);
  return found;
}

/** The deepest folder holding every one of `paths` (absolute, resolved). */
export function commonFolder(paths: readonly string[]): string | undefined {
  if (!paths.length) return undefined;
  let parts = dirname(paths[0]).split(sep);
  for (const p of paths.slice(1)) {
    const other = dirname(p).split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/**
 * The roots for `paths` (see the module doc), deepest first, so that the
 * first root holding a path is the one it is shown relative to.
 *
 * @example sourceRootsFor(['/p/data/a.md', '/corpus/r/b.md', '/corpus/c/d.ips'], '/p') // ['/corpus', '/p']
 */
export function sourceRootsFor(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  const rest: string[] = [];
  const cache = new Map<string, string | undefined>();
  for (const raw of paths) {
    const path = resolve(cwd, raw);
    if (inside(cwd, path)) roots.add(cwd);
    else {
      const tree = workTree(dirname(path), cache);
      if (tree) roots.add(tree);
      else rest.push(path);
    }
  }
  const common = commonFolder(rest);
  if (common) roots.add(common);
  return [...roots].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** The roots for every file `db` ingested, seen from `cwd` (default the working directory). */
export async function ingestedRoots(db: Db, cwd: string = process.cwd()): Promise<string[]> {
  return sourceRootsFor(await ingestedPaths(db), cwd);
}
