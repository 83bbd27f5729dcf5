import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Db } from '../store/db.ts';
import { ingestPaths } from './ingest.ts';
import { ingestInvariants } from './ingestInvariants.ts';

const dir = mkdtempSync(join(tmpdir(), 'roundbook-ingest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const report = (n: number) =>
  `# Verification Report N=${n}\n\n**Date**: 2025-12-22\n**Worker**: N=${n}\n\n## Summary\n\nAll good.\n`;

async function snapshot(db: Db) {
  return {
    sources: await db.all(
      'SELECT source_id, path, kind, status, problems, ingested_at FROM sources ORDER BY source_id',
    ),
    paths: await db.all('SELECT path, source_id FROM source_paths ORDER BY path'),
    reports: await db.all('SELECT * FROM reports ORDER BY source_id'),
  };
}

test('bad files are recorded with their problem and never stop the ingest', async () => {
  const folder = join(dir, 'bad');
  mkdirSync(folder);
  writeFileSync(join(folder, 'good.md'), report(1));
  writeFileSync(join(folder, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  writeFileSync(join(folder, 'empty.md'), '');
  writeFileSync(
    join(folder, 'latin1.md'),
    Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\nok\n')]),
  );
  writeFileSync(join(folder, 'other.json'), '{"hello": 1}');
  writeFileSync(join(folder, 'huge.md'), Buffer.alloc(9 * 1024 * 1024, '| a | b |\n'));
  writeFileSync(join(folder, 'broken-table.md'), '# T\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n');
  const db = await Db.open(':memory:');
  try {
    const s = await ingestPaths(db, [folder, join(dir, 'missing')], { workers: 0 });
    assert.equal(s.files.seen, 7);
    const byPath = Object.fromEntries(
      (
        await db.all<{ path: string; status: string; problems: string[] }>(
          'SELECT path, status, problems FROM sources',
        )
      ).map((r) => [r.path.slice(folder.length + 1), r]),
    );
    assert.equal(byPath['good.md'].status, 'ok');
    assert.equal(byPath['binary.md'].status, 'rejected');
    assert.match(byPath['binary.md'].problems[0], /binary/);
    assert.equal(byPath['empty.md'].status, 'rejected');
    assert.equal(byPath['latin1.md'].status, 'partial');
    assert.match(byPath['latin1.md'].problems[0], /invalid UTF-8 on line 1/);
    assert.equal(byPath['other.json'].status, 'rejected');
    assert.equal(byPath['huge.md'].status, 'rejected');
    assert.match(byPath['huge.md'].problems[0], /file too large: 9\.0 MB/);
    assert.equal(byPath['broken-table.md'].status, 'partial');
    assert.match(byPath['broken-table.md'].problems[0], /^line 5: table row has 3 cells, header has 2/);
    assert.ok(s.problems.some((p) => p.path.endsWith('missing') && /no such file/.test(p.message)));
    assert.deepEqual(
      await ingestInvariants(db, [folder, join(dir, 'missing')], { ingest: { workers: 0 } }),
      [],
    );
  } finally {
    db.close();
  }
});

test('re-ingest changes nothing; copies are one source; a changed file replaces its rows', async () => {
  const folder = join(dir, 'idem');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.md'), report(10));
  writeFileSync(join(folder, 'copy-of-a.md'), report(10));
  writeFileSync(join(folder, 'b.md'), report(11));
  const db = await Db.open(':memory:');
  try {
    const clock = () => new Date('2026-01-01T00:00:00Z');
    const first = await ingestPaths(db, [folder], { workers: 0, now: clock });
    assert.equal(first.files.parsed, 2);
    assert.equal(first.files.duplicates, 1);
    const before = await snapshot(db);
    assert.equal(before.sources.length, 2);
    assert.equal(before.paths.length, 3);

    const again = await ingestPaths(db, [folder], {
      workers: 0,
      now: () => new Date('2026-02-02T00:00:00Z'),
    });
    assert.equal(again.files.parsed, 0);
    assert.deepEqual(await snapshot(db), before);

    // Touching a file without changing its bytes re-hashes it but changes no row.
    utimesSync(join(folder, 'b.md'), new Date(), new Date(Date.now() + 5000));
    await ingestPaths(db, [folder], { workers: 0 });
    assert.deepEqual(await snapshot(db), before);

    writeFileSync(join(folder, 'b.md'), report(12));
    const changed = await ingestPaths(db, [folder], { workers: 0 });
    assert.equal(changed.files.parsed, 1);
    const after = await snapshot(db);
    assert.equal(after.sources.length, 2, 'the old bytes of b.md are gone');
    assert.equal(after.reports.length, 2);
    assert.deepEqual(await ingestInvariants(db, [folder], { ingest: { workers: 0 } }), []);
  } finally {
    db.close();
  }
});

test('worker threads give the same rows as inline parsing', async () => {
  const folder = join(dir, 'pool');
  mkdirSync(folder);
  for (let i = 0; i < 6; i++) writeFileSync(join(folder, `r${i}.md`), report(100 + i));
  const inline = await Db.open(':memory:');
  const pooled = await Db.open(':memory:');
  try {
    const clock = () => new Date('2026-01-01T00:00:00Z');
    await ingestPaths(inline, [folder], { workers: 0, now: clock });
    await ingestPaths(pooled, [folder], { workers: 2, now: clock });
    assert.deepEqual(await snapshot(pooled), await snapshot(inline));
    for (const db of [inline, pooled]) assert.deepEqual(await ingestInvariants(db, [folder]), []);
  } finally {
    inline.close();
    pooled.close();
  }
});

test('progress: every file once, round logs included, on a first ingest and on a re-ingest', async () => {
  const folder = join(dir, 'progress');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.md'), report(7));
  const event = (seq: number, uid: string) =>
    JSON.stringify({
      v: 1,
      seq,
      type: 'round',
      round_uid: uid,
      status: 'pass',
      attempts: 1,
      crashed_attempts: 0,
    });
  writeFileSync(join(folder, 'one.jsonl'), `${event(1, 'p/r1')}\n`);
  writeFileSync(join(folder, 'two.jsonl'), `${event(1, 'p/r2')}\n${event(2, 'p/r3')}\n`);
  const db = await Db.open(':memory:');
  try {
    for (let run = 0; run < 2; run++) {
      const calls: [number, number, string][] = [];
      await ingestPaths(db, [folder], {
        workers: 0,
        onProgress: (done, total, path) => calls.push([done, total, path]),
      });
      assert.deepEqual(
        calls.map(([done, total]) => [done, total]),
        [
          [1, 3],
          [2, 3],
          [3, 3],
        ],
      );
      assert.deepEqual(calls.map(([, , p]) => p.split('/').pop()).sort(), ['a.md', 'one.jsonl', 'two.jsonl']);
    }
    const [{ n }] = await db.all<{ n: number }>("SELECT count(*) AS n FROM rounds WHERE origin = 'runner'");
    assert.equal(n, 3);
    assert.deepEqual(await ingestInvariants(db, [folder], { ingest: { workers: 0 } }), []);
  } finally {
    db.close();
  }
});

test('a number that does not fit its column is a problem of its file; the rest of the batch goes in', async () => {
  const folder = join(dir, 'range');
  mkdirSync(folder);
  const stated = (total: string) =>
    `# Stability Report\n\n**Date**: 2025-12-22\n\n## Results\n\n- **Pass Rate**: ${total}/${total} rounds\n`;
  writeFileSync(join(folder, 'big-pass-rate.md'), stated('3000000000'));
  writeFileSync(join(folder, 'huge-total.md'), stated('9'.repeat(400)));
  const ips = (pid: string) =>
    `{"app_name":"Python","timestamp":"2025-12-23 09:00:04.78 -0800","bug_type":"309","incident_id":"I-${pid}"}\n` +
    `{"procName":"Python","pid":${pid},"captureTime":"2025-12-23 09:00:04.7800 -0800","exception":{"type":"EXC_BAD_ACCESS","signal":"SIGSEGV"},"threads":[{"triggered":true,"frames":[]}]}\n`;
  writeFileSync(join(folder, 'fractional-pid.ips'), ips('1.5'));
  writeFileSync(join(folder, 'huge-pid.ips'), ips('3000000000'));
  for (let i = 0; i < 5; i++) writeFileSync(join(folder, `good-${i}.md`), report(200 + i));
  const db = await Db.open(':memory:');
  try {
    const s = await ingestPaths(db, [folder], { workers: 0 });
    assert.equal(s.files.parsed, 9);
    const rows = await db.all<{ path: string; status: string; problems: string[] }>(
      'SELECT path, status, problems FROM sources ORDER BY path',
    );
    const byName = Object.fromEntries(rows.map((r) => [r.path.slice(folder.length + 1), r]));
    assert.equal(Object.keys(byName).length, 9, 'every file is recorded');
    for (const name of ['big-pass-rate.md', 'huge-total.md', 'fractional-pid.ips', 'huge-pid.ips']) {
      assert.equal(byName[name].status, 'partial', name);
      assert.match(byName[name].problems.join('\n'), /^line \d+: value out of range/m, name);
    }
    assert.match(byName['big-pass-rate.md'].problems.join('\n'), /^line 7: value out of range/m);
    const [reports] = await db.all<{ n: number }>('SELECT count(*) AS n FROM reports');
    assert.equal(reports.n, 7, 'the good reports and the bad reports’ own rows went in');
    const pids = await db.all<{ pid: number | null }>('SELECT pid FROM crashes ORDER BY crash_uid');
    assert.deepEqual(pids, [{ pid: null }, { pid: null }]);
    const again = await ingestPaths(db, [folder], { workers: 0 });
    assert.equal(again.files.unchanged, 9, 'a re-run does not stop at the same file');
    assert.deepEqual(await ingestInvariants(db, [folder], { ingest: { workers: 0 } }), []);
  } finally {
    db.close();
  }
});

test('a report and a .jsonl with the same bytes, ingested together, are one source (the report)', async () => {
  const folder = join(dir, 'same-bytes');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.md'), report(300));
  writeFileSync(join(folder, 'a-saved-as.jsonl'), report(300));
  writeFileSync(join(folder, 'empty.md'), '');
  writeFileSync(join(folder, 'empty.jsonl'), '');
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [folder], { workers: 0 });
    const rows = await db.all<{ path: string; kind: string; status: string }>(
      'SELECT p.path, s.kind, s.status FROM source_paths p JOIN sources s USING (source_id) ORDER BY p.path',
    );
    assert.deepEqual(
      rows.map((r) => [r.path.slice(folder.length + 1), r.kind, r.status]),
      [
        ['a-saved-as.jsonl', 'report', 'ok'],
        ['a.md', 'report', 'ok'],
        ['empty.jsonl', 'report', 'rejected'],
        ['empty.md', 'report', 'rejected'],
      ],
    );
    assert.deepEqual(await ingestInvariants(db, [folder], { ingest: { workers: 0 } }), []);
  } finally {
    db.close();
  }
});
