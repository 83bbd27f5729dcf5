import type { Problem } from '../../store/rawTables.ts';

/**
 * What every extractor may consult besides its input: the report's own facts
 * (its worker N, from the metadata) and where to record a problem it finds in
 * the data (an ambiguity, a stated conflict) — with its line, never thrown.
 */
export interface ExtractContext {
  /** The report's worker N, or null when the report names none. */
  worker_n: number | null;
  problems: Problem[];
}
