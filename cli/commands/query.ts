import { ensureRawSchema } from '../../store/migrate.ts';
import { CliError } from '../args.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { formatTable, toCsv } from '../format.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { terminalJson, terminalLines } from '../terminalText.ts';

export const queryCommand: Command = {
  name: 'query',
  summary: 'Run SQL against the database and print the rows',
  usage: 'roundbook query "SQL" [--json|--csv] [--db FILE]',
  options: {
    ...DB_OPTION,
    ...JSON_OPTION,
    csv: { type: 'boolean', default: false, description: 'print CSV' },
    wide: {
      type: 'boolean',
      default: false,
      description: 'never cut cells (default: fit the terminal width)',
    },
  },
  details:
    'The table fits the terminal width (the widest columns cut first, with …); --wide, or a pipe, keeps every\n' +
    'cell whole.\n' +
    '--json prints an array of row objects keyed by column name: numbers as JSON numbers,\ndates and times as ISO strings.',
  async run(positionals, values) {
    const sql = positionals.join(' ').trim();
    if (!sql) throw new CliError('give the SQL to run, e.g. roundbook query "SELECT * FROM sources LIMIT 5"');
    const db = await openExistingDb(String(values.db));
    try {
      await ensureRawSchema(db);
      let rows: Record<string, unknown>[];
      try {
        rows = await db.all(sql);
      } catch (err) {
        throw new CliError(`SQL error: ${(err as Error).message}`, 1);
      }
      if (values.json) process.stdout.write(`${terminalJson(rows)}\n`);
      // CSV keeps the values exactly for a program reading it; on a terminal it is escaped like the rest.
      else if (values.csv)
        process.stdout.write(process.stdout.isTTY ? terminalLines(toCsv(rows)) : toCsv(rows));
      // Cells fit the terminal; a pipe or a file, or --wide, gets them whole.
      else
        process.stdout.write(
          `${formatTable(rows, undefined, { width: values.wide ? null : (process.stdout.columns ?? null) })}\n`,
        );
      return 0;
    } finally {
      db.close();
    }
  },
};
