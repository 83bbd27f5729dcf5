import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkSite } from '../../reports/siteManifest.ts';
import { writeSite } from '../../reports/writeSite.ts';
import { Db } from '../../store/db.ts';
import { CliError } from '../args.ts';
import { captureOutput } from '../captureOutput.ts';
import { reportCommand } from './report.ts';

let tmp: string;
let dbPath: string;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rb-report-cli-'));
  dbPath = join(tmp, 'rb.duckdb');
  const db = await Db.open(dbPath);
  await db.run('CREATE TABLE t AS SELECT * FROM (VALUES (1, 0.25), (2, 0.5)) v(n, rate)');
  db.close();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function pages(name: string, text: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rates.md'), text);
  return dir;
}

test('report writes the site and says where it is; a rebuild writes nothing; the site matches the database', async () => {
  const dir = pages(
    'ok',
    '---\ntitle: Rates\n---\nTop: {{ t.rate | pct }}\n\n```sql t\nSELECT * FROM t ORDER BY n DESC\n```\n',
  );
  const out = join(tmp, 'site');
  // Run as a separate process: capturing this process's stdout would also swallow the test reporter's output.
  const run = () =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'report', '--db', dbPath, '--out', out, '--pages', dir],
      {
        encoding: 'utf8',
      },
    );
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /\d+ pages, \d+ files written, 0 unchanged/);
  assert.match(first.stdout, /site: .*index\.html/);
  assert.ok(existsSync(join(out, 'rates.html')) && existsSync(join(out, 'rates.md')));
  assert.ok(existsSync(join(out, 'safe.html')), 'built-in pages build on a database before any analysis');
  const second = run();
  assert.match(second.stdout, /\d+ pages, 0 files written, \d+ unchanged/);
  // Invariant: the site's files match the database that built them.
  const db = await Db.open(dbPath);
  try {
    assert.deepEqual(await checkSite(out, db), []);
  } finally {
    db.close();
  }
});

test('page errors: every one printed with file:line, exit 1, nothing written', async () => {
  const dir = pages('bad', '```sql t\nSELECT nope FROM t\n```\n{{ t.x }} {{ u.y }}\n');
  const out = join(tmp, 'bad-site');
  const r = await captureOutput(() => reportCommand.run([], { db: dbPath, out, pages: dir, format: 'html' }));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rates\.md:2: SQL error in `t`/);
  assert.match(r.stderr, /rates\.md:4: \{\{ u\.y \}\}: unknown result `u`/);
  assert.equal(existsSync(out), false);
});

test('bad options are CLI errors', async () => {
  await assert.rejects(reportCommand.run([], { db: dbPath, out: tmp, format: 'pdf' }), CliError);
  await assert.rejects(
    reportCommand.run([], { db: join(tmp, 'missing.duckdb'), out: tmp, format: 'html' }),
    /no such database/,
  );
  await assert.rejects(
    reportCommand.run([], { db: dbPath, out: tmp, pages: join(tmp, 'nope'), format: 'html' }),
    /no such folder/,
  );
});

test('--link-base links every cited path:line; anything but an http(s) URL is refused', async () => {
  const dir = join(tmp, 'linked');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.md'),
    "```sql s hidden\nSELECT 'reports/a b.md' AS source_path, 3 AS line, 7 AS v\n```\n\nSeven: {{ s.v | source }}.\n",
  );
  const out = join(tmp, 'linked-site');
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'cli/main.ts',
      'report',
      '--db',
      dbPath,
      '--out',
      out,
      '--pages',
      dir,
      '--link-base',
      'https://github.com/o/r/blob/abc123',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    readFileSync(join(out, 'index.md'), 'utf8'),
    /\[\^src-1\]: \[`reports\/a b\.md:3`\]\(https:\/\/github\.com\/o\/r\/blob\/abc123\/reports\/a%20b\.md#L3\)/,
  );
  assert.match(
    readFileSync(join(out, 'index.html'), 'utf8'),
    /<a href="https:\/\/github\.com\/o\/r\/blob\/abc123\/reports\/a%20b\.md#L3"><code>/,
  );
  await assert.rejects(
    reportCommand.run([], { db: dbPath, out: tmp, format: 'html', 'link-base': 'javascript:alert(1)' }),
    /--link-base: expected an http\(s\) URL/,
  );
});

test('a full disk: report names the file, says the old site is whole and what to do, exits 1', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root');
  const mnt = join(tmp, 'full');
  mkdirSync(mnt);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) return t.skip(`mount -t tmpfs failed: ${(m.stderr || m.error?.message || '').trim()}`);
  try {
    const out = join(mnt, 'site');
    const report = (dir: string) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'cli/main.ts', 'report', '--db', dbPath, '--out', out, '--pages', dir],
        { encoding: 'utf8' },
      );
    // The previous site (written as report writes it; one page is enough to see it stay whole).
    writeSite(out, new Map([['rates.html', 'previous']]), { database: 'before' });
    const s = statfsSync(mnt);
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(s.bavail * s.bsize));
    // Whatever the new site holds, a full disk has no room for it.
    const grown = `Second: {{ t.rate | pct }} ${'words '.repeat(50_000)}\n\n\`\`\`sql t\nSELECT * FROM t\n\`\`\`\n`;
    const full = report(pages('full-b', grown));
    assert.equal(full.status, 1, full.stdout);
    assert.match(
      full.stderr,
      /^roundbook report: cannot write the site: \/\S+: no space left on device \(ENOSPC\)\. \S+ is unchanged: still the previous site, whole\. Free space on the disk that holds \S+ and run the command again\.\n$/,
    );
    assert.ok(full.stderr.includes(mnt), 'names a file on the full disk');
    assert.equal(readFileSync(join(out, 'rates.html'), 'utf8'), 'previous');
  } finally {
    spawnSync('umount', [mnt]);
  }
});
