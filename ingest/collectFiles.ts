import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Expands files and folders (recursively, sorted, hidden entries and
 * node_modules skipped) into the files the ingester reads. A folder
 * contributes only files with an ingested extension; a file named explicitly
 * is always taken. Missing paths become problems, not exceptions.
 */
export function collectFiles(paths: readonly string[]): {
  files: FoundFile[];
  problems: FileProblem[];
} {
  const files: FoundFile[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, st: { size: number; mtimeMs: number }) => {
    if (seen.has(path)) return;
    seen.add(path);
    files.push({ path, bytes: st.size, mtimeMs: st.mtimeMs });
  };
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      problems.push({ path: dir, line: null, message: `cannot read folder: ${(err as Error).message}` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(dir, name);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && hasIngestedExtension(name)) add(path, st);
    }
  };
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      problems.push({ path: p, line: null, message: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else add(p, st);
  }
  return { files, problems };
}
