import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { fakeSpawner } from '../runner/spawn/index.ts';
import { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import { READ_ROUND_LOG_VERSIONS, ROUND_LOG_VERSION } from '../store/roundLog.ts';
import { roundLogText } from './fuzz/index.ts';
import { ingestPaths } from './ingest.ts';
import { ingestInvariants } from './ingestInvariants.ts';
import { scanRoundLog } from './roundLogScan.ts';
import { readRoundLogs } from './roundLogs.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-ingest-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function makeLog(): Promise<string> {
  const c = parseCampaign(
    `campaign: ing\ncommand: [x]\nconfigs:\n  native: {labels: {fix_variant: native, torch_version: "2.9.1", threads: 8}}\n  v2.9: {labels: {fix_variant: v2.9, torch_version: "2.9.1", threads: 8}}\nrounds: 3\nretry: {attempts: 3, pause: 0}\nmetrics:\n  regex: [{pattern: '(?<efficiency_pct>[\\d.]+)% efficiency at (?<threads>\\d+) threads'}]\n`,
    'ing.yaml',
  );
  const out =
    'Thread Count | Throughput | Speedup | Efficiency\n 1 | 600 | 1.00x | 100.0%\n 8 | 700 | 1.17x | 14.6%\nCONFIRMED: 14.6% efficiency at 8 threads\n';
  const spawner = fakeSpawner((_r, i) => (i % 4 === 1 ? 'crash' : { stdout: out }));
  const s = await runCampaign(c, { logsRoot: root, spawner, host: 'mac1' });
  return s.logFile!;
}

async function freshDb() {
  const db = await Db.open(':memory:');
  await ensureRawSchema(db);
  return db;
}

/** The source a path was last read as, with the bytes of its complete lines and its problems. */
async function sourceOf(db: Db, path: string) {
  const [row] = await db.all<{ source_id: string; bytes: number; status: string; problems: string[] }>(
    `SELECT s.source_id, s.bytes, s.status, s.problems
     FROM source_paths p JOIN sources s USING (source_id) WHERE p.path = ?`,
    [path],
  );
  return row;
}

test('round logs go into rounds, attempts, metrics and scaling with provenance', async () => {
  const path = await makeLog();
  const db = await freshDb();
  try {
    const r = await ingestPaths(db, [path]);
    assert.equal(r.rows_added.rounds, 6);
    assert.deepEqual(r.problems, []);
    const attempts = await db.all<{ n: number }>('SELECT count(*) AS n FROM attempts');
    assert.equal(attempts[0].n, r.rows_added.attempts);
    const source = await sourceOf(db, path);
    assert.equal(source.status, 'ok');
    const rounds = await db.all<Record<string, unknown>>('SELECT * FROM rounds ORDER BY line');
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const row of rounds) {
      const ev = JSON.parse(lines[(row.line as number) - 1]);
      assert.equal(ev.type, 'round');
      assert.equal(ev.round_uid, row.round_uid);
      assert.equal(row.source_id, source.source_id);
      assert.equal(row.origin, 'runner');
      assert.equal(row.session, 'ing');
      assert.equal(row.host, 'mac1');
      assert.equal(row.wrapper, 'retry');
      assert.equal(row.attempts, ev.attempts);
      assert.equal(row.crashed_attempts, ev.crashed_attempts);
      assert.equal(row.started_at, ev.started_at);
    }
    assert.equal(rounds[0].config, `${rounds[0].fix_variant} torch=2.9.1 8t retry workload=? serialised=?`);
    assert.equal(rounds.filter((x) => x.efficiency_pct === 14.6).length, 6);
    const crashed = await db.all<{ n: number }>(
      "SELECT count(*) AS n FROM attempts WHERE outcome = 'crash' AND signal = 'SIGSEGV'",
    );
    assert.ok(crashed[0].n > 0);
    const scaling = await db.all<{ n: number }>(
      'SELECT count(*) AS n FROM scaling WHERE threads = 8 AND efficiency_pct = 14.6',
    );
    assert.equal(scaling[0].n, 6);
    assert.deepEqual(await ingestInvariants(db, [path]), []);
  } finally {
    db.close();
  }
});

