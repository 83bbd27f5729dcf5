/**
 * `npm run bench`: every benchmark of the issues in one run, each figure beside
 * its baseline measured in the same run. Sections whose inputs are missing
 * (the real corpus lives in ../shared) say so and are skipped. Each section
 * runs in a process of its own (`npm run bench -- runner` runs one here), so
 * that its peak memory is its own, not the high-water mark the sections
 * before it left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchAnalyze } from './analyze.ts';
import { benchCrashes } from './crashes.ts';
import { benchFleet } from './fleet.ts';
import { benchIngestCorpus } from './ingestCorpus.ts';
import { printLines } from './measure.ts';
import { benchPreview } from './preview.ts';
import { benchReports } from './reports.ts';
import { runnerBenchLines } from './runner.ts';
import { benchStartup } from './startup.ts';

const corpus = process.env.ROUNDBOOK_CORPUS ?? '../shared/corpus/reports';
const only = process.argv.slice(2);
const SECTIONS = ['ingest', 'runner', 'crashes', 'analyze', 'reports', 'startup', 'preview', 'fleet'];
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length) {
  process.stderr.write(`bench: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})\n`);
  process.exit(2);
}
if (only.length !== 1) {
  for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s))) {
    const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), section], {
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  }
  process.exit();
}
const wanted = (name: string) => only.includes(name);

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

if (wanted('startup')) printLines('Start-up (issue 14)', await benchStartup());

if (wanted('preview'))
  printLines(
    'Live preview (issue 14)',
    await benchPreview([corpus, '../shared/seeds', '../shared/corpus/crash_summary.json']),
  );

if (wanted('fleet')) printLines('Fleet on PostgreSQL (issue 15)', await benchFleet());
