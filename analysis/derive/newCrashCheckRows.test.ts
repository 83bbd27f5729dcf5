import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { analyze } from './analyze.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rb-newcrash-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A crash summary entry copied at local (PST) time `local` of the original report `name`. */
function entry(local: string, name: string) {
  const [d, t] = local.split(' ');
  return {
    timestamp: new Date(Date.parse(`${d}T${t}-08:00`)).toISOString().replace('Z', '000Z'),
    file: `/Users/dev/mps/crash_logs/${d.replaceAll('-', '')}_${t.replaceAll(':', '')}_${name}`,
    info: {
      process: 'Python',
      exception: 'EXC_BAD_ACCESS - KERN_INVALID_ADDRESS at 0x0000000000000098',
      fault_address: '0x0000000000000098',
      crashed_in: '[3] AGX::ComputeContext<AGX::HAL200::Encoders>::prepareForEnqueue(bool) + 1268',
    },
  };
}

function report(n: number, date: string, crashLine: string): string {
  return [
    `# Verification Report N=${n}`,
    '',
    `**Date**: ${date}`,
    `**Worker**: N=${n}`,
    crashLine,
    '',
    '## Test Results',
    '',
    '| Test | Result |',
    '|------|--------|',
    '| complete_story | PASS |',
    '',
  ].join('\n');
}

test('a report\'s "+1 new crash" is joined to the capture behind it: a copy of an older original, or a new one', async () => {
  const dir = join(tmp, 'fixture');
  mkdirSync(dir);
  const A = 'Python-2025-12-23-092750.ips';
  const B = 'Python-2025-12-23-144000.ips';
  writeFileSync(
    join(dir, 'crash_summary.json'),
    JSON.stringify(
      {
        crashes: [
          entry('2025-12-23 14:40:05', B), // #4: a new original
          entry('2025-12-23 14:29:11', A), // #3: A copied again
          entry('2025-12-23 12:00:00', 'Python-2025-12-23-115959.ips'), // #2
          entry('2025-12-23 10:12:14', A), // #1: A first captured
        ],
        last_check: '2025-12-23T23:00:00Z',
        total_files: 4,
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'verification_N9001_2025-12-23.md'),
    report(9001, '2025-12-23 14:00 PST', '**Crash Count**: 2 (unchanged)'),
  );
  writeFileSync(
    join(dir, 'verification_N9002_2025-12-23.md'),
    report(9002, '2025-12-23 14:30 PST', '**Crash Logs**: 2 → 3 (+1 new crash)'),
  );
  // No zone: the writer's local time, placed at the offset the captures show.
  writeFileSync(
    join(dir, 'verification_N9003_2025-12-23.md'),
    report(9003, '2025-12-23 14:41', '**Crash Logs**: 3 → 4 (+1 new crash)'),
  );
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [dir], { workers: 0 });
    await analyze(db);
    const [captures] = await db.all<{ n: number }>('SELECT count(*) AS n FROM crash_captures');
    assert.equal(captures.n, 4, 'every copy is kept with its own capture time');
    const rows = await db.all<Record<string, unknown>>(
      `SELECT worker_n, line, stated_new, matched_by, capture_no, flag, note FROM new_crash_checks ORDER BY worker_n`,
    );
    assert.deepEqual(rows, [
      {
        worker_n: 9002,
        line: 5,
        stated_new: 1,
        matched_by: 'count',
        capture_no: 3,
        flag: 're-copy',
        note: `re-copy of ${A}, first captured 2025-12-23 18:12:14 UTC (#1)`,
      },
      {
        worker_n: 9003,
        line: 5,
        stated_new: 1,
        matched_by: 'count',
        capture_no: 4,
        flag: 'new',
        note: `first capture of ${B}, crashed 2025-12-23 22:40:00 UTC`,
      },
    ]);
  } finally {
    db.close();
  }
});

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const absent = !existsSync(join(corpus, 'crash_summary.json')) && '../shared/corpus is absent';

test('real corpus: the new crashes of N2987, N2988, N2991, N2992 and N2993 are all re-copies, and the example of the most common signature is a Python crash', {
  skip: absent,
}, async () => {
  const folder = join(corpus, 'reports/archive/verification_reports_N1863_N3776');
  // The crash summary, the iOS fixture's crash reports, and the periodic reports N2983–N2994 (each
  // report's window starts at the one before it).
  const reports = Array.from({ length: 12 }, (_, i) =>
    join(folder, `verification_N${2983 + i}_2025-12-2${i < 2 ? 4 : 3}.md`),
  );
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(
      db,
      [join(corpus, 'crash_summary.json'), join(corpus, 'crash_reports'), ...reports.filter(existsSync)],
      {
        workers: 0,
      },
    );
    await analyze(db);
    const checks = await db.all<{
      worker_n: number;
      stated_new: number;
      flags: string[];
      captures: number[];
    }>(
      `SELECT worker_n, any_value(stated_new) AS stated_new, list(DISTINCT flag ORDER BY flag) AS flags,
              list(capture_no ORDER BY capture_no) AS captures
       FROM new_crash_checks GROUP BY worker_n, line ORDER BY worker_n, line`,
    );
    // Checked by hand (survey §0.14): capture numbers by capture time, 1-based.
    assert.deepEqual(checks, [
      { worker_n: 2987, stated_new: 1, flags: ['re-copy'], captures: [248] },
      { worker_n: 2988, stated_new: 1, flags: ['re-copy'], captures: [249] },
      { worker_n: 2991, stated_new: 2, flags: ['re-copy'], captures: [250, 251] },
      { worker_n: 2992, stated_new: 1, flags: ['re-copy'], captures: [253] },
      { worker_n: 2992, stated_new: 1, flags: ['re-copy'], captures: [253] },
      { worker_n: 2993, stated_new: 2, flags: ['re-copy'], captures: [255, 256] },
    ]);
    const notes = await db.all<{ note: string }>(
      'SELECT DISTINCT note FROM new_crash_checks WHERE worker_n = 2993 ORDER BY note',
    );
    assert.deepEqual(
      notes.map((n) => n.note),
      [
        're-copy of Python-2025-12-23-104640.ips, first captured 2025-12-23 18:46:41 UTC (#38)',
        're-copy of Python-2025-12-23-133344.ips, first captured 2025-12-23 21:33:47 UTC (#159)',
      ],
    );

    // The iOS fixture (three files, one crash) is apart; every cluster's example is a crash under test.
    const apart = await db.all<{ process: string; files: number }>(
      'SELECT process, files FROM distinct_crashes WHERE NOT under_test',
    );
    assert.deepEqual(apart, [{ process: 'iOSCrashingTest', files: 3 }]);
    const [top] = await db.all<{ signature: string; process: string }>(
      `SELECT cc.signature, d.process FROM crash_clusters cc JOIN distinct_crashes d ON d.crash_uid = cc.example_crash_uid
       WHERE cc.signature NOT LIKE 'EMPTY%' ORDER BY cc.crashes DESC, cc.signature LIMIT 1`,
    );
    assert.equal(top.signature, 'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend');
    assert.match(top.process, /python/i);
    const examples = await db.all<{ process: string }>(
      'SELECT d.process FROM crash_clusters cc JOIN distinct_crashes d ON d.crash_uid = cc.example_crash_uid WHERE cc.under_test',
    );
    assert.ok(examples.length > 0 && examples.every((e) => /python/i.test(e.process)));
  } finally {
    db.close();
  }
});
