/**
 * Terminal manners: `--version`, "did you mean" for a mistyped command or
 * flag, and `query` tables that fit the terminal (or not, with --wide).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliError, parseCommandArgs } from './args.ts';
import { verdictCommand } from './commands/verdict.ts';
import { fitWidths, formatTable } from './format.ts';
import { versionText } from './version.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const roundbook = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8' });

test('--version prints the package version', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
  assert.equal(versionText(), `roundbook ${pkg.version}`);
  const r = roundbook('--version');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `roundbook ${pkg.version}\n`);
});

test('a mistyped command gets a "did you mean" (exit 2)', () => {
  const r = roundbook('verdcit', '--fix', 'native');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "verdcit"; did you mean verdict\?/);
});

test('a mistyped flag gets a "did you mean" naming the right one', () => {
  assert.throws(
    () => parseCommandArgs(['--fixx', 'native'], verdictCommand.options),
    (err: unknown) => err instanceof CliError && /'--fixx'.*did you mean --fix\?/.test(err.message),
  );
  assert.throws(
    () => parseCommandArgs(['--zzzzzz'], verdictCommand.options),
    (err: unknown) => err instanceof CliError && !/did you mean/.test(err.message),
  );
});

test('query tables fit the terminal width; --wide (width null) cuts nothing', () => {
  const rows = [
    { id: 1, path: `/very/long/${'x'.repeat(150)}/report.md`, note: 'y'.repeat(70) },
    { id: 2, path: 'short', note: 'z' },
  ];
  for (const width of [60, 80, 120, 200]) {
    const lines = formatTable(rows, undefined, { width }).split('\n');
    for (const line of lines) assert.ok(line.length <= width, `${line.length} > ${width}`);
  }
  // A wide terminal shows more than 60 characters of a cell.
  assert.ok(formatTable(rows, undefined, { width: 200 }).includes('y'.repeat(70)));
  const wide = formatTable(rows, undefined, { width: null });
  assert.ok(wide.includes('x'.repeat(150)) && wide.includes('y'.repeat(70)));
  assert.deepEqual(fitWidths([10, 100, 40], 80), [10, 26, 40]);
  assert.deepEqual(fitWidths([10, 5], 80), [10, 5]);
});
