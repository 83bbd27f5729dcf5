/**
 * The Markdown report parser core: text → ParsedReport. Pure and total: it
 * never throws; anything wrong with the input becomes a `problem` with a line.
 */
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Problem, ReportRow } from '../../store/rawTables.ts';
import { isSessionReport } from '../../store/sessionReportMarker.ts';
import { categorize, hasMeasurementSignalIn } from './category.ts';
import { dedupeScaling } from './dedupeScaling.ts';
import { documentRows } from './documentRows.ts';
import { readEnvStatements } from './envStatements.ts';
import { EXTRACTORS, type ExtractedRows, emptyRows, runExtractors } from './extractors.ts';
import { fieldsOf } from './fields.ts';
import { readMetadata } from './metadata.ts';
import { reportSyntax } from './reportSyntax.ts';
import { resolveEnvironment } from './resolveEnvironment.ts';
import { restatedBatches } from './restatedBatches.ts';
import { fillStatusFromBatches, settleRetries } from './roundStatus.ts';
import { type WalkedBlock, walk } from './walk.ts';

/** Everything a Markdown report yields: its `reports` row, the rows of each extractor's table, and the problems found. */
export type ParsedReport = { report: ReportRow } & ExtractedRows & { problems: Problem[] };

/** Larger inputs are not parsed (remark runs ~300 KB/s; the biggest real report is far smaller). */
export const MAX_REPORT_CHARS = 4_000_000;

const processor = unified().use(remarkParse).use(reportSyntax);

/** Container markers (`>`, list bullets, indentation) beyond this prefix length are cut: remark is quadratic in nesting. */
const MAX_PREFIX = 200;

/**
 * Cuts pathological nesting (thousands of `>` or `- ` on one line, or
 * indentation thousands of columns deep) to a bounded prefix, keeping line
 * numbers; each cut line becomes a problem.
 */
function boundNesting(text: string, problems: Problem[]): string {
  const deep = new RegExp(`^[ \\t>*+-]{${MAX_PREFIX + 1},}`, 'm');
  if (!deep.test(text)) return text;
  const cut: number[] = [];
  const lines = text.split('\n').map((l, i) => {
    const m = /^[ \t>*+-]*/.exec(l);
    if (!m || m[0].length <= MAX_PREFIX) return l;
    cut.push(i + 1);
    return m[0].slice(0, MAX_PREFIX) + l.slice(m[0].length);
  });
  problems.push({
    line: cut[0],
    message: `nesting too deep: container prefix cut to ${MAX_PREFIX} characters on ${cut.length} line${cut.length > 1 ? 's' : ''}`,
  });
  return lines.join('\n');
}

/**
 * Emphasis markers (`*`, `_`) one paragraph may hold before they are read as
 * plain text: micromark resolves emphasis in time quadratic in the markers of
 * one paragraph (34 KB of them took 10 s), and no report has a paragraph of
 * more than a few dozen.
 */
const MAX_MARKERS = 2000;

/** A line's container and bullet prefix (`> - * `), whose markers are structure, not emphasis. */
const PREFIX = /^[ \t>]*(?:[*+-][ \t]+[ \t>]*)*/;
/** A thematic break (`***`, `_ _ _`): structure too. */
const BREAK = /^ {0,3}([*_-])(?:[ \t]*\1){2,}[ \t]*$/;
/** A table row: each cell's emphasis is resolved on its own. */
const TABLE_ROW = /^[ \t]*\|/;

function markersIn(line: string): number {
  if (BREAK.test(line) || TABLE_ROW.test(line)) return 0;
  let n = 0;
  for (let i = PREFIX.exec(line)![0].length; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 42 || c === 95) n++;
  }
  return n;
}

/**
 * Escapes the emphasis markers of every paragraph (a run of non-blank lines)
 * that holds more than `MAX_MARKERS`, so that it is read as plain text in
 * linear time; container prefixes, thematic breaks and table rows are kept.
 * Line numbers stay; each such paragraph becomes a problem naming its lines.
 */
function boundEmphasis(text: string, problems: Problem[]): string {
  let total = 0;
  for (let i = 0; i < text.length && total <= MAX_MARKERS; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95) total++;
  }
  if (total <= MAX_MARKERS) return text;
  const lines = text.split('\n');
  let start = 0;
  let count = 0;
  const flush = (end: number) => {
    if (count > MAX_MARKERS) {
      const escaped: number[] = [];
      for (let i = start; i < end; i++) {
        if (markersIn(lines[i]) === 0) continue;
        const prefix = PREFIX.exec(lines[i])![0];
        lines[i] = prefix + lines[i].slice(prefix.length).replace(/[*_]/g, '\\$&');
        escaped.push(i + 1);
      }
      const [first, last] = [escaped[0], escaped[escaped.length - 1]];
      problems.push({
        line: first,
        message: `${count} emphasis markers (* and _) in one paragraph: read as plain text on line${first === last ? ` ${first}` : `s ${first}-${last}`}`,
      });
    }
    count = 0;
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      flush(i);
      start = i + 1;
    } else count += markersIn(line);
  });
  flush(lines.length);
  return lines.join('\n');
}

