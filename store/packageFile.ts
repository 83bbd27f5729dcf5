/**
 * Files shipped with the package (built-in pages, campaigns, signature rules),
 * named from the package root, so that they resolve the same from the
 * TypeScript sources and from the compiled bundle in `dist/`, whose chunks sit
 * at other depths than the modules they came from.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when this code runs from the compiled bundle (`dist/`), false from the TypeScript sources. */
export const COMPILED: boolean = !import.meta.url.endsWith('.ts');

/** The file the build writes at the top of a compiled bundle (its inputs, for the freshness check). */
export const BUNDLE_MANIFEST = 'roundbook-build.json';

/** The nearest folder above this module that holds `name`. */
function folderAbove(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, name))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no ${name} above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

let root: string | null = null;

/**
 * The package root: the nearest folder above this module holding a
 * `package.json` (the bundle in `dist/` has none of its own).
 */
export function packageRoot(): string {
  root ??= folderAbove('package.json');
  return root;
}

/**
 * Absolute path of a file of the compiled bundle this code runs from (the
 * folder holding its build manifest); only meaningful when `COMPILED`.
 */
export function bundleFile(...parts: string[]): string {
  return join(folderAbove(BUNDLE_MANIFEST), ...parts);
}

/**
 * Absolute path of a file or folder shipped with the package.
 *
 * @example
 * packageFile('reports', 'pages') // → /…/roundbook/reports/pages
 */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
