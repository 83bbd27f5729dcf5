/**
 * Where the fleet's database is: a connection string given as `--fleet`
 * (`postgres://…`), read from a file (`--fleet @FILE`, first line) or from an
 * environment variable (`--fleet env:NAME`, or `env` for
 * `ROUNDBOOK_FLEET_URL`). A password belongs in the file, the environment,
 * `PGPASSWORD` or `~/.pgpass`; the string is never written to a log, and what
 * is printed has its password masked (`redactUrl`).
 */
import { readFileSync } from 'node:fs';

/** The default environment variable for `--fleet env`. */
export const FLEET_URL_ENV = 'ROUNDBOOK_FLEET_URL';

/** True when `text` is a PostgreSQL connection URL. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/**
 * The connection string `spec` names. Throws a message naming the file or
 * variable when it cannot be read or is not a postgres:// URL.
 *
 * @example resolveFleetUrl('env', { ROUNDBOOK_FLEET_URL: 'postgres://h/db' }) // 'postgres://h/db'
 */
export function resolveFleetUrl(spec: string, env: NodeJS.ProcessEnv = process.env): string {
  let url: string;
  let from: string;
  if (spec.startsWith('@')) {
    from = `the first line of ${spec.slice(1)}`;
    try {
      url = readFileSync(spec.slice(1), 'utf8').split(/\r?\n/)[0].trim();
    } catch (err) {
      throw new Error(`--fleet: cannot read ${spec.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
  } else if (spec === 'env' || spec.startsWith('env:')) {
    const name = spec === 'env' ? FLEET_URL_ENV : spec.slice(4);
    from = `the environment variable ${name}`;
    url = (env[name] ?? '').trim();
    if (!url) throw new Error(`--fleet: environment variable ${name} is not set`);
  } else {
    from = redactUrl(spec.trim());
    url = spec.trim();
  }
  if (!isPostgresUrl(url))
    throw new Error(
      `--fleet: ${from} is not a postgres:// connection string (give postgres://…, @FILE or env:NAME)`,
    );
  return url;
}

/**
 * The URL with its password (if any) replaced by `***`, for messages.
 *
 * @example redactUrl('postgres://u:secret@h/db') // 'postgres://u:***@h/db'
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}
