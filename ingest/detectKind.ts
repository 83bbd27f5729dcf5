import type { SourceKind } from '../store/vocabulary.ts';

/** File name endings the ingester reads when it walks a folder. */
export const INGESTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.ips', '.crash', '.json', '.jsonl'] as const;

export function hasIngestedExtension(path: string): boolean {
  const lower = path.toLowerCase();
  return INGESTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Decides what a file is from its content first and its name second: a crash
 * report saved as `.txt` is still a crash report, a `.json` file is a crash
 * summary only when it has the summary's shape. Returns null for JSON that is
 * none of ours.
 */
export function detectKind(path: string, text: string): SourceKind | null {
  const lower = path.toLowerCase();
  const start = text.trimStart().slice(0, 4096);
  if (lower.endsWith('.jsonl')) return 'round_log';
  if (lower.endsWith('.ips') || lower.endsWith('.crash')) return 'crash_report';
  // Markdown is a report even when it quotes a crash report (crash analyses do).
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'report';
  if (start.startsWith('{')) {
    if (/"crashes"\s*:/.test(start) && /"(?:last_check|total_files|file)"\s*:/.test(text.slice(0, 65536)))
      return 'crash_summary';
    if (/"(?:bug_type|app_name|procName|incident_id|crashReporterKey)"\s*:/.test(start))
      return 'crash_report';
    if (/"schema"\s*:\s*"roundbook/.test(start.slice(0, 300))) return 'round_log';
    if (lower.endsWith('.json')) return null;
  }
  // A crash report saved as text starts with its header, not somewhere inside prose.
  if (
    /^(?:Process:\s+\S|Incident Identifier:\s)/.test(start) &&
    /^Exception Type:/m.test(text.slice(0, 16384))
  )
    return 'crash_report';
  if (lower.endsWith('.json')) return null;
  return 'report';
}
