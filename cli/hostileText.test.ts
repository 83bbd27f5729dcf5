/**
 * File names and values with terminal escape sequences and bidi overrides,
 * through the commands that print them: shown escaped, never acted on by the
 * terminal; `--json` keeps the exact value (escaped the JSON way), and CSV to
 * a pipe keeps the bytes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCaptured } from './captureOutput.ts';
import type { Command } from './command.ts';
import { ingestCommand } from './commands/ingest.ts';
import { queryCommand } from './commands/query.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-hostile-'));
const db = join(root, 'rb.duckdb');
after(() => rmSync(root, { recursive: true, force: true }));

// A name that would turn the terminal red, set its title and ring it; one that reverses what follows it.
const RED = 'red\u001b[31m\u001b]0;pwned\u0007';
const RTL = 'safe\u202Egnp.md';
/** Anything a terminal acts on instead of showing: C0 (but the newline), DEL, C1, bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

before(() => {
  const dir = join(root, 'in');
  mkdirSync(dir);
  // Broken table rows: the summary names the file and line of each problem.
  const broken = '# Report\n\n| a | b |\n|---|---|\n| 1 |\n';
  writeFileSync(join(dir, `${RED}.md`), broken);
  writeFileSync(join(dir, RTL), `${broken}\n`);
});

const run = (command: Command, ...argv: string[]) => runCaptured(command, argv);

test('ingest prints the problems of hostile file names escaped', async () => {
  const r = await run(ingestCommand, join(root, 'in'), '--db', db);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, RAW);
  assert.ok(r.stdout.includes('red\\u001b[31m\\u001b]0;pwned\\u0007.md:5: '), r.stdout);
  assert.ok(r.stdout.includes('safe\\u202egnp.md:5: '), r.stdout);
});

test('query shows hostile values escaped in its table; --json keeps them exactly; CSV to a pipe keeps the bytes', async () => {
  const sql =
    "SELECT regexp_extract(path, '[^/]*$') AS name FROM sources WHERE path LIKE '%/in/%' ORDER BY name";
  const table = await run(queryCommand, sql, '--db', db);
  assert.doesNotMatch(table.stdout, RAW);
  assert.match(table.stdout, /red\\u001b\[31m\\u001b\]0;pwned\\u0007\.md/);
  assert.match(table.stdout, /safe\\u202egnp\.md/);

  const json = await run(queryCommand, sql, '--db', db, '--json');
  assert.doesNotMatch(json.stdout, RAW);
  const names = (JSON.parse(json.stdout) as { name: string }[]).map((p) => p.name);
  assert.deepEqual(names, [`${RED}.md`, RTL]);

  const csv = await run(queryCommand, sql, '--db', db, '--csv');
  assert.ok(csv.stdout.includes(RED) && csv.stdout.includes(RTL), 'CSV to a pipe is the data itself');

  // Control characters in a value the SQL makes, and in a column name.
  const made = await run(queryCommand, 'SELECT chr(27) || \'[2J\' || chr(155) AS "x\u001b[1m"', '--db', db);
  assert.doesNotMatch(made.stdout, RAW);
  assert.match(made.stdout, /x\\u001b\[1m/);
  assert.match(made.stdout, /\\u001b\[2J\\u009b/);
});
