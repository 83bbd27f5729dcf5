import type { ParsedCrashes } from './tables.ts';

/** Dispatches a crash report or crash summary to its parser. TODO(integration): wire to ingest/crash. */
export function parseCrashFile(_text: string, _path: string): ParsedCrashes {
  return { crashes: [], problems: [{ line: null, message: 'crash parsing not yet wired' }] };
}
