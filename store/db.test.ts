import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Db } from './db.ts';
import { ensureRawSchema } from './migrate.ts';
import { PARSED_TABLES, RAW_TABLES, SCHEMA_VERSION, SOURCES } from './rawTables.ts';
import { columnsOf } from './tableSpec.ts';
import { RAW_RELATIONS, RAW_VIEWS } from './views.ts';

test('ensureRawSchema creates every raw table and is re-runnable', async () => {
  const db = await Db.open(':memory:');
  try {
    await ensureRawSchema(db);
    await ensureRawSchema(db);
    for (const spec of RAW_TABLES) assert.ok(await db.tableExists(spec.name), spec.name);
    for (const name of RAW_RELATIONS) assert.ok(await db.tableExists(name), name);
    const [meta] = await db.all<{ value: string }>(
      "SELECT value FROM roundbook_meta WHERE key = 'schema_version'",
    );
    assert.equal(meta.value, String(SCHEMA_VERSION));
  } finally {
    db.close();
  }
});

test('the views rounds, attempts, scaling and metrics have the columns and types their specs give', async () => {
  const db = await Db.open(':memory:');
  try {
    await ensureRawSchema(db);
    for (const view of RAW_VIEWS) {
      const shown = await db.describe(`SELECT * FROM ${view.name}`);
      assert.deepEqual(
        shown.map((c) => [c.name, c.type]),
        columnsOf(view),
        view.name,
      );
    }
    // The report-backed views show exactly their report tables' columns.
    for (const name of ['rounds', 'scaling', 'metrics'] as const)
      assert.deepEqual(RAW_VIEWS.find((v) => v.name === name)?.columns, PARSED_TABLES[name].columns);
  } finally {
    db.close();
  }
});

test('a database of another schema version is refused by readers and rebuilt by the ingest, tables that became views included', async () => {
  const db = await Db.open(':memory:');
  try {
    await db.run('CREATE TABLE roundbook_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
    await db.run("INSERT INTO roundbook_meta VALUES ('schema_version', '1')");
    await db.run('CREATE TABLE rounds (round_uid VARCHAR, source_id VARCHAR)');
    await db.run("INSERT INTO rounds VALUES ('old', 'x')");
    // Readers refuse (and change nothing); the ingest rebuilds.
    await assert.rejects(ensureRawSchema(db), /schema 1; this one reads \d+\): run `roundbook ingest`/);
    const [{ old }] = await db.all<{ old: number }>('SELECT count(*) AS old FROM rounds');
    assert.equal(old, 1);
    await ensureRawSchema(db, { rebuild: true });
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM rounds');
    assert.equal(n, 0);
    const [view] = await db.all("SELECT 1 FROM duckdb_views() WHERE view_name = 'rounds'");
    assert.ok(view, 'rounds is a view');
  } finally {
    db.close();
  }
});

test('append writes lists, nulls, dates and timestamps; all() returns plain JSON values', async () => {
  const db = await Db.open(':memory:');
  try {
    await ensureRawSchema(db);
    await db.append(SOURCES, [
      {
        source_id: 'a',
        path: 'x.md',
        kind: 'report',
        bytes: 10,
        ingested_at: '2025-12-23 10:01:00',
        status: 'partial',
        problems: ['line 3: broken table'],
        parser_version: '1',
      },
      {
        source_id: 'b',
        path: 'y.md',
        kind: 'report',
        bytes: 0,
        ingested_at: null,
        status: 'rejected',
        problems: null as unknown as string[], // written as the empty list
        parser_version: '1',
      },
    ]);
    const rows = await db.all(
      'SELECT source_id, bytes, ingested_at, problems FROM sources ORDER BY source_id',
    );
    assert.deepEqual(rows, [
      {
        source_id: 'a',
        bytes: 10,
        ingested_at: '2025-12-23T10:01:00.000Z',
        problems: ['line 3: broken table'],
      },
      { source_id: 'b', bytes: 0, ingested_at: null, problems: [] },
    ]);
  } finally {
    db.close();
  }
});

