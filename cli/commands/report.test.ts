import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Db } from '../../ingest/db.ts';
import { CliError } from '../args.ts';
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

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof o;
  process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof e;
  try {
    return { code: await fn(), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

function pages(name: string, text: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rates.md'), text);
  return dir;
}

test('report writes the site and says where it is; a rebuild writes nothing', async () => {
  const dir = pages(
    'ok',
    '---\ntitle: Rates\n---\nTop: {{ t.rate | pct }}\n\n```sql t\nSELECT * FROM t ORDER BY n DESC\n```\n',
  );
  const out = join(tmp, 'site');
  const values = { db: dbPath, out, pages: dir, format: 'html,md' };
  const first = await capture(() => reportCommand.run([], values));
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /1 pages, 4 files written, 0 unchanged/);
  assert.match(first.out, /site: .*index\.html/);
  assert.ok(existsSync(join(out, 'rates.html')) && existsSync(join(out, 'rates.md')));
  const second = await capture(() => reportCommand.run([], values));
  assert.match(second.out, /0 files written, 4 unchanged/);
});

test('page errors: every one printed with file:line, exit 1, nothing written', async () => {
  const dir = pages('bad', '```sql t\nSELECT nope FROM t\n```\n{{ t.x }} {{ u.y }}\n');
  const out = join(tmp, 'bad-site');
  const r = await capture(() => reportCommand.run([], { db: dbPath, out, pages: dir, format: 'html' }));
  assert.equal(r.code, 1);
  assert.match(r.err, /rates\.md:2: SQL error in `t`/);
  assert.match(r.err, /rates\.md:4: \{\{ u\.y \}\}: unknown result `u`/);
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
