/**
 * A throw-away PostgreSQL cluster for tests: Debian's `postgresql` binaries
 * (`pg_config --bindir`, else /usr/lib/postgresql/<newest>/bin), a fresh data
 * folder under the system temp folder, trust authentication, listening on
 * 127.0.0.1 at a free port and on a socket in its own folder. PostgreSQL
 * refuses to run as root, so under root the cluster belongs to the `postgres`
 * user the Debian package creates and its commands run through `runuser`.
 * `stop()` and `start()` take it down and up again (a database outage);
 * `destroy()` stops it and removes every file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running throw-away cluster. */
export interface PostgresCluster {
  /** `postgres://roundbook@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown); the data stays. */
  stop(): void;
  /** Starts it again after `stop()`, on the same port. */
  start(): void;
  /** Stops the server and removes its files. */
  destroy(): void;
}

/** The folder of PostgreSQL's server binaries, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates: string[] = [];
  if (fromConfig.status === 0) candidates.push(fromConfig.stdout.trim());
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {}
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

/** Why the tests cannot start a cluster here (for `skip`), or false when they can. */
export function postgresUnavailable(): string | false {
  if (!postgresBinDir()) return 'PostgreSQL is not installed (Debian package postgresql)';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0)
    return 'running as root without a postgres user to run the server as';
  return false;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Initialises and starts a cluster; throws with PostgreSQL's own message when it cannot. */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const root = mkdtempSync(join(tmpdir(), 'roundbook-pg-'));
  const data = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
    chmodSync(root, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: root });
    if (r.status !== 0)
      throw new Error(`${cmd} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim()}`);
  };
  run('initdb', ['-D', data, '-U', 'roundbook', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${root}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=100',
  ].join(' ');
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  let running = true;
  return {
    url: `postgres://roundbook@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      stop();
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        running = false;
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
