/**
 * Properties of the whole ingest: it never throws on arbitrary bytes or on
 * mutated real reports, every file lands in `sources`, and a second ingest of
 * the same files changes no row.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { Db } from '../store/db.ts';
import { ingestPaths } from './ingest.ts';
import { ingestInvariants } from './ingestInvariants.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-ingest-prop-'));
after(() => rmSync(root, { recursive: true, force: true }));
let run = 0;

const examples = new URL('../data/examples/reports/', import.meta.url);
const realSeeds = new URL('../../shared/seeds/', import.meta.url);
const baseTexts = [examples, realSeeds]
  .filter((u) => existsSync(u))
  .flatMap((u) =>
    readdirSync(u)
      .filter((f) => /\.(md|txt)$/.test(f))
      .map((f) => readFileSync(new URL(f, u), 'utf8')),
  );

const NAMES = ['a.md', 'b.txt', 'c.ips', 'd.crash', 'crash_summary.json', 'e.jsonl'];

/** A mutated report: lines deleted, duplicated or swapped, bytes flipped. */
const mutatedReport = fc
  .record({
    base: fc.integer({ min: 0, max: Math.max(0, baseTexts.length - 1) }),
    edits: fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'garble'), fc.nat(), fc.nat()), {
      maxLength: 8,
    }),
  })
  .map(({ base, edits }) => {
    const lines = (baseTexts[base] ?? '# empty\n').split('\n');
    for (const [op, i, j] of edits) {
      const a = i % Math.max(1, lines.length);
      const b = j % Math.max(1, lines.length);
      if (op === 'delete') lines.splice(a, 1);
      else if (op === 'duplicate') lines.splice(a, 0, lines[a] ?? '');
      else if (op === 'swap') [lines[a], lines[b]] = [lines[b], lines[a]];
      else lines[a] = `${(lines[a] ?? '').slice(0, b % 40)}|\uFFFD*${(lines[a] ?? '').slice(b % 40)}`;
    }
    return Buffer.from(lines.join('\n'));
  });

const fileContent = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  mutatedReport,
);

test('ingest never throws, records every file, and re-ingest changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom(...NAMES), fileContent), { minLength: 1, maxLength: 5 }),
      async (files) => {
        const dir = join(root, `case${run++}`);
        mkdirSync(dir);
        const written = new Set<string>();
        files.forEach(([name, bytes], i) => {
          const path = join(dir, `${i}-${name}`);
          writeFileSync(path, bytes);
          written.add(path);
        });
        const db = await Db.open(':memory:');
        try {
          const first = await ingestPaths(db, [dir], {
            workers: 0,
            now: () => new Date('2026-01-01T00:00:00Z'),
          });
          assert.equal(first.files.seen, written.size);
          const [paths] = await db.all<{ n: number }>('SELECT count(*) AS n FROM source_paths');
          assert.equal(paths.n, written.size, 'every file is in sources (a log with no complete line too)');
          const snapshot = async () => ({
            sources: await db.all('SELECT * FROM sources ORDER BY source_id'),
            rounds: await db.all('SELECT * FROM rounds ORDER BY round_uid, line'),
            metrics: await db.all('SELECT * FROM metrics ORDER BY source_id, line, metric, value'),
            crashes: await db.all('SELECT * FROM crashes ORDER BY crash_uid'),
          });
          const before = await snapshot();
          const again = await ingestPaths(db, [dir], {
            workers: 0,
            now: () => new Date('2026-02-01T00:00:00Z'),
          });
          assert.equal(again.files.parsed, 0);
          assert.deepEqual(await snapshot(), before);
          assert.deepEqual(await ingestInvariants(db, [dir], { ingest: { workers: 0 } }), []);
        } finally {
          db.close();
        }
      },
    ),
    { numRuns: 15 },
  );
});
