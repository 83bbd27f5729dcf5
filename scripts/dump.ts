/**
 * `npm run dump -- OUT_DIR [--db FILE] [--compare DIR] [PATH...]`: builds a
 * database from the inputs (default: the examples, plus ../shared/corpus and
 * ../shared/seeds when present), analyses it, and writes every table and
 * view — raw, derived, storage — as `OUT_DIR/<name>.jsonl`, one row per
 * line, all columns, rows sorted. Two dumps made before and after a change
 * are compared with `--compare`, which prints, per table, the rows only one
 * side has. This is how a restructuring proves itself by identical output.
 *
 * Values that depend on when or where the dump ran, not on the inputs, are
 * written as fixed placeholders: the ingest time, file modification times.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';

/** Columns whose values say when the dump ran, not what the inputs hold. */
const VOLATILE = new Set(['ingested_at', 'mtime_ms']);
const DEFAULT_INPUTS = ['data/examples', '../shared/corpus', '../shared/seeds'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { db: { type: 'string' }, compare: { type: 'string' } },
});
const [out, ...inputs] = positionals;
if (!out) {
  process.stderr.write('usage: npm run dump -- OUT_DIR [--db FILE] [--compare DIR] [PATH...]\n');
  process.exit(2);
}

const dbPath = values.db ?? join(tmpdir(), `roundbook-dump-${process.pid}.duckdb`);
const paths = inputs.length ? inputs : DEFAULT_INPUTS.filter((p) => existsSync(p));
if (!values.db) rmSync(dbPath, { force: true });
const db = await Db.open(dbPath);
try {
  process.stderr.write(`dump: ingesting ${paths.join(', ')}\n`);
  await ingestPaths(db, paths);
  await analyze(db);
  const relations = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal
     UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
     ORDER BY name`,
  );
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const { name } of relations) {
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM "${name.replaceAll('"', '""')}"`);
    const lines = rows.map((row) => {
      for (const key of Object.keys(row)) if (VOLATILE.has(key) && row[key] != null) row[key] = '(volatile)';
      return JSON.stringify(row);
    });
    lines.sort();
    writeFileSync(join(out, `${name}.jsonl`), lines.length ? `${lines.join('\n')}\n` : '');
    process.stderr.write(`dump: ${name} ${rows.length} rows\n`);
  }
} finally {
  db.close();
  if (!values.db) {
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
  }
}

if (values.compare) process.exitCode = compareDumps(values.compare, out) ? 0 : 1;

/** Prints, per table, the rows only one of two dumps has; true when they are identical. */
function compareDumps(before: string, after: string): boolean {
  const names = new Set([...readdirSync(before), ...readdirSync(after)]);
  let same = true;
  for (const name of [...names].sort()) {
    const read = (dir: string) =>
      existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean) : null;
    const a = read(before);
    const b = read(after);
    if (a === null || b === null) {
      same = false;
      process.stdout.write(`${name}: only in ${a === null ? after : before}\n`);
      continue;
    }
    const count = (lines: string[]) => {
      const m = new Map<string, number>();
      for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
      return m;
    };
    const ca = count(a);
    const cb = count(b);
    const gone = a.filter((l) => {
      const n = cb.get(l) ?? 0;
      if (n > 0) cb.set(l, n - 1);
      return n === 0;
    });
    const added = b.filter((l) => {
      const n = ca.get(l) ?? 0;
      if (n > 0) ca.set(l, n - 1);
      return n === 0;
    });
    if (gone.length === 0 && added.length === 0) continue;
    same = false;
    process.stdout.write(`${name}: ${gone.length} rows only before, ${added.length} only after\n`);
    for (const l of gone.slice(0, 5)) process.stdout.write(`  - ${l.slice(0, 400)}\n`);
    for (const l of added.slice(0, 5)) process.stdout.write(`  + ${l.slice(0, 400)}\n`);
  }
  if (same) process.stdout.write(`identical: ${names.size} tables\n`);
  return same;
}
