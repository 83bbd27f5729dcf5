import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
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

test('report writes the site and says where it is; a rebuild writes nothing', () => {
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
    /no database/,
  );
  await assert.rejects(
    reportCommand.run([], { db: dbPath, out: tmp, pages: join(tmp, 'nope'), format: 'html' }),
    /no such folder/,
  );
});
