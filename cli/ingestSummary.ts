import type { IngestSummary } from '../ingest/ingest.ts';
import { formatTable } from './format.ts';
import { terminalText } from './terminalText.ts';

/** Prints an ingest summary for people: files by status, rows per table, the first problems. */
export function printIngestSummary(s: IngestSummary, out: NodeJS.WritableStream = process.stdout): void {
  const f = s.files;
  out.write(
    `Ingested ${f.seen} files in ${s.seconds.toFixed(2)} s: ${f.parsed} parsed (${f.ok} ok, ${f.partial} partial, ${f.rejected} rejected), ` +
      `${f.unchanged} unchanged, ${f.duplicates} byte-identical copies` +
      `${f.excluded ? `; ${f.excluded} excluded (.roundbookignore, --exclude)` : ''}\n\n`,
  );
  const rows = Object.keys(s.rows_total).map((table) => ({
    table,
    added: s.rows_added[table] ?? 0,
    total: s.rows_total[table],
  }));
  out.write(`${formatTable(rows)}\n`);
  if (s.problems.length) {
    out.write(
      `\n${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}${s.problems.length > 10 ? ' (first 10)' : ''}:\n`,
    );
    for (const p of s.problems.slice(0, 10))
      out.write(
        `  ${terminalText(p.path)}${p.line != null ? `:${p.line}` : ''}: ${terminalText(p.message)}\n`,
      );
    if (s.problems.length > 10)
      out.write(
        '  … see: roundbook query "SELECT path, status, problems FROM sources WHERE status <> \'ok\'"\n',
      );
  }
}
