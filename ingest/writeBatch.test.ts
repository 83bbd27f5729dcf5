import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import type { CrashRow } from '../store/rawTables.ts';
import { parseSource } from './parseSource.ts';
import { type ParsedFile, writeFilesIsolated } from './writeBatch.ts';

const report = (n: number) => `# Report N=${n}\n\n**Date**: 2025-12-22\n**Worker**: N=${n}\n\nAll good.\n`;

function parsedFile(n: number): ParsedFile {
  const bytes = Buffer.from(report(n));
  return {
    path: `/in/r${n}.md`,
    source_id: `id${n}`.padEnd(64, '0'),
    bytes: bytes.length,
    mtimeMs: 0,
    parsed: parseSource(bytes, `/in/r${n}.md`),
  };
}

test('rows the database refuses are a problem of their file alone: the rest of the batch goes in', async () => {
  const db = await Db.open(':memory:');
  try {
    await ensureRawSchema(db);
    const files = Array.from({ length: 9 }, (_, i) => parsedFile(i + 1));
    // Rows that never went through fitRows (a parser's bug): the appender refuses the pid.
    const bad = files[4];
    bad.parsed.tables.crashes = [{ line: 3, crash_uid: 'c', pid: 3e9, frames: [] } as unknown as CrashRow];
    const refused = await writeFilesIsolated(db, files, new Map(), '2026-01-01 00:00:00', new Set());
    assert.deepEqual(
      refused.map((r) => r.path),
      ['/in/r5.md'],
    );
    const sources = await db.all<{ path: string; status: string; problems: string[] }>(
      'SELECT path, status, problems FROM sources ORDER BY path',
    );
    assert.equal(sources.length, 9, 'every file has its sources row');
    const five = sources.find((s) => s.path === '/in/r5.md')!;
    assert.equal(five.status, 'rejected');
    assert.match(five.problems.at(-1)!, /^the database refused the file's rows: .*int32/);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM reports');
    assert.equal(n, 8);
  } finally {
    db.close();
  }
});
