import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Db } from '../store/db.ts';
import { ingestPaths } from './ingest.ts';
import { ingestInvariants } from './ingestInvariants.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-link-'));
after(() => rmSync(root, { recursive: true, force: true }));
const examples = join(import.meta.dirname, '..', 'data', 'examples', 'crashes');

/** A crashed attempt's event in a round log (fields in `extra` replace the defaults). */
const attempt = (seq: number, uid: string, no: number, extra: Record<string, unknown>) => ({
  v: 1,
  seq,
  type: 'attempt',
  campaign: 'link',
  host: 'mac1',
  config: 'native',
  labels: { fix_variant: 'native', torch_version: '2.9.1', threads: 8 },
  wrapper: 'retry',
  round: 1,
  round_uid: uid,
  attempt: no,
  exit_code: null,
  signal: 'SIGSEGV',
  outcome: 'crash',
  crash_reports: [],
  metrics: [],
  scaling: [],
  ...extra,
});

test('attempts are tied to their crashes by the report they name, else by capture time and pid', async () => {
  for (const name of ['Python-2025-12-23-090004.ips', 'Python-2025-12-23-090012.ips'])
    copyFileSync(join(examples, name), join(root, name));
  const sha = createHash('sha256')
    .update(readFileSync(join(root, 'Python-2025-12-23-090004.ips')))
    .digest('hex');
  const events = [
    // Names the copied report: tied by its hash, whatever the times say.
    attempt(1, 'link/r1', 1, {
      started_at: '2025-12-23T10:00:00.000Z',
      duration_s: 1,
      pid: 1,
      crash_reports: [{ file: 'a.ips', original: 'Python-2025-12-23-090004.ips', sha256: sha }],
    }),
    // Names nothing: the crash captured 2.9 s after it started, from its pid, is tied by time.
    attempt(2, 'link/r2', 1, { started_at: '2025-12-23T17:00:10.000Z', duration_s: 2, pid: 30817 }),
    attempt(3, 'link/r2', 2, {
      started_at: '2025-12-23T17:00:30.000Z',
      duration_s: 2,
      pid: 30900,
      outcome: 'pass',
      exit_code: 0,
      signal: null,
    }),
  ];
  writeFileSync(join(root, 'link.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const db = await Db.open(':memory:');
  try {
    for (let run = 0; run < 2; run++) {
      await ingestPaths(db, [root]);
      const rows = await db.all<{ round_uid: string; attempt_no: number; crash_uid: string | null }>(
        'SELECT round_uid, attempt_no, crash_uid FROM attempts ORDER BY round_uid, attempt_no',
      );
      assert.deepEqual(rows, [
        { round_uid: 'link/r1', attempt_no: 1, crash_uid: 'incident:74959957-4EF9-4A94-89E5-26FBD438CAB9' },
        { round_uid: 'link/r2', attempt_no: 1, crash_uid: 'incident:C3E160DB-474B-4462-869F-496249A9ED6C' },
        { round_uid: 'link/r2', attempt_no: 2, crash_uid: null },
      ]);
      const crashes = await db.all<{ crash_uid: string; round_uid: string | null }>(
        'SELECT crash_uid, round_uid FROM crashes ORDER BY crash_uid',
      );
      assert.deepEqual(
        crashes.map((c) => c.round_uid),
        ['link/r1', 'link/r2'],
      );
    }
    assert.deepEqual(await ingestInvariants(db, [root]), []);
  } finally {
    db.close();
  }
});

test('links lost to a kill while linking come back on the next ingest, though nothing else changed', async () => {
  const dir = mkdtempSync(join(root, 'relink-'));
  const template = readFileSync(join(examples, 'Python-2025-12-23-090004.ips'), 'utf8');
  const n = 40;
  const events: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Date.parse('2025-12-24T00:00:00Z') + i * 60_000;
    const pid = 50_000 + i;
    // A crash captured 2 s into its attempt, by the attempt's pid (tied by time: the attempt names no report).
    const captured = new Date(start + 2000).toISOString().replace('T', ' ').replace('Z', ' +0000');
    writeFileSync(
      join(dir, `crash-${i}.ips`),
      template
        .replaceAll('74959957-4EF9-4A94-89E5-26FBD438CAB9', `INCIDENT-${i}`)
        .replace('"pid": 80339', `"pid": ${pid}`)
        .replaceAll('2025-12-23 09:00:04.7800 -0800', captured),
    );
    events.push(
      JSON.stringify(
        attempt(i + 1, `relink/r${i}`, 1, {
          campaign: 'relink',
          wrapper: 'none',
          round: i + 1,
          started_at: new Date(start).toISOString(),
          duration_s: 3,
          pid,
        }),
      ),
    );
  }
  writeFileSync(join(dir, 'relink.jsonl'), `${events.join('\n')}\n`);
  const db = await Db.open(':memory:');
  try {
    const linked = async () =>
      (await db.all<{ n: number }>('SELECT count(*) AS n FROM attempts WHERE crash_uid IS NOT NULL'))[0].n;
    await ingestPaths(db, [dir]);
    assert.equal(await linked(), n);
    const full = await db.all('SELECT crash_uid, round_uid FROM crashes ORDER BY crash_uid');
    // A kill part-way through linking: some crashes never linked, one linked on one side only.
    await db.run(`UPDATE crashes SET round_uid = NULL WHERE crash_uid >= 'incident:INCIDENT-2'`);
    await db.run(`DELETE FROM attempt_crashes WHERE crash_uid >= 'incident:INCIDENT-1'`);
    assert.ok((await linked()) < n / 2);
    const again = await ingestPaths(db, [dir]);
    assert.equal(again.files.parsed, 0, 'nothing to parse');
    assert.equal(await linked(), n, 'every link is back');
    assert.deepEqual(await db.all('SELECT crash_uid, round_uid FROM crashes ORDER BY crash_uid'), full);
    assert.deepEqual(await ingestInvariants(db, [dir]), []);
  } finally {
    db.close();
  }
});
