import type { FoundFile } from './collectFiles.ts';
import type { Db } from './db.ts';
import type { FileProblem } from './ingest.ts';

export interface RoundLogIngest {
  parsed: number;
  unchanged: number;
  ok: number;
  partial: number;
  rejected: number;
  rows_added: Record<string, number>;
  problems: FileProblem[];
}

/** Round logs (JSONL) → rounds + attempts. TODO(integration): wire to ingest/roundLogs.ts. */
export async function ingestRoundLogFiles(
  _db: Db,
  files: readonly FoundFile[],
  _ingestedAt: string,
): Promise<RoundLogIngest> {
  return {
    parsed: 0,
    unchanged: 0,
    ok: 0,
    partial: 0,
    rejected: 0,
    rows_added: {},
    problems: files.map((f) => ({ path: f.path, line: null, message: 'round logs not yet supported' })),
  };
}
