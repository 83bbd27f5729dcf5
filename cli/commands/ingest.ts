import { dirname, join } from 'node:path';
import { exportFleetLogs } from '../../ingest/fleetLogs.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { isPostgresUrl, redactUrl, resolveFleetUrl } from '../../runner/fleet/index.ts';
import { Db } from '../../store/db.ts';
import { CliError } from '../args.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { printIngestSummary } from '../ingestSummary.ts';
import { progressReporter } from '../progress.ts';
import { terminalJson } from '../terminalText.ts';

/** Default inputs when `roundbook ingest` is given no path. */
export const DEFAULT_INGEST_PATHS = ['data/examples', 'data/rounds'];

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read reports, round logs and crash reports into the database',
  usage:
    'roundbook ingest [PATH | postgres://… ...] [--fleet @FILE|env[:NAME]] [--db FILE] [--json] [--follow-links] [--exclude GLOB]...',
  options: {
    ...DB_OPTION,
    ...JSON_OPTION,
    'follow-links': {
      type: 'boolean',
      default: false,
      description:
        'follow symbolic links that lead out of the folders given (default: skip them, with a problem)',
    },
    fleet: {
      type: 'string',
      description:
        'also read a fleet database (run --fleet): @FILE holding its postgres:// URL, or env[:NAME] (default ROUNDBOOK_FLEET_URL)',
    },
    exclude: {
      type: 'string',
      multiple: true,
      description:
        'leave out files and folders matching GLOB (gitignore syntax, relative to each folder given); repeatable',
    },
  },
  details:
    'PATHs are files or folders (read recursively): Markdown reports (.md, or Markdown saved as .txt),\n' +
    'round logs (.jsonl), crash reports (.ips, .crash) and crash summaries (crash_summary.json).\n' +
    `Without a PATH: ${DEFAULT_INGEST_PATHS.join(', ')}. Re-running changes nothing for unchanged files.\n` +
    'A .roundbookignore file in a folder given lists globs (gitignore syntax) of files that are not evidence\n' +
    '(indexes, plans, drafts); --exclude adds globs. A file named as a PATH is always read.\n' +
    "A postgres:// PATH (or --fleet) is a fleet database: the hosts' round logs it holds are written back,\n" +
    'byte for byte, under <db folder>/fleet/<campaign>/<run>.jsonl and read as round logs.',
  async run(positionals, values) {
    const urls = positionals.filter(isPostgresUrl);
    if (typeof values.fleet === 'string') {
      try {
        urls.push(resolveFleetUrl(values.fleet));
      } catch (err) {
        throw new CliError((err as Error).message);
      }
    }
    const files = positionals.filter((p) => !isPostgresUrl(p));
    const paths = files.length || urls.length ? [...files] : DEFAULT_INGEST_PATHS;
    const fleetDir = join(dirname(String(values.db)), 'fleet');
    for (const url of urls) {
      try {
        await exportFleetLogs(url, fleetDir);
      } catch (err) {
        throw new CliError(`cannot read the fleet database ${redactUrl(url)}: ${(err as Error).message}`, 1);
      }
      if (!paths.includes(fleetDir)) paths.push(fleetDir);
    }
    const db = await Db.open(String(values.db));
    const progress = values.json ? undefined : progressReporter('ingest');
    try {
      const summary = await ingestPaths(db, paths, {
        onProgress: progress?.update,
        followLinks: values['follow-links'] === true,
        exclude: Array.isArray(values.exclude) ? values.exclude : [],
      });
      progress?.stop();
      if (values.json) process.stdout.write(`${terminalJson(summary)}\n`);
      else printIngestSummary(summary);
      return summary.files.seen === 0 && summary.problems.length > 0 ? 1 : 0;
    } finally {
      progress?.stop();
      db.close();
    }
  },
};
