/**
 * The Crashes page on crashes that reach the database several ways: a crash
 * read from several files is one crash with its frames once, crashes of a
 * process that is not the one under test (the corpus's iOS fixture) are shown
 * apart and never as an example or on the time axis, and the periodic
 * reports' "new crashes" are shown with what their captures were.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { BUILTIN_PAGES_DIR, buildReports } from './build.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rb-crashes-page-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const EXAMPLE_IPS = join(
  import.meta.dirname,
  '..',
  'data',
  'examples',
  'crashes',
  'Python-2025-12-23-090004.ips',
);
const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus');

/** Ingests `paths`, analyses, builds the Crashes page alone and returns its Markdown (table padding squeezed). */
async function crashesPage(name: string, paths: string[]): Promise<string> {
  const pages = join(tmp, `${name}-pages`);
  mkdirSync(pages);
  copyFileSync(join(BUILTIN_PAGES_DIR, 'crashes.md'), join(pages, 'crashes.md'));
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, paths, { workers: 0 });
    await analyze(db);
    await buildReports({ db, pagesDirs: [pages], outDir: join(tmp, `${name}-site`), formats: ['md'] });
  } finally {
    db.close();
  }
  return readFileSync(join(tmp, `${name}-site`, 'crashes.md'), 'utf8').replace(/ {2,}/g, ' ');
}

const section = (md: string, heading: string) => md.split(`\n## ${heading}`)[1]?.split('\n## ')[0] ?? '';

test('a crash read from its .ips and two copies is one crash, its frames shown once', async () => {
  const dir = join(tmp, 'copies');
  mkdirSync(dir);
  const ips = readFileSync(EXAMPLE_IPS, 'utf8');
  copyFileSync(EXAMPLE_IPS, join(dir, 'Python-2025-12-23-090004.ips'));
  // Copies under other names, not byte-identical (so three sources), same incident.
  writeFileSync(join(dir, 'copy-a.ips'), `${ips}\n`);
  writeFileSync(join(dir, 'copy-b.ips'), `${ips}\n\n`);
  const md = await crashesPage('copies', [dir]);
  assert.match(md, /\*\*1 distinct crash of the process under test, in 1 signature: 1 with crash details\./);
  assert.match(
    md,
    /the crash files hold 3 records of the 1 crash on this page, those shown apart included .*; 1 crash was read from more than one file\)\. 0 crashes are tied to a round/,
  );
  const frames = [...section(md, 'Example').matchAll(/^\d+\. `(.+)`$/gm)].map((m) => m[1]);
  assert.equal(frames.length, 8);
  assert.equal(new Set(frames).size, 8, 'each frame once');
});

test('real corpus: the iOS fixture is apart, the example is a Python crash, the re-copies are flagged', {
  skip: !existsSync(join(CORPUS, 'crash_summary.json')) && '../shared/corpus is absent',
}, async () => {
  const folder = join(CORPUS, 'reports', 'archive', 'verification_reports_N1863_N3776');
  const reports = [2985, 2986, 2987, 2988, 2989, 2990, 2991, 2992, 2993].map((n) =>
    join(folder, `verification_N${n}_2025-12-23.md`),
  );
  const md = await crashesPage('corpus', [
    join(CORPUS, 'crash_summary.json'),
    join(CORPUS, 'crash_reports'),
    ...reports,
  ]);
  // 48 originals in the summary, all Python; the three iOS files are one crash, apart.
  const head =
    /\*\*(\d+) distinct crashes of the process under test, in \d+ signatures: (\d+) with crash details and (\d+) without/.exec(
      md,
    );
  assert.ok(head);
  assert.deepEqual([Number(head[1]), Number(head[2]) + Number(head[3])], [48, 48]);
  assert.match(md, /Apart from these: 1 crash report of processes that are not the one under test/);
  const example = section(md, 'Example');
  assert.match(
    example,
    /^`EXC_BAD_ACCESS\/SIGSEGV \| objc_msgSend` — 12 crashes\. This one: Python-2025-12-23-\d+\.ips\[\^src-\d+\], Python, /m,
  );
  assert.doesNotMatch(example, /iOS|_assertionFailure/);
  assert.doesNotMatch(section(md, 'Signatures'), /_assertionFailure/);
  assert.match(
    section(md, 'Crashes shown apart'),
    /ios-crash-[a-z-]+\.(?:ips|crash)\[\^src-\d+\] \| iOSCrashingTest \| .* \| 2022-09-18 06:28 \| 3 \| process iOSCrashingTest is not the process under test \(Python\) \|/,
  );
  assert.match(section(md, 'Over time'), /Not in the chart: 1 crash report shown apart\./);
  // Every "new crash" these reports state is a re-copy of an older original.
  const checks = section(md, '"New" crashes in reports, checked against the captures');
  assert.match(
    checks,
    /of the 8 captures they counted, \*\*8 are re-copies of older originals\*\*, 0 first captures .*, and 0 new\./,
  );
  for (const n of [2987, 2988, 2991, 2992, 2993])
    assert.match(
      checks,
      new RegExp(
        `verification_N${n}_2025-12-23\\.md\\[\\^src-\\d+\\] \\|.*\\*\\*re-copy\\*\\*: re-copy of Python-`,
      ),
    );
});
