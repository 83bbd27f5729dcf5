/**
 * The database a reader opens: it must already exist. A mistyped `--db` is an
 * error naming the path and how to make one, never a new empty database that
 * answers NO_EVIDENCE with exit 0. Only `ingest` and `build` create one.
 */
import { existsSync } from 'node:fs';
import { Db } from '../store/db.ts';
import { CliError } from './args.ts';
import { terminalText } from './terminalText.ts';

/** The message for a `--db` that does not exist: the path, and the commands that make a database. */
export function noDatabaseMessage(path: string): string {
  return (
    `${terminalText(path)}: no such database. Make one with \`roundbook ingest DIR\` ` +
    '(read reports, round logs and crash reports) or `roundbook build` (the whole job), or pass --db FILE'
  );
}

/**
 * Opens `path` for a command that reads, failing (exit 1) when it does not exist.
 *
 * `readOnly`: opened for reading only (see `Db.open`).
 *
 * @example const db = await openExistingDb('data/roundbook.duckdb')
 */
export async function openExistingDb(path: string, options: { readOnly?: boolean } = {}): Promise<Db> {
  if (path !== ':memory:' && !existsSync(path)) throw new CliError(noDatabaseMessage(path), 1);
  return Db.open(path, options);
}
