/**
 * Finds and parses page files. Directories are given in rising priority (the
 * built-in pages first, then the project's `pages/`, then `--pages DIR`): a
 * page in a later directory replaces one with the same file name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PageError } from './errors.ts';
import { type Page, parsePage } from './page/parsePage.ts';

/** A page that replaced another of the same file name. */
export interface Override {
  name: string;
  file: string;
  replaced: string;
}

/**
 * Reads every `*.md` file (not recursing) of each existing directory in
 * `dirs`, later directories overriding earlier ones. Missing directories are
 * skipped. Pages come back sorted by front matter `order`, then file name.
 */
export function loadPages(dirs: readonly string[]): {
  pages: Page[];
  errors: PageError[];
  overrides: Override[];
} {
  const chosen = new Map<string, string>();
  const overrides: Override[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.toLowerCase().endsWith('.md') || name.toLowerCase() === 'readme.md') continue;
      const file = join(dir, name);
      const before = chosen.get(name);
      if (before) overrides.push({ name, file, replaced: before });
      chosen.set(name, file);
    }
  }
  const pages: Page[] = [];
  const errors: PageError[] = [];
  for (const file of chosen.values()) {
    const parsed = parsePage(readFileSync(file, 'utf8'), file);
    pages.push(parsed.page);
    errors.push(...parsed.errors);
  }
  pages.sort(
    (a, b) =>
      (a.front.order ?? 100) - (b.front.order ?? 100) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  );
  return { pages, errors, overrides };
}
