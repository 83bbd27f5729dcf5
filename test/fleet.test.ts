/**
 * Fleet mode on a real PostgreSQL started here (test/postgresCluster.ts): four
 * host processes (`roundbook run … --fleet`) share one campaign of the demo
 * workload. Every planned round is run exactly once; hosts killed with
 * SIGKILL mid-round have their rounds finished by the others, none lost or
 * counted twice; a database stopped for 5 s mid-campaign is ridden out; the
 * stop rule over all hosts stops every host; ingesting the fleet database and
 * the hosts' logs gives the same tables. Skips, saying why, where PostgreSQL
 * is not installed.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { type PostgresCluster, postgresUnavailable, startPostgres } from './postgresCluster.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/roundbook.js');
const skip = postgresUnavailable();

/** A campaign of the demo workload in a fresh folder; `extra` is YAML appended. */
function campaignFile(dir: string, name: string, body: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `campaign: ${name}
command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(join(root, 'workloads/demo.mjs'))}]
cwd: ${JSON.stringify(dir)}
timeout: 30s
order: randomized
retry: { attempts: 1 }
pass: { exit_code: 0, must_contain: [ALL CLAIMS VERIFIED] }
${body}`,
  );
  return path;
}

/** The body of a campaign of two configurations, `a` (native) and `b` (fix), crashing at the rates given. */
function twoConfigs(work: number, rateA: number, rateB: number, rounds: number): string {
  return `env: { DEMO_WORK: "${work}" }
configs:
  a: { env: { DEMO_CRASH_RATE: "${rateA}" }, labels: { fix_variant: native, threads: 8 } }
  b: { env: { DEMO_CRASH_RATE: "${rateB}" }, labels: { fix_variant: fix, threads: 8 } }
rounds: ${rounds}
`;
}

/** Host processes still running: a failed test must not leave them retrying forever (the suite would not end). */
const running = new Set<ChildProcess>();

