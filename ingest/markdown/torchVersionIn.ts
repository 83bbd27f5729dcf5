/**
 * Reading a PyTorch version out of report text, written so that
 * store/torchVersion.ts splits it right (base + build):
 *
 * | written | read as | base / build |
 * |---|---|---|
 * | `2.9.1a0+git8cfbcc8` | `2.9.1a0+git8cfbcc8` | 2.9.1 / git8cfbcc8 |
 * | `2.9.1 (git 8cfbcc8)` | `2.9.1+git8cfbcc8` | 2.9.1 / git8cfbcc8 (the same build) |
 * | `2.9.1+`, "2.9.1 or newer" | `2.9.1` | 2.9.1 / none |
 * | `v2.9.1`, `2.9.1` | `2.9.1` | 2.9.1 / none |
 * | `2.11.0+cu130` | `2.11.0+cu130` | 2.11.0 / cu130 |
 *
 * Which statement names the torch that ran is decided by its key
 * ({@link torchKeyRole}): `Installed torch` / `Imported torch` beat a plain
 * `PyTorch` key; `Fork HEAD`, `Base`, `Upstream` name a source tree or a patch
 * base, never the running build. In prose ({@link torchInProse}) a version is
 * read only after the word PyTorch/torch and never in a patch context
 * (`PyTorch v2.9.1` as the base a patch applies to).
 */

const VERSION =
  /(?<![\w.])v?(\d+\.\d+\.\d+)((?:a|b|rc|dev)\d*)?(?:(\+git[0-9a-f]{7,40}\b|\+[a-z][\w.]*[a-z0-9]\b)|\s*\(\s*git\s*([0-9a-f]{7,40})\s*\)|(\+)(?![\w]))?(?![\w])/i;

/**
 * The PyTorch version in a value, normalised (see the module table), or null.
 *
 * @example torchVersionIn('2.9.1a0+git8cfbcc8 (imports from pytorch-mps-fork)') // '2.9.1a0+git8cfbcc8'
 * @example torchVersionIn('2.9.1 (git 8cfbcc8)') // '2.9.1+git8cfbcc8'
 * @example torchVersionIn('PyTorch 2.9.1+ (native MPS threading)') // '2.9.1'
 * @example torchVersionIn('gita70bebb (2 commits behind HEAD)') // null
 */
export function torchVersionIn(text: string): string | null {
  if (!text) return null;
  const m = VERSION.exec(text);
  if (!m) return null;
  const [, base, pre, local, git] = m;
  if (git) return `${base}+git${git.toLowerCase()}`;
  if (local) return `${base}${pre ?? ''}${local}`;
  return base;
}

/**
 * What a key/value key says about the version beside it: `installed` (the
 * build that was imported and ran: `Installed torch`, `Imported torch`,
 * `torch` with "imported"), `stated` (a plain `PyTorch`, `PyTorch Version`,
 * `Torch`), `not_running` (a source tree or patch base: `Fork HEAD`, `Base`,
 * `Upstream`, `Patch`), or null when the key is not about torch.
 *
 * @example torchKeyRole('installed torch') // 'installed'
 * @example torchKeyRole('pytorch-mps-fork head') // 'not_running'
 * @example torchKeyRole('pytorch version') // 'stated'
 */
export function torchKeyRole(key: string): 'installed' | 'stated' | 'not_running' | null {
  if (/\b(?:head|base|upstream|patch|branch|fork|built|build target|target|baseline)\b/.test(key))
    return 'not_running';
  if (/^(?:installed|imported|running|loaded|active)\s+(?:py)?torch(?:\s+version)?$/.test(key))
    return 'installed';
  if (/^(?:py)?torch(?:\s+version)?$/.test(key)) return 'stated';
  return null;
}

/**
 * A PyTorch version stated in prose or a bullet without a key ("native
 * PyTorch 2.9.1", "- PyTorch 2.9.1+ (native MPS threading)", "Platform: …,
 * PyTorch 2.9.1a0+git10e734a"): only right after the word PyTorch/torch, and
 * never on a line about a patch, an upstream base or a fork head.
 *
 * @example torchInProse('Verified native PyTorch 2.9.1 MPS threading stability.') // '2.9.1'
 * @example torchInProse('cumulative patch against PyTorch v2.9.1') // null
 */
export function torchInProse(text: string): string | null {
  if (!text || !/torch/i.test(text)) return null;
  if (/\bpatch|\bupstream\b|\bbase\b|\bhead\b|\bbranch\b|\brebase/i.test(text)) return null;
  const m =
    /\b(?:py)?torch\b\s*(?:version\s*)?[:=]?\s*`?(v?\d+\.\d+\.\d+[^\s,;`]*(?:\s*\(\s*git\s*[0-9a-f]{7,40}\s*\))?)/i.exec(
      text,
    );
  return m ? torchVersionIn(m[1]) : null;
}
