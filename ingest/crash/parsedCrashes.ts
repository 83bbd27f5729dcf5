import type { CrashCaptureRow, CrashRow, Problem } from '../../store/rawTables.ts';

/**
 * Everything a crash report or crash summary yields: its crashes (one per
 * original report), every capture of them a summary lists (none for a single
 * report), and the problems found reading it.
 */
export interface ParsedCrashes {
  crashes: CrashRow[];
  captures: CrashCaptureRow[];
  problems: Problem[];
}
