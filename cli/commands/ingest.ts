import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { printIngestSummary } from '../ingestSummary.ts';
import { progressReporter } from '../progress.ts';
import { terminalJson } from '../terminalText.ts';

/** Default inputs when `roundbook ingest` is given no path. */
export const DEFAULT_INGEST_PATHS = ['data/examples', 'data/rounds'];

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read reports, round logs and crash reports into the database',
  usage: 'roundbook ingest [PATH...] [--db FILE] [--json] [--follow-links] [--exclude GLOB]...',
  options: {
    ...DB_OPTION,
    ...JSON_OPTION,
    'follow-links': {
      type: 'boolean',
      default: false,
      description:
        'follow symbolic links that lead out of the folders given (default: skip them, with a problem)',
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
    '(indexes, plans, drafts); --exclude adds globs. A file named as a PATH is always read.',
  async run(positionals, values) {
    const paths = positionals.length ? positionals : DEFAULT_INGEST_PATHS;
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