function empty(path: string, problems: Problem[]): ParsedReport {
  return {
    report: {
      line: 1,
      title: null,
      report_date: null,
      worker_n: null,
      torch_version: null,
      hardware: null,
      fix_variant: null,
      category: categorize(path, false),
      reported_at: null,
    },
    ...emptyRows(EXTRACTORS),
    problems,
  };
}

function textProblems(text: string): Problem[] {
  const out: Problem[] = [];
  let control = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0) control++;
  // Invalid UTF-8 is named by the ingester's decoder (ingest/decodeText.ts), which sees the bytes;
  // replacement characters here may have been in the file all along.
  if (control)
    out.push({ line: null, message: `binary content: ${control} NUL character${control > 1 ? 's' : ''}` });
  return out;
}

function tableProblems(blocks: WalkedBlock[]): Problem[] {
  const out: Problem[] = [];
  for (const b of blocks) {
    if (b.kind !== 'table') continue;
    const width = b.header.length;
    for (const r of b.rows)
      if (r.cells.length !== width)
        out.push({
          line: r.line,
          message: `table row has ${r.cells.length} cell${r.cells.length === 1 ? '' : 's'}, header has ${width}`,
        });
  }
  return out;
}

/**
 * Parses one Markdown report. Steps: remark (GFM) → walk into blocks with
 * heading context → metadata (title, date, worker N, hardware) → the
 * environment statements of the file (envStatements.ts) fill, with their
 * lines, what headings left unset, conflicts becoming problems
 * (resolveEnvironment.ts) → the extractors of the registry (extractors.ts: rounds, batches,
 * scaling, metrics, claims; an extractor that throws becomes a problem with
 * its line) → rounds without status settled by their batches, failed rounds'
 * retries by the file's stated maximum (roundStatus.ts) → batches restating
 * the file's own rounds given their range or dropped (restatedBatches.ts) → scaling
 * statements that restate a table's point dropped → category from
 * the path, whether measurements were found and the worker N → what the
 * category makes of the rounds and batches (documentRows.ts: none from a
 * document that is not a report, claims from a project document; nothing at all from a session
 * report roundbook wrote, store/sessionReportMarker.ts). Fenced code is skipped (see
 * walk.ts). Never throws.
 *
 * @param text the file's text (already decoded)
 * @param path the file's path, used for the category, the worker N fallback and the date fallback
 * @example parseReport('# Verification Rounds 1740-1759 - N=2941\n…', 'reports/x.md').rounds.length
 */
export function parseReport(text: string, path: string): ParsedReport {
  const problems: Problem[] = [];
  try {
    if (typeof text !== 'string') return empty(String(path), [{ line: null, message: 'input is not text' }]);
    if (text.trim() === '') return empty(path, [{ line: null, message: 'empty file' }]);
    if (text.length > MAX_REPORT_CHARS)
      return empty(path, [
        {
          line: null,
          message: `file too large to parse: ${text.length} characters (limit ${MAX_REPORT_CHARS})`,
        },
      ]);
    problems.push(...textProblems(text));
    const tree = processor.parse(boundEmphasis(boundNesting(text, problems), problems)) as Root;
    const blocks = walk(tree);
    const fields = fieldsOf(blocks);
    const meta = readMetadata(blocks, fields, path);
    const env = resolveEnvironment(blocks, readEnvStatements(blocks, fields), problems);
    if (meta.title == null) problems.push({ line: null, message: 'no title: the file has no heading' });
    problems.push(...tableProblems(blocks));

    const rows = runExtractors(blocks, EXTRACTORS, problems, { worker_n: meta.worker_n });
    for (const f of rows.environment_facts) f.stated_on ??= meta.updated_date;
    fillStatusFromBatches(rows.rounds, rows.batches);
    settleRetries(rows.rounds, blocks, problems);
    restatedBatches(rows, blocks);
    rows.scaling = dedupeScaling(rows.scaling);
    // A lone "0 new crashes" / "0 errors" is a status line, not a runtime measurement.
    const measuring = rows.metrics.some((m) => m.metric !== 'crash_logs_new' && m.metric !== 'errors');
    const measured =
      measuring ||
      rows.rounds.length + rows.batches.length + rows.scaling.length > 0 ||
      hasMeasurementSignalIn(blocks);
    // A session report roundbook wrote restates rounds already ingested: never evidence, never counted again.
    const restatement = isSessionReport(text);
    const category = restatement ? 'not_evidence' : categorize(path, measured, meta.worker_n);
    documentRows(category, meta, rows);
    if (restatement) {
      rows.claims = [];
      rows.environment_facts = [];
    }
    return {
      report: {
        line: meta.titleLine ?? 1,
        title: meta.title,
        report_date: meta.report_date,
        worker_n: meta.worker_n,
        torch_version: env.labels.torch_version,
        hardware: meta.hardware,
        fix_variant: env.labels.fix_variant,
        category,
        reported_at: meta.reported_at,
      },
      ...rows,
      problems,
    };
  } catch (err) {
    problems.push({ line: null, message: `parser failed: ${(err as Error)?.message ?? String(err)}` });
    return empty(typeof path === 'string' ? path : '', problems);
  }
}