test('a torn last line is left for the next ingest; a malformed middle line is a problem; ingest is idempotent', async () => {
  const good = readFileSync(await makeLog(), 'utf8')
    .split('\n')
    .filter(Boolean);
  const path = join(root, 'torn.jsonl');
  // line 4 blank, line 5 malformed, last line torn (no newline).
  const complete = [...good.slice(0, 3), '', '{"v":1,"type":"attempt", oops', ...good.slice(3, -2)];
  const torn = good.at(-2)!.slice(0, 40);
  writeFileSync(path, `${complete.join('\n')}\n${torn}`);
  const db = await freshDb();
  try {
    const scan = await scanRoundLog(path);
    assert.equal(scan.tornBytes, torn.length);
    assert.deepEqual(scan.blank, [4]);
    const first = await ingestPaths(db, [path]);
    assert.deepEqual(
      first.problems.map((p) => p.line),
      [5],
    );
    assert.match(first.problems[0].message, /invalid JSON/);
    const held = await sourceOf(db, path);
    assert.equal(held.bytes, statSync(path).size - torn.length, 'the torn tail is not part of the source');
    // Read again (as after a parser change): the same rows and problems, none twice.
    await db.run("UPDATE sources SET parser_version = 'before'");
    const again = await ingestPaths(db, [path]);
    assert.deepEqual(
      [again.files.parsed, again.rows_added, again.problems],
      [1, first.rows_added, first.problems],
      'same result twice',
    );
    assert.deepEqual(await sourceOf(db, path), held);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM attempts');
    assert.equal(n, first.rows_added.attempts, 'no duplicated rows');
    // Line numbers stay right after the blank and malformed lines.
    const rows = await db.all<{ line: number; round_uid: string; attempt_no: number }>(
      'SELECT line, round_uid, attempt_no FROM attempts',
    );
    const text = readFileSync(path, 'utf8').split('\n');
    for (const row of rows) {
      const ev = JSON.parse(text[row.line - 1]);
      assert.equal(ev.round_uid, row.round_uid);
      assert.equal(ev.attempt, row.attempt_no);
    }
    // The writer completes the torn line: the next ingest reads it (a new prefix, a new source id).
    appendFileSync(path, `${good.at(-2)!.slice(40)}\n${good.at(-1)}\n`);
    const later = await ingestPaths(db, [path]);
    const grown = await sourceOf(db, path);
    assert.notEqual(grown.source_id, held.source_id);
    assert.equal(grown.bytes, statSync(path).size, 'nothing torn any more');
    const added = (s: typeof first) => (s.rows_added.attempts ?? 0) + (s.rows_added.rounds ?? 0);
    assert.ok(added(later) > added(first));
    assert.deepEqual(await ingestInvariants(db, [path]), []);
  } finally {
    db.close();
  }
});

test('every round log is recorded: an empty one, one with no complete line, one in UTF-16', async () => {
  const dir = mkdtempSync(join(root, 'incomplete-'));
  const torn = join(dir, 'torn-only.jsonl');
  writeFileSync(torn, '{"v":1,"type":"pla');
  writeFileSync(join(dir, 'empty.jsonl'), '');
  writeFileSync(join(dir, 'utf16.jsonl'), Buffer.from('\uFEFF{"v":1,"seq":1,"type":"plan"}\n', 'utf16le'));
  const db = await freshDb();
  try {
    const r = await ingestPaths(db, [dir]);
    assert.deepEqual([r.rows_added.rounds ?? 0, r.rows_added.attempts ?? 0], [0, 0]);
    assert.deepEqual(
      [r.files.parsed, r.files.rejected, r.files.unchanged],
      [3, 3, 0],
      'recorded, not "unchanged"',
    );
    const rows = await db.all<{ path: string; kind: string; status: string; problems: string[] }>(
      `SELECT p.path, s.kind, s.status, s.problems FROM source_paths p JOIN sources s USING (source_id) ORDER BY p.path`,
    );
    assert.deepEqual(
      rows.map((x) => [x.path.slice(dir.length + 1), x.kind, x.status, x.problems]),
      [
        ['empty.jsonl', 'round_log', 'rejected', ['empty file']],
        [
          'torn-only.jsonl',
          'round_log',
          'rejected',
          [
            'line 1: no complete line: the 18 bytes end without a line break (a runner still writing, or a file cut short); read once the line is complete',
          ],
        ],
        [
          'utf16.jsonl',
          'round_log',
          'rejected',
          ['UTF-16LE text: a round log is UTF-8 JSON lines; not read'],
        ],
      ],
    );
    const [{ events }] = await db.all<{ events: number }>('SELECT count(*) AS events FROM round_events');
    assert.equal(events, 0);
    const again = await ingestPaths(db, [dir]);
    assert.deepEqual([again.files.parsed, again.files.unchanged], [0, 3]);
    // The writer completes the line: the next ingest reads it, and the rejected record goes.
    appendFileSync(torn, 'n"}\n');
    const later = await ingestPaths(db, [torn]);
    assert.equal(later.files.parsed, 1);
    const now = await sourceOf(db, torn);
    assert.equal(now.status, 'ok');
    const [{ n }] = await db.all<{ n: number }>(
      "SELECT count(*) AS n FROM sources WHERE status = 'rejected'",
    );
    assert.equal(n, 2);
    assert.deepEqual(await ingestInvariants(db, [dir]), []);
  } finally {
    db.close();
  }
});

