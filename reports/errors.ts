/**
 * Errors of the page builder: every problem names the page file and the line
 * (1-based, in the page's own file), and the builder collects them all before
 * it renders anything.
 */

/** One problem found in a page: where it is and what is wrong. */
export interface PageError {
  /** Path of the page file as given to the builder. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  message: string;
}

/** `file:line: message`, the form every error is printed in. */
export function formatPageError(e: PageError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/**
 * Thrown by {@link buildReports} when any page has an error; `errors` lists
 * every one of them, sorted by file and line. Nothing has been written when it
 * is thrown.
 */
export class PageBuildError extends Error {
  readonly errors: PageError[];
  constructor(errors: PageError[]) {
    const sorted = [...errors].sort(
      (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line,
    );
    super(
      `${sorted.length} error${sorted.length === 1 ? '' : 's'} in report pages:\n${sorted.map(formatPageError).join('\n')}`,
    );
    this.name = 'PageBuildError';
    this.errors = sorted;
  }
}
