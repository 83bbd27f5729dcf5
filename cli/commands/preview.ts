import { existsSync } from 'node:fs';
import { BUILTIN_PAGES_DIR } from '../../reports/build.ts';
import { DbSnapshot, PreviewSite, type PreviewUpdate, startPreview } from '../../reports/preview/index.ts';
import { CliError } from '../args.ts';
import { type Command, DB_OPTION } from '../command.ts';
import { onInterrupt } from '../interrupt.ts';
import { noDatabaseMessage, openExistingDb } from '../openExistingDb.ts';
import { terminalText } from '../terminalText.ts';

export const previewCommand: Command = {
  name: 'preview',
  summary:
    'Serve the report site on 127.0.0.1, rebuilding the pages a change touches and reloading the browser',
  usage: 'roundbook preview [--port N] [--db FILE] [--pages DIR]',
  options: {
    db: { ...DB_OPTION.db, description: 'DuckDB file to read (never written, never created)' },
    port: { type: 'string', default: '4173', description: 'port on 127.0.0.1 to serve on (0: any free one)' },
    pages: {
      type: 'string',
      description: 'folder of your own pages (override built-in pages of the same name)',
    },
  },
  details:
    'Pages are those `roundbook report` builds (built-in, ./pages/, --pages DIR), built in memory:\n' +
    'nothing is written, site/ is left alone. Saving a page file rebuilds that page (every page when the\n' +
    'navigation changes); the database changing (an ingest or analyze) rebuilds every page. Open pages\n' +
    'reload themselves (a small script added only to the pages served here). An error in a page is shown\n' +
    'in the browser as file:line: message and printed here; the preview keeps running, and a saved fix\n' +
    'rebuilds. The database is never created nor held: the preview reads a copy of it (in the temp\n' +
    'folder), made under a read-only open when the file changed. Ctrl-C stops.',
  async run(_positionals, values) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`--port: expected a port number 0-65535, got ${JSON.stringify(values.port)}`);
    const dbPath = String(values.db);
    if (dbPath === ':memory:' || !existsSync(dbPath)) throw new CliError(noDatabaseMessage(dbPath), 1);
    const pagesDirs = [BUILTIN_PAGES_DIR, 'pages'];
    if (typeof values.pages === 'string') {
      if (!existsSync(values.pages)) throw new CliError(`--pages ${values.pages}: no such folder`);
      pagesDirs.push(values.pages);
    }
    const snapshot = new DbSnapshot(dbPath, () => openExistingDb(dbPath, { readOnly: true }));
    const site = new PreviewSite({ pagesDirs, openDb: () => snapshot.open(), dbLabel: dbPath });
    let first = true;
    const interrupt = onInterrupt('preview stopped');
    try {
      const preview = await startPreview({
        site,
        port,
        pagesDirs,
        dbPath,
        onUpdate: (u) => {
          process.stdout.write(`${updateLine(u, first)}\n`);
          first = false;
        },
      }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new CliError(`--port ${port}: already in use (try --port 0)`);
        throw err;
      });
      try {
        if (!interrupt.signal.aborted) {
          process.stdout.write(`preview: ${preview.url} (Ctrl-C stops)\n`);
          await new Promise<void>((done) => interrupt.signal.addEventListener('abort', () => done()));
        }
      } finally {
        await preview.close();
      }
      return 0;
    } finally {
      interrupt.dispose();
      snapshot.dispose();
    }
  },
};

/** One line per rebuild: what was built and how long it took, then every error. */
function updateLine(u: PreviewUpdate, first: boolean): string {
  const what = first
    ? `built ${u.rendered.length} pages`
    : u.queried.length || u.rendered.length
      ? `rebuilt ${u.queried.length ? u.queried.join(', ') : `${u.rendered.length} pages (navigation)`}`
      : 'nothing to rebuild';
  const errors = u.errors.length
    ? `, ${u.errors.length} error${u.errors.length === 1 ? '' : 's'}:\n${u.errors.map((e) => `  ${terminalText(e)}`).join('\n')}`
    : '';
  return `${what} in ${Math.round(u.ms)} ms${errors}`;
}