test('a log with CR line endings (old Mac style) is read like its LF twin, line numbers and all', async () => {
  const lf = readFileSync(await makeLog(), 'utf8');
  const dir = mkdtempSync(join(root, 'cr-'));
  const crPath = join(dir, 'cr.jsonl');
  writeFileSync(crPath, lf.replaceAll('\n', '\r'));
  const db = await freshDb();
  const twin = await freshDb();
  try {
    const r = await ingestPaths(db, [crPath]);
    assert.deepEqual(r.problems, []);
    assert.equal((await sourceOf(db, crPath)).status, 'ok');
    const lfPath = join(dir, 'lf.jsonl');
    writeFileSync(lfPath, lf);
    const t = await ingestPaths(twin, [lfPath]);
    assert.deepEqual(r.rows_added, t.rows_added);
    assert.ok((r.rows_added.attempts ?? 0) > 5, `${r.rows_added.attempts} attempts`);
    const rowsOf = (d: Db) =>
      d.all('SELECT line, round_uid, attempt_no, outcome, signal FROM attempts ORDER BY line');
    assert.deepEqual(await rowsOf(db), await rowsOf(twin));
    // A CR log cut mid-line holds its complete lines; the cut line waits.
    const cut = join(dir, 'cut.jsonl');
    const text = lf.replaceAll('\n', '\r');
    writeFileSync(cut, text.slice(0, text.lastIndexOf('\r', text.length - 2) + 30));
    const c = await ingestPaths(db, [cut]);
    assert.deepEqual(c.problems, []);
    const ref = referenceRead(readFileSync(cut, 'utf8').replaceAll('\r', '\n'));
    assert.deepEqual(
      [c.rows_added.rounds ?? 0, c.rows_added.attempts ?? 0],
      [ref.rounds.length, ref.attempts.length],
    );
    assert.deepEqual(await ingestInvariants(db, [crPath, cut]), []);
  } finally {
    db.close();
    twin.close();
  }
});

/**
 * What a plain line-by-line reader (JSON.parse per complete line) makes of a
 * round log: the independent reference for DuckDB's batched read.
 */
function referenceRead(text: string) {
  const end = text.lastIndexOf('\n');
  const lines = end < 0 ? [] : text.slice(0, end).split('\n');
  const rounds: string[] = [];
  const attempts: string[] = [];
  // A file without one complete line is one problem: nothing complete to read yet.
  const problems: number[] = end < 0 && text.length > 0 ? [1] : [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let ev: Record<string, unknown>;
    try {
      ev = JSON.parse(raw);
    } catch {
      problems.push(line);
      return;
    }
    if (ev === null || typeof ev !== 'object' || Array.isArray(ev) || ev.v == null || ev.type == null)
      problems.push(line);
    else if (!READ_ROUND_LOG_VERSIONS.includes(ev.v as number)) problems.push(line);
    else if (ev.type === 'round') {
      if (ev.round_uid == null) problems.push(line);
      else rounds.push(`${line} ${ev.round_uid}`);
    } else if (ev.type === 'attempt') {
      if (ev.round_uid == null || ev.attempt == null) problems.push(line);
      else attempts.push(`${line} ${ev.round_uid} ${ev.attempt}`);
    }
  });
  return { rounds: rounds.sort(), attempts: attempts.sort(), problems };
}

