/** A small in-memory database for the page-engine tests (its own tables, not the raw-table contract). */
import { Db } from '../../store/db.ts';

/** Opens `:memory:` with tables `scaling`, `rates` and `claims` (one claim carries a script and a javascript: link). */
export async function fixtureDb(): Promise<Db> {
  const db = await Db.open(':memory:');
  await db.run(`CREATE TABLE scaling (config VARCHAR, threads INTEGER, throughput DOUBLE)`);
  await db.run(`INSERT INTO scaling VALUES
    ('native', 1, 100.5), ('native', 2, 180.25), ('native', 4, 290.0), ('native', 8, 330.75),
    ('v2.3', 1, 98.0), ('v2.3', 2, 170.5), ('v2.3', 4, 250.0), ('v2.3', 8, 270.125)`);
  await db.run(
    `CREATE TABLE rates (config VARCHAR, session DATE, k INTEGER, n INTEGER, rate DOUBLE, lower DOUBLE, upper DOUBLE)`,
  );
  await db.run(`INSERT INTO rates VALUES
    ('native', DATE '2025-01-10', 18, 20, 0.9, 0.699, 0.972),
    ('native', DATE '2025-02-14', 47, 50, 0.94, 0.838, 0.979),
    ('v2.3', DATE '2025-01-10', 20, 20, 1.0, 0.839, 1.0),
    ('v2.3', DATE '2025-02-14', 49, 50, 0.98, 0.895, 0.996)`);
  await db.run(`CREATE TABLE claims (text VARCHAR, source_path VARCHAR, line INTEGER, supported BOOLEAN)`);
  await db.run(`INSERT INTO claims VALUES
    ('The dylib is necessary | 20/20', 'reports/a.md', 12, true),
    ('<script>alert(1)</script> and [x](javascript:alert(1))', 'reports/<b>evil</b>.md', 3, false)`);
  return db;
}
