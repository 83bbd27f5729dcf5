/**
 * The preview's own copy of the database, so that it never holds the user's
 * file while it builds: an ingest or analyze started at any time finds the
 * file free, but for the milliseconds a copy takes. The copy is made under a
 * read-only open of the file (DuckDB's shared lock: no writer can change it
 * meanwhile), again only when the file (or its `.wal`) changed, into a temp
 * folder removed by `dispose`.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../store/db.ts';

/** The file's identity and state: inode, size and change time of the database and its WAL. */
function signature(path: string): string {
  return [path, `${path}.wal`]
    .map((f) => {
      try {
        const s = statSync(f);
        return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
      } catch {
        return '-';
      }
    })
    .join(' ');
}

/**
 * A read-only copy of the database at `path`, refreshed when the file changed.
 *
 * @example
 *   const snap = new DbSnapshot('data/roundbook.duckdb', () => openExistingDb(path, { readOnly: true }));
 *   const db = await snap.open(); …; db.close(); snap.dispose();
 */
export class DbSnapshot {
  private dir: string | undefined;
  private copied: string | undefined;
  private copies = 0;

  /** `openOriginal` opens the file at `path` read-only (and fails when it does not exist). */
  constructor(
    private readonly path: string,
    private readonly openOriginal: () => Promise<Db>,
  ) {}

  /** Opens the copy read-only, copying the file again first when it changed. */
  async open(): Promise<Db> {
    if (this.copied === undefined || signature(this.path) !== this.copied) await this.refresh();
    return Db.open(this.copyPath(), { readOnly: true });
  }

  /** How many copies were made (the first one included). */
  get copyCount(): number {
    return this.copies;
  }

  /** Removes the copy. */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.copied = undefined;
  }

  private copyPath(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'roundbook-preview-'));
    return join(this.dir, 'snapshot.duckdb');
  }

  private async refresh(): Promise<void> {
    const lock = await this.openOriginal();
    try {
      const to = this.copyPath();
      const sig = signature(this.path);
      rmSync(`${to}.wal`, { force: true });
      copyFileSync(this.path, to);
      if (existsSync(`${this.path}.wal`)) copyFileSync(`${this.path}.wal`, `${to}.wal`);
      this.copied = sig;
      this.copies++;
    } finally {
      lock.close();
    }
  }
}