test('a batch of differently broken logs reads as a line-by-line reader reads each one alone', async () => {
  const good = readFileSync(await makeLog(), 'utf8');
  const lines = good.split('\n').filter(Boolean);
  const swapped = [...lines];
  [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
  const other = [...lines];
  other[5] = other[5].replace(`{"v":${ROUND_LOG_VERSION},`, '{"v":99,');
  const noUid = [...lines];
  const at = noUid.findIndex((l) => l.includes('"type":"attempt"'));
  noUid[at] = noUid[at].replace(/"round_uid":"[^"]*",/, '');
  const cases: Record<string, string> = {
    good,
    swapped: `${swapped.join('\n')}\n`,
    crlf: `${lines.join('\r\n')}\r\n`,
    blankAndBad: `${lines.slice(0, 2).join('\n')}\n\n   \n[1,2]\n{"x":1}\n${lines.slice(2).join('\n')}\n`,
    otherVersion: `${other.join('\n')}\n`,
    noRoundUid: `${noUid.join('\n')}\n`,
    tornEvent: `${lines.slice(0, -1).join('\n')}\n${lines.at(-1)}`,
    tornStart: `${lines.slice(0, -1).join('\n')}\n{"v":1,"se`,
    copyOfGood: good,
    onlyTorn: '{"v":1,"seq":1,"type":"pl',
    renumbered: `${lines.map((l) => l.replace(/"seq":\d+/, '"seq":7')).join('\n')}\n`,
    partialMeasurements: `${lines
      .map((l) =>
        l.includes('"type":"attempt"')
          ? l
              .replace(
                /"metrics":\[[^\]]*\]/,
                '"metrics":[{"name":null,"value":1},{"name":"x","value":null},{"name":"ok","value":2}]',
              )
              .replace(
                /"scaling":\[[^\]]*\]/,
                '"scaling":[{"threads":null,"throughput":5},{"threads":2,"throughput":9}]',
              )
          : l,
      )
      .join('\n')}\n`,
  };
  const dir = mkdtempSync(join(root, 'batch-'));
  const paths = Object.keys(cases).map((name) => {
    const path = join(dir, `${name}.jsonl`);
    writeFileSync(path, cases[name]);
    return path;
  });
  const db = await freshDb();
  try {
    // One read_json statement over the whole batch, as the ingest reads it (ingest/roundLogFiles.ts):
    // a file whose complete lines another file of the batch has is the same source, read once.
    const sources = new Set<string>();
    const read = await db.transaction(() =>
      readRoundLogs(
        db,
        paths.map((path) => ({ path })),
        {
          keep: ({ scan }) => {
            if (sources.has(scan.source_id)) return false;
            sources.add(scan.source_id);
            return true;
          },
        },
      ),
    );
    assert.equal(read.length, paths.length);
    const resultOf = (source_id: string) => read.find((f) => f.result?.source_id === source_id)!.result!;
    for (const [i, name] of Object.keys(cases).entries()) {
      const ref = referenceRead(cases[name]);
      const file = resultOf(read[i].scan.source_id);
      const rounds = await db.all<{ x: string }>(
        `SELECT line || ' ' || round_uid AS x FROM rounds WHERE source_id = ? ORDER BY x`,
        [file.source_id],
      );
      const attempts = await db.all<{ x: string }>(
        `SELECT line || ' ' || round_uid || ' ' || attempt_no AS x FROM attempts WHERE source_id = ? ORDER BY x`,
        [file.source_id],
      );
      assert.deepEqual(
        rounds.map((x) => x.x),
        ref.rounds,
        `${name}: rounds`,
      );
      assert.deepEqual(
        attempts.map((x) => x.x),
        ref.attempts,
        `${name}: attempts`,
      );
      assert.deepEqual(
        file.problems.map((p) => p.line),
        ref.problems,
        `${name}: problem lines`,
      );
      assert.deepEqual(
        [file.rounds, file.attempts],
        [ref.rounds.length, ref.attempts.length],
        `${name}: counts`,
      );
      // The rows each table got are the rows its view shows.
      const [shown] = await db.all<{ metrics: number; scaling: number }>(
        `SELECT (SELECT count(*) FROM metrics WHERE source_id = $1) AS metrics,
                (SELECT count(*) FROM scaling WHERE source_id = $1) AS scaling`,
        [file.source_id],
      );
      assert.deepEqual([file.metrics, file.scaling], [shown.metrics, shown.scaling], `${name}: measurements`);
    }
    const partial = read[Object.keys(cases).indexOf('partialMeasurements')].result!;
    assert.deepEqual([partial.metrics, partial.scaling], [partial.attempts, partial.attempts]);
    // A copy (or a file that differs only in its torn tail) is the same source: its rows are there once.
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM round_logs WHERE source_id = ?', [
      read[0].scan.source_id,
    ]);
    assert.equal(n, 1);
    const [{ total }] = await db.all<{ total: number }>('SELECT count(*) AS total FROM attempts');
    assert.ok(sources.size < read.length - 1);
    assert.equal(
      total,
      [...sources].reduce((s, id) => s + resultOf(id).attempts, 0),
    );
  } finally {
    db.close();
  }
});

