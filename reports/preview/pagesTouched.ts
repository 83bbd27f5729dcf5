/**
 * Which pages a change touches, for the live preview: a page file edited,
 * added or removed touches the page of that name (and the navigation when the
 * set of pages changed); the database changing touches every page.
 */

/** What changed since the last build: page files (any path, as the watcher saw them), and whether the database did. */
export interface PreviewChange {
  files: readonly string[];
  database: boolean;
}

/** The pages to build again after a change. */
export interface Touched {
  /** Every page (the database changed, or the first build). */
  all: boolean;
  /** Page file names (`safe.md`) to read and build again; a name no longer chosen is a page removed. */
  names: string[];
  /** Pages were added or removed: the navigation (every page's) changes. */
  setChanged: boolean;
}

/**
 * The pages `change` touches, given the page file each name resolved to
 * before and after it (`choosePageFiles(dirs).chosen`). A name touches when
 * the file it resolves to is another one now (added, removed, an override
 * added or removed) or is one of the changed files. A change to a file no name
 * resolves to (a built-in page you override, a non-page file) touches nothing.
 *
 * @example pagesTouched(before, after, { files: ['my-pages/safe.md'], database: false })
 *   // { all: false, names: ['safe.md'], setChanged: false }
 */
export function pagesTouched(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  change: PreviewChange,
): Touched {
  const changed = new Set(change.files);
  const names = new Set<string>();
  for (const [name, file] of after) if (before.get(name) !== file || changed.has(file)) names.add(name);
  for (const name of before.keys()) if (!after.has(name)) names.add(name);
  const setChanged = before.size !== after.size || [...after.keys()].some((n) => !before.has(n));
  if (change.database) for (const name of after.keys()) names.add(name);
  return { all: change.database, names: [...names].sort(), setChanged };
}
