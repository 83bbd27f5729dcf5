/**
 * Writing a site in place, into a folder that also holds files roundbook did
 * not write (see writeSite.ts): each changed file is written to a hidden
 * temporary name beside it (created exclusively, fsynced) and renamed over the
 * old one, so each page is whole, old or new; files the previous build listed
 * in its manifest and this one does not make are removed; the manifest last.
 * Temporaries a killed build left are removed first.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SiteFs } from './siteFs.ts';
import { MANIFEST_NAME, parseManifest } from './siteManifest.ts';
import { attempt, quietly, type WriteStatus } from './siteWriteSteps.ts';

/** Temporary files of an in-place write: `.<name>.tmp-<8 hex>`. */
export const IN_PLACE_TEMP = /^\..+\.tmp-[0-9a-f]{8}$/;

/**
 * Writes `all` (name → bytes, the manifest among them) into `dir`; returns each
 * file's status and whether anything changed (nothing is written when nothing did).
 */
export function writeSiteInPlace(
  fs: SiteFs,
  dir: string,
  all: ReadonlyMap<string, Buffer>,
): { statuses: Map<string, WriteStatus>; changed: boolean } {
  for (const entry of fs.readdir(dir))
    if (IN_PLACE_TEMP.test(entry) && fs.kind(join(dir, entry)) === 'file')
      quietly(() => fs.unlink(join(dir, entry)));
  const previous = parseManifest(fs.readRegular(join(dir, MANIFEST_NAME)));
  const statuses = new Map<string, WriteStatus>();
  const changed = [...all.keys()].filter((name) => {
    const same = fs.readRegular(join(dir, name))?.equals(all.get(name) as Buffer) ?? false;
    statuses.set(name, same ? 'unchanged' : 'written');
    return !same;
  });
  const stale = Object.keys(previous?.files ?? {}).filter(
    (n) => !all.has(n) && !IN_PLACE_TEMP.test(n) && !n.includes('/'),
  );
  const replace = (name: string) => {
    const tmp = join(dir, `.${name}.tmp-${randomBytes(4).toString('hex')}`);
    try {
      attempt(dir, tmp, () => fs.writeNew(tmp, all.get(name) as Buffer), 'in place');
      attempt(dir, join(dir, name), () => fs.rename(tmp, join(dir, name)), 'in place');
    } catch (err) {
      quietly(() => fs.unlink(tmp));
      throw err;
    }
  };
  for (const name of changed) if (name !== MANIFEST_NAME) replace(name);
  for (const name of stale) {
    const kind = fs.kind(join(dir, name));
    if (kind === 'file' || kind === 'symlink')
      attempt(dir, join(dir, name), () => fs.unlink(join(dir, name)), 'in place');
  }
  if (changed.length || stale.length) {
    if (!changed.includes(MANIFEST_NAME)) statuses.set(MANIFEST_NAME, 'written');
    replace(MANIFEST_NAME);
    quietly(() => fs.syncDir(dir));
  }
  return { statuses, changed: changed.length > 0 || stale.length > 0 };
}
