import { looksBinary } from './binaryText.ts';

/** The crash formats roundbook reads. */
export type CrashFormat = 'ips' | 'crash' | 'crash_summary';

/**
 * Tells a crash file's format from its content (never its extension):
 * - `crash_summary`: a JSON object whose `"crashes"` array comes with `file`
 *   entries or `total_files` / `last_check`;
 * - `crash`: text with "Exception Type:", "Incident Identifier:" or
 *   "Thread N Crashed:" (with or without a one-line JSON header);
 * - `ips`: JSON starting with a header or body that has `bug_type`,
 *   `incident_id`, `procName`, `faultingThread` or `threads`;
 * - null for binary data or anything else. Truncated files are still
 *   recognised, so that their parser can say what is wrong.
 */
export function detectCrashFormat(text: string): CrashFormat | null {
  if (looksBinary(text)) return null;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const head = start.slice(0, 8192);
  if (head.startsWith('{') && /^\{\s*"crashes"\s*:\s*\[/.test(head)) return 'crash_summary';
  if (
    head.startsWith('{') &&
    /"crashes"\s*:\s*\[/.test(head) &&
    /"(?:total_files|last_check)"\s*:/.test(start.slice(-4096))
  )
    return 'crash_summary';
  if (/^(?:Exception Type:|Incident Identifier:|Thread \d+ Crashed:)/m.test(head)) return 'crash';
  if (head.startsWith('{') && /"(?:bug_type|incident_id|procName|faultingThread|threads)"\s*:/.test(head))
    return 'ips';
  return null;
}