test('a failed transaction leaves nothing behind', async () => {
  const db = await Db.open(':memory:');
  try {
    await ensureRawSchema(db);
    await assert.rejects(
      db.transaction(async () => {
        await db.run(
          "INSERT INTO claims (source_id, line, text, subject, stance) VALUES ('s', 1, 't', NULL, 'safe')",
        );
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await db.all('SELECT count(*) AS n FROM claims');
    assert.deepEqual(rows, [{ n: 0 }]);
  } finally {
    db.close();
  }
});

test('a failed COMMIT is reported as itself, not as the ROLLBACK after it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-db-commit-'));
  const db = await Db.open(join(dir, 'x.duckdb'));
  try {
    await db.run('CREATE TABLE t (n INTEGER)');
    await db.run('CHECKPOINT'); // the WAL is gone; the next commit creates it
    mkdirSync(join(dir, 'x.duckdb.wal')); // … and cannot: a folder is in its place
    await assert.rejects(
      db.transaction(() => db.run('INSERT INTO t VALUES (1)')),
      (err: Error) => {
        assert.match(err.message, /Failed to commit: .*x\.duckdb\.wal.*Is a directory/);
        assert.doesNotMatch(err.message, /rollback/i);
        return true;
      },
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Mounts a tmpfs of `size` at a new folder; null where mounting is not permitted here. */
function tinyDisk(size: string): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'rb-db-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills `dir` with 4 KB files until the disk is full; returns their paths. */
function fill(dir: string): string[] {
  const files: string[] = [];
  const page = Buffer.alloc(4096, 1);
  for (;;) {
    const file = join(dir, `fill-${files.length}`);
    try {
      writeFileSync(file, page);
    } catch {
      rmSync(file, { force: true });
      return files;
    }
    files.push(file);
  }
}

test('a new database that cannot be written is removed with its WAL; the error names the file and the cause', async (t) => {
  const disk = tinyDisk('1m');
  if (!disk) {
    t.skip('mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN)');
    return;
  }
  try {
    const path = join(disk.dir, 'new.duckdb');
    const filler = fill(disk.dir);
    // A full disk, then room for one and for two of the header's three 4 KB blocks.
    for (const free of [0, 1, 2]) {
      if (free > 0) unlinkSync(filler.pop()!); // one more block free than the last time
      await assert.rejects(Db.open(path), (err: Error) => {
        assert.ok(err.message.includes(path), `names the file: ${err.message}`);
        assert.match(err.message, /No space left on device/);
        return true;
      });
      assert.deepEqual(
        readdirSync(disk.dir).filter((f) => !f.startsWith('fill-')),
        [],
        `nothing left behind with ${free} blocks free`,
      );
    }
    for (const file of filler) unlinkSync(file);
    const db = await Db.open(path);
    try {
      await ensureRawSchema(db);
      assert.ok(await db.tableExists('sources'));
    } finally {
      db.close();
    }
  } finally {
    disk.unmount();
  }
});

test('ensureRawSchema writes nothing to a database of this schema (a reader opens it read-only), and makes a changed view again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-schema-'));
  const path = join(dir, 'rb.duckdb');
  try {
    const db = await Db.open(path);
    await ensureRawSchema(db);
    db.close();
    const reader = await Db.open(path, { readOnly: true });
    try {
      await ensureRawSchema(reader); // a CREATE here would fail: the database is read-only
    } finally {
      reader.close();
    }
    const writer = await Db.open(path);
    try {
      await writer.run("UPDATE roundbook_meta SET value = 'older views' WHERE key = 'raw_views'");
      await writer.run(`CREATE OR REPLACE VIEW ${RAW_VIEWS[0].name} AS SELECT 1 AS stale`);
      await ensureRawSchema(writer);
      const cols = await writer.all<{ name: string }>(
        `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = '${RAW_VIEWS[0].name}'`,
      );
      assert.ok(!cols.some((c) => c.name === 'stale'), 'the view was made again from this code');
    } finally {
      writer.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
