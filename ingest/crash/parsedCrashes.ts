import type { CrashRow, Problem } from '../../store/rawTables.ts';

/** Everything a crash report or crash summary yields: its crashes, and the problems found reading it. */
export interface ParsedCrashes {
  crashes: CrashRow[];
  problems: Problem[];
}
