/**
 * `roundbook --version`: the version in the project's package.json, found by
 * walking up from this module (so it holds from source and from compiled JavaScript).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's name and version, e.g. "roundbook 0.1.0".
 *
 * @example versionText() // 'roundbook 0.1.0'
 */
export function versionText(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'roundbook') return `roundbook ${pkg.version ?? 'unknown'}`;
    }
    const up = dirname(dir);
    if (up === dir) return 'roundbook (version unknown)';
    dir = up;
  }
}
