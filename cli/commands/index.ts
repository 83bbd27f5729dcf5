/**
 * The sub-command registry: each command's name and one-line summary (what
 * `roundbook --help` lists), and how to load the rest. A command's module, and
 * with it its dependencies (DuckDB, Observable Plot, jsdom, remark…), is
 * imported only when that command runs or prints its own help, so start-up
 * stays light.
 */
import type { Command } from '../command.ts';

/** A sub-command as the registry knows it before its module is loaded. */
export interface CommandEntry {
  name: string;
  /** The same summary as the loaded command's (a test holds them equal). */
  summary: string;
  /** Imports the command's module. */
  load(): Promise<Command>;
}

/** Every sub-command, in the order `roundbook --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'build',
    summary: 'Run configured campaigns, ingest, analyse and write the report site',
    load: async () => (await import('./build.ts')).buildCommand,
  },
  {
    name: 'run',
    summary: 'Run a campaign of rounds (retries, timeouts, crash capture) into round logs',
    load: async () => (await import('./run.ts')).runCommand,
  },
  {
    name: 'ingest',
    summary: 'Read reports, round logs and crash reports into the database',
    load: async () => (await import('./ingest.ts')).ingestCommand,
  },
  {
    name: 'analyze',
    summary: 'Compute the derived tables (rates, comparisons, fits, clusters, drift, audits, verdicts)',
    load: async () => (await import('./analyze.ts')).analyzeCommand,
  },
  {
    name: 'report',
    summary: 'Render the report pages to static HTML and Markdown',
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'preview',
    summary:
      'Serve the report site on 127.0.0.1, rebuilding the pages a change touches and reloading the browser',
    load: async () => (await import('./preview.ts')).previewCommand,
  },
  {
    name: 'verdict',
    summary: 'Is it safe yet? The crash-rate verdict for one environment, with its evidence',
    load: async () => (await import('./verdict.ts')).verdictCommand,
  },
  {
    name: 'ask',
    summary:
      'Answer a question in plain words: "is native 2.9.1 safe yet?", "is the v2.9 dylib still necessary?"',
    load: async () => (await import('./ask.ts')).askCommand,
  },
  {
    name: 'plan',
    summary: 'How many more rounds would decide a question, and the campaign file that runs them',
    load: async () => (await import('./plan.ts')).planCommand,
  },
  {
    name: 'fleet',
    summary:
      'The state of a fleet campaign run through PostgreSQL (run --fleet): hosts, leases, rounds, decisions',
    load: async () => (await import('./fleet.ts')).fleetCommand,
  },
  {
    name: 'crashes',
    summary: 'List crash clusters: distinct crashes per signature, when and where they were seen',
    load: async () => (await import('./crashes.ts')).crashesCommand,
  },
  {
    name: 'query',
    summary: 'Run SQL against the database and print the rows',
    load: async () => (await import('./query.ts')).queryCommand,
  },
  {
    name: 'stats',
    summary:
      'Statistics on numbers given on the command line: intervals, comparisons, planning, fits, retries',
    load: async () => (await import('./stats.ts')).statsCommand,
  },
];
