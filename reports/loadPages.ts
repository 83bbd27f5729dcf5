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
 * The page file each name resolves to: every `*.md` file (not recursing, not
 * `README.md`) of each existing directory in `dirs`, a later directory's file
 * replacing an earlier one of the same name. Missing directories are skipped.
 *
 * @example choosePageFiles([BUILTIN_PAGES_DIR, 'my-pages']).chosen.get('safe.md') // 'my-pages/safe.md'
 */
export function choosePageFiles(dirs: readonly string[]): {
  chosen: Map<string, string>;
  overrides: Override[];
} {
  const chosen = new Map<string, string>();
  const overrides: Override[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!isPageFileName(name)) continue;
      const file = join(dir, name);
      const before = chosen.get(name);
      if (before) overrides.push({ name, file, replaced: before });
      chosen.set(name, file);
    }
  }
  return { chosen, overrides };
}

/** True for a file name that is a page: `*.md`, but not `README.md`. */
export function isPageFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md';
}

/** Sorts pages in navigation order: front matter `order` (default 100), then file name. */
export function sortPages(pages: Page[]): Page[] {
  return pages.sort(
    (a, b) =>
      (a.front.order ?? 100) - (b.front.order ?? 100) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  );
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
  const { chosen, overrides } = choosePageFiles(dirs);
  const pages: Page[] = [];
  const errors: PageError[] = [];
  for (const file of chosen.values()) {
    const parsed = parsePage(readFileSync(file, 'utf8'), file);
    pages.push(parsed.page);
    errors.push(...parsed.errors);
  }
  return { pages: sortPages(pages), errors, overrides };
}
