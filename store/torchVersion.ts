/**
 * A PyTorch version as base + build: `2.9.1a0+git8cfbcc8` is base `2.9.1`,
 * build `git8cfbcc8`; `2.11.0+cu130` is base `2.11.0`, build `cu130`; a plain
 * `2.9.1` has no build. A question about 2.9.1 matches every build of 2.9.1.
 * Pre-release tags (`a0`, `rc1`) belong to how a build was made, not to the
 * base it reports. Git hashes are cut to 7 hex digits, so `8cfbcc883d8f` and
 * `8cfbcc8` name one build. Each function has a SQL twin over a SQL
 * expression (store/torchVersion.test.ts checks they agree).
 */

const BASE = /^v?(\d+\.\d+(?:\.\d+)?)/;
const GIT_BUILD = /\+git([0-9a-f]{7})/i;
const LOCAL = /\+([^\s]+)$/;

/**
 * The base release of a version text, or null when it does not start with one.
 *
 * @example torchBase('2.9.1a0+git8cfbcc8') // '2.9.1'
 */
export function torchBase(version: string | null): string | null {
  if (!version) return null;
  return BASE.exec(version.trim())?.[1] ?? null;
}

/**
 * The build of a version text: `git` + 7 hex digits for a source build, else
 * the local label after `+` (lower case), else null.
 *
 * @example torchBuild('2.9.1a0+git8cfbcc883d8f') // 'git8cfbcc8'
 */
export function torchBuild(version: string | null): string | null {
  if (!version) return null;
  const v = version.trim();
  const git = GIT_BUILD.exec(v);
  if (git) return `git${git[1].toLowerCase()}`;
  return LOCAL.exec(v)?.[1].toLowerCase() ?? null;
}

/** `torchBase` over a SQL expression. */
export function torchBaseSql(expr: string): string {
  return `nullif(regexp_extract(trim(${expr}), '^v?(\\d+\\.\\d+(?:\\.\\d+)?)', 1), '')`;
}

/** `torchBuild` over a SQL expression. */
export function torchBuildSql(expr: string): string {
  return `CASE WHEN regexp_matches(trim(${expr}), '(?i)\\+git[0-9a-f]{7}')
    THEN 'git' || lower(regexp_extract(trim(${expr}), '(?i)\\+git([0-9a-f]{7})', 1))
    ELSE nullif(lower(regexp_extract(trim(${expr}), '\\+([^\\s]+)$', 1)), '') END`;
}
