import type { Problem } from '../../store/rawTables.ts';

/** 1-based line of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Describes a `JSON.parse` failure of `part` (which starts at line
 * `firstLine` of its file) as a problem: `truncated` when the text ends
 * before the document does, `not JSON` otherwise, with the line of the error
 * when V8 reports a position.
 */
export function jsonFailure(err: unknown, part: string, firstLine: number, what: string): Problem {
  const message = err instanceof Error ? err.message : String(err);
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : null;
  const truncated =
    /end of JSON input|Unterminated/i.test(message) ||
    (offset !== null && offset >= part.trimEnd().length - 1);
  const line =
    offset === null
      ? truncated
        ? firstLine + lineAt(part, part.length) - 1
        : firstLine
      : firstLine + lineAt(part, offset) - 1;
  return {
    line,
    message: truncated
      ? `truncated ${what}: the file ends inside the JSON document`
      : `${what} is not JSON: ${message}`,
  };
}
