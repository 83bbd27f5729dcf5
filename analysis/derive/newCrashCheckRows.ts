/**
 * `new_crash_checks`: every report's "new crash" statement joined to the crash
 * captures it can refer to (analysis/newCrashChecks.ts), with the time of each
 * original crash from the stored crashes. A pure function of its loads.
 */
import type { NEW_CRASH_CHECKS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { type CrashLogStatement, newCrashChecks } from '../newCrashChecks.ts';
import type { CrashLoad } from './loadCrashes.ts';

/** The check rows of the reports' crash-log statements against the captures in `load`. */
export function newCrashCheckRows(
  load: CrashLoad,
  statements: readonly CrashLogStatement[],
): RowOf<typeof NEW_CRASH_CHECKS>[] {
  const crashTimes = new Map<string, string>();
  for (const c of load.crashes) {
    if (!c.original_name || !c.captured_at) continue;
    const seen = crashTimes.get(c.original_name);
    if (!seen || c.captured_at < seen) crashTimes.set(c.original_name, c.captured_at);
  }
  return newCrashChecks(statements, load.captures, crashTimes);
}