test('start times are UTC whatever offset the log writes, and without one', async () => {
  const path = join(root, 'offsets.jsonl');
  const ev = (seq: number, started_at: string) =>
    JSON.stringify({
      v: 1,
      seq,
      type: 'attempt',
      round_uid: `o/r${seq}`,
      attempt: 1,
      started_at,
      outcome: 'pass',
    });
  writeFileSync(
    path,
    `${[
      ev(1, '2025-03-01T10:00:00.250Z'),
      ev(2, '2025-03-01T12:00:00+02:00'),
      ev(3, '2025-02-28T23:30:00-10:30'),
      ev(4, '2025-03-01 10:00:00'),
      ev(5, 'yesterday'),
    ].join('\n')}\n`,
  );
  const db = await freshDb();
  try {
    await ingestPaths(db, [path]);
    const rows = await db.all<{ started_at: string | null }>('SELECT started_at FROM attempts ORDER BY line');
    assert.deepEqual(
      rows.map((r) => r.started_at),
      [
        '2025-03-01T10:00:00.250Z',
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:00.000Z',
        '2025-03-01T10:00:00.000Z',
        null,
      ],
    );
  } finally {
    db.close();
  }
});

test('lines written after the scan (a runner still going) wait for the next ingest', async () => {
  const good = readFileSync(await makeLog(), 'utf8');
  const lines = good.split('\n').filter(Boolean);
  const path = join(root, 'growing.jsonl');
  const head = lines.slice(0, 8);
  writeFileSync(path, `${head.join('\n')}\n`);
  const scan = await scanRoundLog(path);
  appendFileSync(path, `${lines.slice(8).join('\n')}\n`); // written while the ingest runs
  const db = await freshDb();
  try {
    const [read] = await db.transaction(() => readRoundLogs(db, [{ path, scan }]));
    const ref = referenceRead(`${head.join('\n')}\n`);
    assert.equal(read.result?.source_id, scan.source_id);
    assert.deepEqual([read.result?.rounds, read.result?.attempts], [ref.rounds.length, ref.attempts.length]);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM round_events');
    assert.equal(n, 8);
  } finally {
    db.close();
  }
});

test('a log DuckDB’s JSON reader throws on costs only its own bad lines; the cause is never hidden', async () => {
  const dir = mkdtempSync(join(root, 'reader-throws-'));
  const good = readFileSync(await makeLog(), 'utf8');
  writeFileSync(join(dir, 'good.jsonl'), good);
  // A JSON object spread over lines (pretty-printed): DuckDB's newline-delimited reader throws on it,
  // ignore_errors or not. Its one-line events around it are still events.
  const lines = good.split('\n').filter(Boolean);
  writeFileSync(
    join(dir, 'pretty.jsonl'),
    `${lines[0]}\n${JSON.stringify({ v: 1, type: 'note', x: [1, 2] }, null, 2)}\n${lines.slice(1).join('\n')}\n`,
  );
  const db = await freshDb();
  try {
    const r = await ingestPaths(db, [dir]);
    assert.equal((await sourceOf(db, join(dir, 'good.jsonl'))).status, 'ok');
    const pretty = await sourceOf(db, join(dir, 'pretty.jsonl'));
    assert.equal(pretty.status, 'partial');
    assert.ok(pretty.problems.length >= 2);
    for (const p of pretty.problems) assert.match(p, /^line \d+: (?:invalid JSON|not a JSON object)/);
    assert.deepEqual(
      pretty.problems.map((p) => Number(/^line (\d+)/.exec(p)![1])),
      [2, 3, 4, 5, 6, 7, 8, 9],
    );
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM attempts WHERE source_id = ?', [
      pretty.source_id,
    ]);
    assert.equal(n, r.rows_added.attempts / 2, 'its events are all there');
    assert.deepEqual(await ingestInvariants(db, [dir]), []);
  } finally {
    db.close();
  }
});

test('a batch of logs that runs DuckDB out of memory is read again in halves', async () => {
  const dir = mkdtempSync(join(root, 'memory-'));
  for (let i = 0; i < 60; i++)
    writeFileSync(join(dir, `log${i}.jsonl`), roundLogText(300).replaceAll('fuzz/mac1', `fuzz/m${i}`));
  const db = await freshDb();
  try {
    // Low enough that the whole batch does not fit (DuckDB's JSON reader takes 32 MB per file it reads).
    await db.run("SET memory_limit = '64MB'");
    await db.run('SET threads = 2');
    const r = await ingestPaths(db, [dir]);
    assert.deepEqual([r.files.ok, r.files.rejected], [60, 0]);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM round_events');
    assert.equal(n, 60 * roundLogText(300).split('\n').filter(Boolean).length);
    assert.deepEqual(await ingestInvariants(db, [dir]), []);
  } finally {
    db.close();
  }
});
