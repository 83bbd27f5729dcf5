import { analyze } from '../../analysis/derive/index.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { formatTable } from '../format.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { terminalJson } from '../terminalText.ts';

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Compute the derived tables (rates, comparisons, fits, clusters, drift, audits, verdicts)',
  usage: 'roundbook analyze [--db FILE] [--json]',
  options: { ...DB_OPTION, ...JSON_OPTION },
  details:
    'Re-runnable: the derived tables are rebuilt from the raw tables, the same rows for the same inputs.',
  async run(_positionals, values) {
    const db = await openExistingDb(String(values.db));
    try {
      const summary = await analyze(db);
      if (values.json) process.stdout.write(`${terminalJson(summary)}\n`);
      else {
        process.stdout.write(`Analysed in ${summary.seconds.toFixed(2)} s\n\n`);
        process.stdout.write(
          `${formatTable(Object.entries(summary.rows).map(([table, rows]) => ({ table, rows })))}\n`,
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
