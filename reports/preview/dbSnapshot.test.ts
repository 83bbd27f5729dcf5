/**
 * The preview reads a copy of the database: made again only when the file
 * changed, opened read-only, never the user's file itself, removed at the end.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Db } from '../../store/db.ts';
import { DbSnapshot } from './dbSnapshot.ts';

test('a snapshot is copied again only after the file changed, and is what the preview opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-snapshot-'));
  const path = join(dir, 'rb.duckdb');
  try {
    const writer = await Db.open(path);
    await writer.run('CREATE TABLE t (x INTEGER)');
    await writer.run('INSERT INTO t VALUES (1)');
    writer.close();
    let originalOpens = 0;
    const snap = new DbSnapshot(path, () => {
      originalOpens++;
      return Db.open(path, { readOnly: true });
    });
    const count = async () => {
      const db = await snap.open();
      try {
        assert.notEqual(db.path, path, 'the copy, not the file');
        await assert.rejects(db.run('INSERT INTO t VALUES (9)'), /read-only/i);
        return (await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t'))[0].n;
      } finally {
        db.close();
      }
    };
    assert.equal(await count(), 1);
    assert.equal(await count(), 1);
    assert.deepEqual([snap.copyCount, originalOpens], [1, 1], 'unchanged file: no new copy');

    const again = await Db.open(path);
    await again.run('INSERT INTO t VALUES (2)');
    again.close();
    assert.equal(await count(), 2);
    assert.equal(snap.copyCount, 2);

    const last = await snap.open();
    const copy = last.path;
    last.close();
    snap.dispose();
    assert.equal(existsSync(dirname(copy)), false, 'the copy is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database that is gone is an error, never a new empty one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-snapshot-'));
  try {
    const path = join(dir, 'missing.duckdb');
    const snap = new DbSnapshot(path, () => Db.open(path, { readOnly: true }));
    await assert.rejects(snap.open(), /no such database/);
    assert.equal(existsSync(path), false);
    snap.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
