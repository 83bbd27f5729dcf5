import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CliError, parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { askCommand } from './commands/ask.ts';
import { crashesCommand } from './commands/crashes.ts';
import { planCommand } from './commands/plan.ts';
import { previewCommand } from './commands/preview.ts';
import { queryCommand } from './commands/query.ts';
import { reportCommand } from './commands/report.ts';
import { verdictCommand } from './commands/verdict.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-nodb-'));
after(() => rmSync(root, { recursive: true, force: true }));

const readers: [Command, string[]][] = [
  [verdictCommand, ['--fix', 'native']],
  [askCommand, ['is native 2.9.1 safe yet?']],
  [queryCommand, ['SELECT 1']],
  [crashesCommand, []],
  [analyzeCommand, []],
  [reportCommand, ['--out', join(root, 'site')]],
  [planCommand, ['is native 2.9.1 safe yet?', '--out', join(root, 'plan.yaml')]],
  [previewCommand, ['--port', '0']],
];

for (const [command, args] of readers) {
  test(`${command.name} on a --db that does not exist fails (exit 1) naming it and how to make one, and creates nothing`, async () => {
    const db = join(root, 'typo', `${command.name}.duckdb`);
    const { positionals, values } = parseCommandArgs([...args, '--db', db], command.options);
    await assert.rejects(command.run(positionals, values), (err: unknown) => {
      assert.ok(err instanceof CliError);
      assert.equal(err.exitCode, 1);
      assert.ok(err.message.includes(db), err.message);
      assert.match(err.message, /roundbook ingest DIR/);
      assert.match(err.message, /roundbook build/);
      return true;
    });
    assert.equal(existsSync(db), false);
    assert.equal(existsSync(join(root, 'typo')), false);
  });
}
