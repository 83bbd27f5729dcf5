/**
 * `npm run bench`: every benchmark of the issues in one run, each figure beside
 * its baseline measured in the same run. Sections whose inputs are missing
 * (the real corpus lives in ../shared) say so and are skipped.
 */
import { existsSync } from 'node:fs';
import { benchAnalyze } from './analyze.ts';
import { benchCrashes } from './crashes.ts';
import { benchIngestCorpus } from './ingestCorpus.ts';
import { printLines } from './measure.ts';
import { benchReports } from './reports.ts';
import { runnerBenchLines } from './runner.ts';

const corpus = process.env.ROUNDBOOK_CORPUS ?? '../shared/corpus/reports';
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (wanted('ingest')) {
  if (existsSync(corpus)) printLines('Markdown ingest (issue 2)', await benchIngestCorpus(corpus));
  else process.stdout.write(`\n## Markdown ingest: skipped, no corpus at ${corpus}\n`);
}

if (wanted('runner')) printLines('Runner (issue 3)', await runnerBenchLines());

if (wanted('crashes')) printLines('Crash reports (issue 4)', await benchCrashes());

if (wanted('analyze')) printLines('Analysis (issue 5)', await benchAnalyze());

if (wanted('reports')) {
  if (existsSync(corpus))
    printLines(
      'Report rendering (issue 6)',
      await benchReports([corpus, '../shared/seeds', '../shared/corpus/crash_summary.json']),
    );
  else process.stdout.write(`\n## Report rendering: skipped, no corpus at ${corpus}\n`);
}
