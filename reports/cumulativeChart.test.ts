/**
 * The cumulative crash-rate chart on Overview and Sessions: one line per
 * configuration, each point the crash rate over its rounds up to that session
 * with a Wilson 95% interval. The same cell on both pages, checked on a small
 * database of its own (three sessions of one configuration, one of them in two groups, and one of another).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Db } from '../store/db.ts';
import { BUILTIN_PAGES_DIR } from './build.ts';
import { parsePage, type SqlCell } from './page/parsePage.ts';

const cellOf = (page: string, name: string): SqlCell => {
  const file = join(BUILTIN_PAGES_DIR, page);
  const cell = parsePage(readFileSync(file, 'utf8'), file).page.segments.find(
    (s): s is SqlCell => s.kind === 'sql' && s.name === name,
  );
  assert.ok(cell, `${page} has the cell ${name}`);
  return cell;
};

test('Overview and Sessions chart the same cumulative crash rate per configuration and session', async () => {
  const sessions = cellOf('sessions.md', 'cumulative');
  const index = cellOf('index.md', 'cumulative');
  assert.equal(index.sql, sessions.sql, 'one query on both pages');
  for (const page of ['sessions.md', 'index.md'])
    assert.match(
      readFileSync(join(BUILTIN_PAGES_DIR, page), 'utf8'),
      /```chart cumulative-crash-rate\ndata: cumulative\n/,
    );

  const db = await Db.open(':memory:');
  try {
    await db.run(
      `CREATE TABLE verdict_evidence (config VARCHAR, source_id VARCHAR, source_path VARCHAR, rounds INTEGER, crashed INTEGER, used BOOLEAN)`,
    );
    await db.run(`CREATE TABLE reports (source_id VARCHAR, report_date DATE)`);
    await db.run(`CREATE TABLE rounds (source_id VARCHAR, started_at TIMESTAMP)`);
    await db.run(
      `CREATE TABLE verdicts (config VARCHAR, fix_variant VARCHAR, torch_version VARCHAR, threads INTEGER, wrapper VARCHAR, workload VARCHAR, serialised VARCHAR)`,
    );
    await db.run(
      `INSERT INTO verdicts VALUES ('n', 'native', '2.9.1', 8, 'retry', NULL, NULL), ('d', 'v2.9', '2.9.1', 8, 'retry', NULL, NULL)`,
    );
    await db.run(
      `INSERT INTO reports VALUES ('r1', DATE '2026-01-01'), ('r2', DATE '2026-01-05'), ('r3', DATE '2026-01-05')`,
    );
    await db.run(
      `INSERT INTO rounds VALUES ('log', TIMESTAMP '2026-01-09 10:00:00'), ('log', TIMESTAMP '2026-01-09 11:00:00')`,
    );
    await db.run(`INSERT INTO verdict_evidence VALUES
      ('n', 'r1', 'a.md', 10, 5, true), ('n', 'r2', 'b.md', 10, 1, true), ('n', 'r3', 'c.md', 20, 20, false),
      ('n', 'log', 'x.jsonl', 12, 0, true), ('n', 'log', 'x.jsonl', 8, 0, true), ('d', 'r2', 'b.md', 20, 0, true)`);
    const rows = await db.all<Record<string, unknown>>(sessions.sql);
    const pick = rows.map((r) => [r.configuration, r.day, r.session, r.crashed, r.rounds]);
    assert.deepEqual(pick, [
      ['native · 2.9.1 · 8 threads · retry', '2026-01-01', 1, 5, 10],
      ['native · 2.9.1 · 8 threads · retry', '2026-01-05', 2, 6, 20],
      ['native · 2.9.1 · 8 threads · retry', '2026-01-09', 3, 6, 40],
      ['v2.9 · 2.9.1 · 8 threads · retry', '2026-01-05', 1, 0, 20],
    ]);
    const last = rows[2];
    assert.equal(last.crash_rate, 6 / 40);
    // Wilson 95% for 6/40: 0.0706 to 0.2907.
    assert.ok(Math.abs((last.lower as number) - 0.0706) < 5e-4, String(last.lower));
    assert.ok(Math.abs((last.upper as number) - 0.2907) < 5e-4, String(last.upper));
  } finally {
    db.close();
  }
});
