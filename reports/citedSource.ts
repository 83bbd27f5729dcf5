/**
 * A cited `path:line` as a published page shows it: the path relative to the
 * folder its data was ingested from (not the building machine's absolute
 * path), and, with a link base (`--link-base URL`), a link to that line
 * (`URL/<path>#L<line>`, e.g. a repository's blob at a commit).
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { SiteContext } from './pageTypes.ts';
import { splitSource } from './placeholders.ts';

/** A cited source ready to show: its path (relative when a root holds it), `:line`, and its link if any. */
export interface CitedSource {
  path: string;
  /** `:12`, `:?` or empty. */
  line: string;
  /** Only with a link base and a relative path; URL-encoded path segments. */
  href?: string;
}

/**
 * How `source` (`path:line`) is shown on a site with `site`'s roots and link
 * base. A path under none of the roots is shown as it is, unlinked.
 *
 * @example citedSource('/home/me/proj/reports/a.md:12', {pages: [], sourceRoots: ['/home/me/proj'],
 *   linkBase: 'https://github.com/o/r/blob/abc123'})
 *   // {path: 'reports/a.md', line: ':12', href: 'https://github.com/o/r/blob/abc123/reports/a.md#L12'}
 */
export function citedSource(source: string, site: SiteContext | undefined): CitedSource {
  const [full, line] = splitSource(source);
  const path = relativeToRoots(full, site?.sourceRoots ?? []);
  if (!site?.linkBase || isAbsolute(path) || path.startsWith('..')) return { path, line };
  const base = site.linkBase.replace(/\/+$/, '');
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const anchor = /^:\d+$/.test(line) ? `#L${line.slice(1)}` : '';
  return { path, line, href: `${base}/${encoded}${anchor}` };
}

/** `path` relative to the first root that holds it, with `/` separators; `path` itself when none does. */
export function relativeToRoots(path: string, roots: readonly string[]): string {
  for (const root of roots) {
    const rel = relative(root, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return path;
}

/** Whether `url` may be a link base: an absolute http(s) URL. */
export function isLinkBase(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
