import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUILTIN_PAGES_DIR, buildReports } from '../../reports/build.ts';
import { PageBuildError } from '../../reports/errors.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/renderers.ts';
import { loadSessionReport, parseSessionSelector, renderSessionReport } from '../../reports/session/index.ts';
import { Db } from '../../store/db.ts';
import { ensureDerivedTables } from '../../store/migrate.ts';
import { CliError } from '../args.ts';
import { type Command, DB_OPTION } from '../command.ts';
import { linkBaseOption } from '../linkBaseOption.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { terminalLines, terminalText } from '../terminalText.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'Render the report pages to static HTML and Markdown',
  usage:
    'roundbook report [--db FILE] [--out DIR] [--pages DIR] [--format html,md] [--link-base URL]\n       roundbook report --session CAMPAIGN|A-B|N=WORKER [--db FILE] [--out FILE.md]',
  options: {
    ...DB_OPTION,
    out: { type: 'string', default: 'site', description: 'folder to write the site to' },
    pages: {
      type: 'string',
      description: 'folder of your own pages (override built-in pages of the same name)',
    },
    format: { type: 'string', default: 'html,md', description: 'output formats, comma-separated: html, md' },
    'link-base': {
      type: 'string',
      description:
        'base URL (e.g. https://github.com/ORG/REPO/blob/COMMIT): every cited path:line links to URL/<path>#L<line>',
    },
    session: {
      type: 'string',
      description:
        "one session's report in the team's Markdown shape: a campaign (CAMPAIGN or CAMPAIGN/RUN), a round range A-B, or a worker N=…; printed, or written to --out FILE.md",
    },
  },
  details:
    'Pages are the built-in ones, then ./pages/ when present, then --pages DIR; a later page replaces\n' +
    'an earlier one with the same file name. Every error in every page is listed (file:line) and nothing\n' +
    'is written. The site is switched whole: DIR is a link to a complete version in .DIR.versions/ beside\n' +
    'it, replaced at once, so a reader sees the old site or the new one, never a mix, whatever stops the\n' +
    'build; with nothing changed nothing is written. A folder holding files of your own is updated file by\n' +
    'file instead (each page whole). DIR/.roundbook-site.json names the database state the site was built from.',
  async run(_positionals, values) {
    if (typeof values.session === 'string') return sessionReport(values.session, values);
    const formats = String(values.format)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
    if (bad.length || !formats.length)
      throw new CliError(`--format: expected html, md or html,md, got ${JSON.stringify(values.format)}`);
    const linkBase = linkBaseOption(values['link-base']);
    const dbPath = String(values.db);
    const pagesDirs = [BUILTIN_PAGES_DIR, 'pages'];
    if (typeof values.pages === 'string') {
      if (!existsSync(values.pages)) throw new CliError(`--pages ${values.pages}: no such folder`);
      pagesDirs.push(values.pages);
    }
    const outDir = String(values.out);
    const db = await openExistingDb(dbPath);
    try {
      await ensureDerivedTables(db);
      const result = await buildReports({
        db,
        pagesDirs,
        outDir,
        formats: formats as ReportFormat[],
        ...(linkBase ? { linkBase } : {}),
      });
      const written = result.files.filter((f) => f.status === 'written').length;
      for (const o of result.overrides)
        process.stdout.write(`page ${terminalText(o.name)}: using ${terminalText(o.file)}\n`);
      if (result.note) process.stdout.write(`note: ${terminalText(result.note)}\n`);
      process.stdout.write(
        `${result.pages.length} pages, ${written} files written, ${result.files.length - written} unchanged\n` +
          `site: ${terminalText(relativeOrAbsolute(join(outDir, result.entry)))}\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof PageBuildError) {
        process.stderr.write(`${terminalLines(err.message)}\n`);
        return 1;
      }
      throw err;
    } finally {
      db.close();
    }
  },
};

/** `--session`: one session's Markdown report, printed or written to `--out FILE.md`. */
async function sessionReport(session: string, values: Record<string, unknown>): Promise<number> {
  let selector: ReturnType<typeof parseSessionSelector>;
  try {
    selector = parseSessionSelector(session);
  } catch (err) {
    throw new CliError(`--session: ${(err as Error).message}`);
  }
  const dbPath = String(values.db);
  if (dbPath !== ':memory:' && !existsSync(dbPath))
    throw new CliError(`${dbPath}: no database (run roundbook ingest first, or pass --db FILE)`);
  const db = await Db.open(dbPath);
  try {
    await ensureDerivedTables(db);
    const data = await loadSessionReport(db, selector);
    if (data.rounds.length === 0 && data.batches.length === 0)
      throw new CliError(`--session ${session}: no rounds in ${dbPath}`);
    const text = renderSessionReport(data);
    const out = String(values.out);
    if (out.endsWith('.md')) {
      writeFileSync(out, text);
      process.stdout.write(`report: ${terminalText(out)}\n`);
    } else process.stdout.write(process.stdout.isTTY ? `${terminalLines(text)}\n` : text);
    return 0;
  } finally {
    db.close();
  }
}

function relativeOrAbsolute(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? join(path) : rel;
}
