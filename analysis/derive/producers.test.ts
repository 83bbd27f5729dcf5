/**
 * The registry of derived tables and the schema read the same list: a
 * producer per spec of `DERIVED_TABLES`, in spec order, each making its own
 * table, and `analyze` writing exactly the tables `ensureDerivedTables`
 * creates, column for column.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Db } from '../../store/db.ts';
import { DERIVED_TABLES } from '../../store/derivedTables.ts';
import { ensureDerivedTables } from '../../store/migrate.ts';
import { analyze } from './analyze.ts';
import { LOADERS } from './loaders.ts';
import { PRODUCERS } from './producers.ts';

test('the registry holds one producer per derived table spec, in spec order, each for its own spec', () => {
  assert.deepEqual(
    Object.keys(PRODUCERS),
    DERIVED_TABLES.map((t) => t.name),
  );
  for (const spec of DERIVED_TABLES) assert.equal(PRODUCERS[spec.name].spec, spec, spec.name);
});

test('every load is declared by some producer, and every declared load has a loader', () => {
  const declared = new Set(Object.values(PRODUCERS).flatMap((p) => p.loads));
  assert.deepEqual([...declared].sort(), Object.keys(LOADERS).sort());
});

test('a producer run without a load it declares names its table and the load', () => {
  assert.throws(
    () => PRODUCERS.audits.rows({ claims: [], reportRounds: [] }),
    /^Error: audits: load evidence missing$/,
  );
});

test('analyze writes exactly the tables the schema creates, with the same columns', async () => {
  const db = await Db.open(':memory:');
  try {
    const columns = async () => {
      const out: Record<string, string[]> = {};
      for (const t of DERIVED_TABLES)
        out[t.name] = (await db.describe(`SELECT * FROM ${t.name}`)).map((c) => `${c.name} ${c.type}`);
      return out;
    };
    await ensureDerivedTables(db);
    const created = await columns();
    const summary = await analyze(db);
    assert.deepEqual(Object.keys(summary.rows), Object.keys(created));
    assert.deepEqual(await columns(), created);
  } finally {
    db.close();
  }
});