interface Host {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A host process: `--fleet env` with ROUNDBOOK_FLEET_URL set to `url` (or `fleet` given, e.g. `@FILE`). */
function startHost(
  name: string,
  file: string,
  logs: string,
  url: string,
  lease = 3,
  fleet = 'env',
  env: NodeJS.ProcessEnv = {},
): Host {
  const child = spawn(
    process.execPath,
    [bin, 'run', file, '--fleet', fleet, '--host', name, '--logs', logs, '--lease', String(lease)],
    { env: { ...process.env, ROUNDBOOK_FLEET_URL: url, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  running.add(child);
  child.on('exit', () => running.delete(child));
  return { name, child, output: () => out, exited };
}

/** Every event of every log of the campaign folder, with its file. */
function logEvents(dir: string): { file: string; line: string; e: Record<string, unknown> }[] {
  const out: { file: string; line: string; e: Record<string, unknown> }[] = [];
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
      if (line.trim()) out.push({ file: f, line, e: JSON.parse(line) });
  return out;
}

/** The (config, round) of every `round` event, counted. */
function roundCounts(dir: string): Map<string, number> {
  const n = new Map<string, number>();
  for (const { e } of logEvents(dir))
    if (e.type === 'round') n.set(`${e.config}/${e.round}`, (n.get(`${e.config}/${e.round}`) ?? 0) + 1);
  return n;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

/** The log lines the fleet database holds per run, in order. */
async function fleetLines(url: string): Promise<Map<string, string[]>> {
  const rows = await query<{ run: string; line: string }>(
    url,
    'SELECT run, line FROM roundbook.events ORDER BY run, seq',
  );
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.run, [...(m.get(r.run) ?? []), r.line]);
  return m;
}

function fileLines(dir: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')))
    m.set(
      f.replace(/\.jsonl$/, ''),
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim()),
    );
  return m;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fleet mode on PostgreSQL', { skip, timeout: 600_000 }, () => {
  let pgc: PostgresCluster;
  let work: string;
  before(async () => {
    pgc = await startPostgres();
    work = mkdtempSync(join(tmpdir(), 'roundbook-fleet-'));
  });
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });
  after(() => pgc?.destroy());

  it('4 hosts run every planned round exactly once; the fleet ingests as the logs do', async () => {
    const file = campaignFile(work, 'fleet-once', twoConfigs(5, 0.2, 0, 12));
    const logs = join(work, 'logs-once');
    const hosts = ['h1', 'h2', 'h3', 'h4'].map((h) => startHost(h, file, logs, pgc.url));
    const codes = await Promise.all(hosts.map((h) => h.exited));
    assert.deepEqual(codes, [0, 0, 0, 0], hosts.map((h) => h.output()).join('\n---\n'));
    const dir = join(logs, 'fleet-once');
    const counts = roundCounts(dir);
    assert.equal(counts.size, 24, 'every planned (config, round) has a round event');
    assert.ok(
      [...counts.values()].every((n) => n === 1),
      'no round run twice',
    );
    const slots = await query<{ state: string; claims: number }>(
      pgc.url,
      'SELECT state, claims FROM roundbook.slots',
    );
    assert.equal(slots.length, 24);
    assert.ok(slots.every((s) => s.state === 'done' && s.claims === 1));
    const hostsSeen = new Set(
      logEvents(dir)
        .filter((x) => x.e.type === 'round')
        .map((x) => x.e.host),
    );
    assert.ok(hostsSeen.size >= 2, `rounds spread over hosts: ${[...hostsSeen]}`);
    // The database holds each host's log byte for byte; the connection string is in no log.
    assert.deepEqual(await fleetLines(pgc.url), fileLines(dir));
    for (const { line } of logEvents(dir))
      assert.ok(!line.includes('postgres://') && !line.includes(`:${pgc.port}`));
    // `fleet status` sees the campaign whole: every round done, every host ended, nothing leased.
    const status = spawnSync(process.execPath, [bin, 'fleet', 'status', 'env', file, '--json'], {
      env: { ...process.env, ROUNDBOOK_FLEET_URL: pgc.url },
      encoding: 'utf8',
    });
    assert.equal(status.status, 0, status.stderr);
    const st = JSON.parse(status.stdout);
    assert.equal(st.campaign.name, 'fleet-once');
    assert.deepEqual(
      st.configs.map((c: { config: string; done: number; queued: number }) => [c.config, c.done, c.queued]),
      [
        ['a', 12, 0],
        ['b', 12, 0],
      ],
    );
    assert.equal(st.hosts.length, 4);
    assert.ok(st.hosts.every((h: { ended_at: string | null }) => h.ended_at));
    assert.deepEqual(st.leases, []);
    const table = spawnSync(process.execPath, [bin, 'fleet', 'status', 'env', 'fleet-once'], {
      env: { ...process.env, ROUNDBOOK_FLEET_URL: pgc.url },
      encoding: 'utf8',
    });
    assert.match(
      table.stdout,
      /campaign fleet-once \([0-9a-f]{12}\): 24 of 24 planned rounds done, 0 of 4 hosts running/,
    );
    // Ingesting the fleet and the hosts' logs (their .jsonl files: the folders also hold each run's session report)
    // gives identical tables, raw and derived: sources are named by their bytes' hash; only where each file was
    // read from and when differ.
    const dbA = await Db.open(join(work, 'from-logs.duckdb'));
    await ingestPaths(
      dbA,
      readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => join(dir, f)),
    );
    await analyze(dbA);
    const dbBPath = join(work, 'b', 'from-fleet.duckdb');
    for (const args of [['ingest', pgc.url], ['analyze']]) {
      const r = spawnSync(process.execPath, [bin, ...args, '--db', dbBPath], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    const dbB = await Db.open(dbBPath);
    try {
      const tables = await dbA.all<{ name: string }>(
        `SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal
         UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY name`,
      );
      assert.ok(tables.length > 20);
      const WHERE_OR_WHEN = new Set(['path', 'ingested_at', 'mtime_ms', 'source_path']);
      // Where a file was read from also shows inside texts that cite it (`path:line`): the folder is blanked.
      const folders = [dir, join(work, 'b', 'fleet', 'fleet-once')];
      const rows = async (db: Db, table: string) => {
        const all = await db.all<Record<string, unknown>>(`SELECT * FROM "${table}"`);
        return all
          .map((r) =>
            folders.reduce(
              (text, folder) => text.replaceAll(folder, '<folder>'),
              JSON.stringify(Object.entries(r).filter(([k]) => !WHERE_OR_WHEN.has(k))),
            ),
          )
          .sort();
      };
      for (const { name } of tables) assert.deepEqual(await rows(dbB, name), await rows(dbA, name), name);
      assert.ok((await rows(dbA, 'rounds')).length === 24);
      const hostCol = await dbB.all<{ n: number }>('SELECT count(DISTINCT host)::INT AS n FROM rounds');
      assert.ok(hostCol[0].n >= 2, 'rounds carry their host');
    } finally {
      dbA.close();
      dbB.close();
    }
  });

  it('hosts killed with SIGKILL mid-round: others finish their rounds, none lost or counted twice', async () => {
    const file = campaignFile(work, 'fleet-kill', twoConfigs(300, 0, 0, 14));
    const logs = join(work, 'logs-kill');
    const dir = join(logs, 'fleet-kill');
    const hosts = ['k1', 'k2', 'k3', 'k4'].map((h) => startHost(h, file, logs, pgc.url, 2));
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const killed: string[] = [];
    for (const victim of [hosts[0], hosts[1]]) {
      await sleep(800 + random() * 2500);
      // Mid-round: wait until the victim's last log line is an attempt it started.
      for (let i = 0; i < 500; i++) {
        let last = '';
        try {
          const f = readdirSync(dir).find((x) => x.startsWith(`${victim.name}-`) && x.endsWith('.jsonl'));
          last = f ? (readFileSync(join(dir, f), 'utf8').trim().split('\n').at(-1) ?? '') : '';
        } catch {}
        if (last.includes('"type":"attempt_start"')) break;
        await sleep(20);
      }
      // …and its start has reached the fleet database (sent once the attempt has run 100 ms).
      for (let i = 0; i < 200; i++) {
        const last = await query<{ line: string }>(
          pgc.url,
          `SELECT line FROM roundbook.events WHERE run LIKE '${victim.name}-%' ORDER BY seq DESC LIMIT 1`,
        );
        if (last[0]?.line.includes('"type":"attempt_start"')) break;
        await sleep(20);
      }
      victim.child.kill('SIGKILL');
      killed.push(victim.name);
    }
    const codes = await Promise.all(hosts.map((h) => h.exited));
    assert.deepEqual(codes.slice(2), [0, 0], hosts.map((h) => h.output()).join('\n---\n'));
    const counts = roundCounts(dir);
    assert.equal(counts.size, 28, 'every planned round completed by someone');
    assert.ok(
      [...counts.values()].every((n) => n === 1),
      'no round counted twice',
    );
    const tallies = await query<{ rounds: number }>(
      pgc.url,
      `SELECT t.rounds FROM roundbook.tallies t JOIN roundbook.campaigns c USING (campaign_hash) WHERE c.name = 'fleet-kill'`,
    );
    assert.deepEqual(
      tallies.map((t) => t.rounds),
      [14, 14],
    );
    const taken = await query<{ host: string; taken_over_by: string }>(
      pgc.url,
      `SELECT i.host, i.taken_over_by FROM roundbook.interruptions i JOIN roundbook.campaigns c USING (campaign_hash) WHERE c.name = 'fleet-kill'`,
    );
    assert.deepEqual(
      [...new Set(taken.map((t) => t.host))].sort(),
      killed.sort(),
      'each killed host had a round taken over',
    );
    // (The second victim may itself have taken over the first's round before it was killed.)
    // The attempt a killed host had in flight — its start in the fleet database, its end not (what the host
    // taking the round over sees) — is recorded interrupted by that host, and counted nowhere. A kill just after an
    // attempt ended leaves that attempt in the dead host's log, and no round: the round is run again, once.
    const fleetLinesNow = await fleetLines(pgc.url);
    const inFlight = [...fleetLinesNow]
      .filter(([run]) => killed.some((k) => run.startsWith(`${k}-`)))
      .filter(([, lines]) => (lines.at(-1) ?? '').includes('"type":"attempt_start"'))
      .map(([run]) => run);
    assert.ok(inFlight.length >= 1, 'at least one kill landed mid-attempt');
    const interrupted = logEvents(dir).filter((x) => x.e.type === 'attempt' && x.e.outcome === 'interrupted');
    assert.deepEqual(interrupted.map((x) => String(x.e.round_uid).split('/')[1]).sort(), inFlight.sort());
  });

  it('a database stopped for 5 s mid-campaign: every host carries on and reconciles', async () => {
    const file = campaignFile(work, 'fleet-outage', twoConfigs(40, 0.1, 0, 20));
    const logs = join(work, 'logs-outage');
    const dir = join(logs, 'fleet-outage');
    const hosts = ['o1', 'o2', 'o3', 'o4'].map((h) => startHost(h, file, logs, pgc.url, 15));
    // Wait for rounds to flow, then take the database down for 5 s.
    for (let i = 0; i < 300; i++) {
      const rounds = (() => {
        try {
          return logEvents(dir).filter((x) => x.e.type === 'round').length;
        } catch {
          return 0;
        }
      })();
      if (rounds >= 4) break;
      await sleep(50);
    }
    pgc.stop();
    // Attempts ended, not rounds: a round's own line waits for the fleet to count it.
    const endedAtStop = logEvents(dir).filter((x) => x.e.type === 'attempt').length;
    await sleep(5000);
    const endedDuringOutage = logEvents(dir).filter((x) => x.e.type === 'attempt').length - endedAtStop;
    pgc.start();
    const codes = await Promise.all(hosts.map((h) => h.exited));
    assert.deepEqual(codes, [0, 0, 0, 0], hosts.map((h) => h.output()).join('\n---\n'));
    assert.ok(endedDuringOutage >= 1, 'the hosts ran on the rounds they held while the database was down');
    assert.ok(
      hosts.some((h) => /fleet database unreachable/.test(h.output())),
      'a host said the database was out of reach',
    );
    const counts = roundCounts(dir);
    assert.equal(counts.size, 40);
    assert.ok([...counts.values()].every((n) => n === 1));
    const lines = await fleetLines(pgc.url);
    for (const [run, ls] of fileLines(dir)) assert.deepEqual(lines.get(run), ls, `${run} reconciled`);
  });

  it('the stop rule over all hosts stops every host, the decision recorded once', async () => {
    const file = campaignFile(
      work,
      'fleet-stop',
      `env: { DEMO_WORK: "5" }
configs:
  bad: { env: { DEMO_CRASH_RATE: "0.9" }, labels: { fix_variant: native, threads: 8, workload: "x'); DROP TABLE roundbook.slots; --" } }
rounds: 200
stop: { rule: always-valid, threshold: 0.01, confidence: 0.95, min_rounds: 1 }
`,
    );
    const logs = join(work, 'logs-stop');
    const dir = join(logs, 'fleet-stop');
    const hosts = ['s1', 's2', 's3', 's4'].map((h) => startHost(h, file, logs, pgc.url));
    const codes = await Promise.all(hosts.map((h) => h.exited));
    assert.deepEqual(codes, [0, 0, 0, 0], hosts.map((h) => h.output()).join('\n---\n'));
    // A label written like SQL (in every log line sent) is a value to the database, never SQL.
    assert.ok((await query(pgc.url, 'SELECT 1 FROM roundbook.slots LIMIT 1')).length === 1);
    const stops = logEvents(dir).filter((x) => x.e.type === 'stop');
    assert.equal(stops.length, 1, 'the decision is recorded once');
    assert.equal(stops[0].e.decision, 'unsafe');
    const rounds = logEvents(dir).filter((x) => x.e.type === 'round').length;
    assert.ok(rounds < 40, `stopped early: ${rounds} rounds of 200`);
    const slots = await query<{ state: string; n: number }>(
      pgc.url,
      `SELECT state, count(*)::int AS n FROM roundbook.slots s JOIN roundbook.campaigns c USING (campaign_hash) WHERE c.name = 'fleet-stop' GROUP BY 1`,
    );
    const by = Object.fromEntries(slots.map((s) => [s.state, s.n]));
    assert.equal(by.done, rounds);
    assert.equal(by.cancelled, 200 - rounds);
    for (const h of hosts) assert.match(h.output(), /stopped by the sequential rule|all planned rounds done/);
  });

  it('a role that owns only schema roundbook is enough, and sees nothing else', async () => {
    await query(pgc.url, 'DROP DATABASE IF EXISTS fleet_only');
    await query(pgc.url, 'CREATE DATABASE fleet_only');
    const admin = pgc.url.replace(/\/postgres$/, '/fleet_only');
    await query(admin, "CREATE ROLE fleet_host LOGIN PASSWORD 'pw'");
    await query(admin, 'CREATE SCHEMA roundbook AUTHORIZATION fleet_host');
    await query(admin, 'CREATE TABLE public.secrets (x int)');
    const url = admin.replace('roundbook@', 'fleet_host@');
    const file = campaignFile(
      work,
      'fleet-role',
      `env: { DEMO_WORK: "5" }
configs:
  a: { env: { DEMO_CRASH_RATE: "0" }, labels: { fix_variant: native, threads: 8 } }
rounds: 3
`,
    );
    const urlFile = join(work, 'fleet-url');
    writeFileSync(urlFile, `${url}\n`);
    const logs = join(work, 'logs-role');
    const host = startHost('r1', file, logs, '', 3, `@${urlFile}`, { PGPASSWORD: 'pw' });
    const out = host.output;
    assert.equal(await host.exited, 0, out());
    assert.equal(roundCounts(join(logs, 'fleet-role')).size, 3);
    assert.doesNotMatch(out(), /pw@|:pw/, 'the password is never printed');
    await assert.rejects(
      query(url.replace('fleet_host@', 'fleet_host:pw@'), 'SELECT * FROM public.secrets'),
      /permission denied/,
    );
  });

  it('a host killed after its attempt ended but before the fleet counted its round: the round is run again and counted once', async () => {
    const file = campaignFile(work, 'fleet-window', twoConfigs(600, 0, 0, 2));
    const logs = join(work, 'logs-window');
    const dir = join(logs, 'fleet-window');
    const lastLine = (host: string) => {
      try {
        const f = readdirSync(dir).find((x) => x.startsWith(`${host}-`) && x.endsWith('.jsonl'));
        return f ? (readFileSync(join(dir, f), 'utf8').trim().split('\n').at(-1) ?? '') : '';
      } catch {
        return '';
      }
    };
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 1000 && !ok(); i++) await sleep(10);
      assert.ok(ok());
    };
    const w1 = startHost('w1', file, logs, pgc.url, 2);
    // Mid-attempt (attempts of ~2 s here, so the stop lands inside one), the database goes down: the attempt
    // ends, its host cannot have the round counted…
    await until(() => lastLine('w1').includes('"type":"attempt_start"'));
    pgc.stop();
    await until(() => lastLine('w1').includes('"type":"attempt"'));
    // …and dies there.
    w1.child.kill('SIGKILL');
    await w1.exited;
    pgc.start();
    const w2 = startHost('w2', file, logs, pgc.url, 2);
    assert.equal(await w2.exited, 0, w2.output());
    const counts = roundCounts(dir);
    assert.equal(counts.size, 4, 'every planned round completed');
    assert.ok(
      [...counts.values()].every((n) => n === 1),
      'none counted twice',
    );
    // The dead host's finished attempt stays in its log, a round-less attempt; ingested, that attempt is one row.
    const db = await Db.open(':memory:');
    try {
      await ingestPaths(
        db,
        readdirSync(dir)
          .filter((f) => f.endsWith('.jsonl'))
          .map((f) => join(dir, f)),
      );
      const [r] = await db.all<{ rounds: number; dup: number }>(
        `SELECT (SELECT count(*)::INT FROM rounds) AS rounds,
                (SELECT count(*)::INT FROM (SELECT round_uid, attempt_no FROM attempts GROUP BY ALL HAVING count(*) > 1)) AS dup`,
      );
      assert.deepEqual(r, { rounds: 4, dup: 0 });
    } finally {
      db.close();
    }
  });
});
