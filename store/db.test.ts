import assert from 'node:assert/strict';
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
