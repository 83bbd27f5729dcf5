/**
 * The marker a report written by `roundbook report --session` (and at the
 * end of `roundbook run`) carries on its first line. Such a report restates
 * rounds the database already holds from round logs and reports; ingest
 * (ingest/markdown/parseReport.ts) reads a file carrying it as a restatement
 * and takes no rounds, batches, measurements or claims from it, so ingesting
 * the written report back counts none of its rounds twice.
 *
 * Round logs are not in the cross-file restatement index
 * (analysis/derive/crossSourceRestatements.ts) and a campaign numbers its
 * rounds from 1 (local numbering, never compared), so without the marker a
 * runner session's report would add every round again.
 */

/** The text that identifies a written session report (an HTML comment: invisible when rendered). */
export const SESSION_REPORT_MARKER = '<!-- roundbook:session-report';

/** The whole first line a written session report starts with. */
export const SESSION_REPORT_MARKER_LINE = `${SESSION_REPORT_MARKER} v1: restates rounds already ingested from round logs and reports; ingest counts none of them -->`;

/**
 * True when `text` is a written session report: its first non-blank line starts with the marker.
 *
 * @example isSessionReport(`${SESSION_REPORT_MARKER_LINE}\n# Verification Rounds 1–20`) // true
 */
export function isSessionReport(text: string): boolean {
  return text.trimStart().startsWith(SESSION_REPORT_MARKER);
}
