/**
 * Turns one file's bytes into rows per raw table, without touching the
 * database: the pure half of ingest, run in worker threads. Never throws: a
 * file that cannot be read is `rejected` with its reason, one that parses in
 * part is `partial` with the problems found.
 */

import type { ParsedRows, Problem } from '../store/rawTables.ts';
import type { SourceKind, SourceStatus } from '../store/vocabulary.ts';
import { parseCrashFile } from './crash/parseCrashFile.ts';
import { decodeText } from './decodeText.ts';
import { detectKind } from './detectKind.ts';
import { fitRows } from './fitRows.ts';
import { parseReport } from './markdown/index.ts';

export interface ParsedSource {
  kind: SourceKind | null;
  status: SourceStatus;
  problems: Problem[];
  tables: ParsedRows;
  /** Report category, for the summary. */
  category: string | null;
}

/** Version of the parsers: a source parsed by another version is parsed again. */
export const PARSER_VERSION = '2';

/** Files larger than this are rejected unread (the corpus's largest report is under 200 KB). */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

export function parseSource(bytes: Uint8Array, path: string): ParsedSource {
  const reject = (
    message: string,
    kind: SourceKind | null = kindFromName(path),
    line: number | null = null,
  ): ParsedSource => ({
    kind,
    status: 'rejected',
    problems: [{ line, message }],
    tables: {},
    category: null,
  });
  if (bytes.length === 0) return reject('empty file');
  if (bytes.length > MAX_TEXT_BYTES)
    return reject(
      `file too large: ${(bytes.length / 1048576).toFixed(1)} MB (limit ${MAX_TEXT_BYTES / 1048576} MB)`,
    );
  const decoded = decodeText(bytes);
  if (decoded.binary) return reject(decoded.problems[0].message, undefined, decoded.problems[0].line);
  if (decoded.text.trim() === '') return reject('file holds only whitespace');
  const kind = detectKind(path, decoded.text);
  if (kind === null)
    return reject('JSON that is neither a crash report nor a crash summary', 'crash_summary');
  try {
    return finish(kind, decoded.problems, parseByKind(kind, decoded.text, path));
  } catch (err) {
    // Parsers are written never to throw; if one does, the file is recorded, not lost.
    return reject(`parser failed: ${(err as Error).message}`, kind);
  }
}

interface KindResult {
  tables: ParsedRows;
  problems: Problem[];
  category: string | null;
}

function parseByKind(kind: SourceKind, text: string, path: string): KindResult {
  switch (kind) {
    case 'report': {
      const { report, problems, ...rows } = parseReport(text, path);
      return { tables: { reports: [report], ...rows }, problems, category: report.category };
    }
    case 'crash_report':
    case 'crash_summary': {
      const parsed = parseCrashFile(text, path);
      return {
        tables: { crashes: parsed.crashes, crash_captures: parsed.captures },
        problems: parsed.problems,
        category: null,
      };
    }
    case 'round_log':
      // Round logs are read by DuckDB's own JSON reader (ingest/roundLogs.ts), not here.
      return { tables: {}, problems: [], category: null };
  }
}

/** The file's status from its problems and rows, once every row is fitted to its table (ingest/fitRows.ts). */
function finish(kind: SourceKind, decodeProblems: Problem[], result: KindResult): ParsedSource {
  const fitted = fitRows(result.tables);
  const problems = [...decodeProblems, ...result.problems, ...fitted.problems];
  const rowCount = Object.values(fitted.tables).reduce((n, rows) => n + rows.length, 0);
  const status: SourceStatus =
    problems.length === 0 ? 'ok' : rowCount > 0 || kind === 'report' ? 'partial' : 'rejected';
  return { kind, status, problems, tables: fitted.tables, category: result.category };
}

/**
 * The record of a file its parser could not finish (over its time or memory
 * budget, ingest/parsePool.ts): `rejected`, no rows, the reason as its problem,
 * the kind its name suggests.
 */
export function failedParse(path: string, message: string): ParsedSource {
  return {
    kind: kindFromName(path),
    status: 'rejected',
    problems: [{ line: null, message }],
    tables: {},
    category: null,
  };
}

/** The kind a file's name suggests, for files rejected before their content could tell. */
function kindFromName(path: string): SourceKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl')) return 'round_log';
  if (lower.endsWith('.ips') || lower.endsWith('.crash')) return 'crash_report';
  if (lower.endsWith('.json')) return 'crash_summary';
  return 'report';
}
