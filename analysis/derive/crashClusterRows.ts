/**
 * `crash_clusters` and `crash_moves`: every crash's signature is made again
 * with the rules as they are now, so editing the skip or prefix lists and
 * re-running `analyze` re-clusters without re-ingesting; a crash whose
 * signature differs from the one recorded at ingest is listed as moved.
 * Pure functions of the crash load (`loadCrashes.ts`).
 */
import { signatureOf } from '../../ingest/crash/signature/index.ts';
import type { CRASH_CLUSTERS, CRASH_MOVES } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { crashClusters } from '../crashClusters.ts';
import type { CrashLoad, StoredCrash } from './loadCrashes.ts';

/** `crash_clusters`: one row per signature under the current rules, the count maps as JSON text. */
export function crashClusterRows(load: CrashLoad): RowOf<typeof CRASH_CLUSTERS>[] {
  const crashes = signedNow(load).map(({ crash, now }) => ({
    ...crash,
    signature: now.signature,
    rules_version: now.rules_version,
  }));
  return crashClusters(crashes, load.labels).map((c) => ({
    ...c,
    by_config: JSON.stringify(c.by_config),
    by_fix_variant: JSON.stringify(c.by_fix_variant),
    by_torch_version: JSON.stringify(c.by_torch_version),
  }));
}

/** `crash_moves`: the crashes (one per original report) whose signature under the current rules is not the stored one. */
export function crashMoveRows(load: CrashLoad): RowOf<typeof CRASH_MOVES>[] {
  return signedNow(load)
    .filter(({ crash, now }) => now.signature !== crash.signature)
    .map(({ crash, now }) => ({
      crash_uid: crash.crash_uid,
      old_signature: crash.signature,
      old_rules_version: crash.rules_version,
      new_signature: now.signature,
      new_rules_version: now.rules_version,
    }));
}

/** One crash per original report, each with its signature under the current rules. */
function signedNow(load: CrashLoad) {
  return oneCrashPerReport(load.crashes).map((crash) => ({ crash, now: signatureOf(crash, load.rules) }));
}

/**
 * One crash per original report: a crash read from its `.ips` file and the
 * same crash listed in a crash summary share the original report's name; the
 * one with more frames (the report itself) stands for both, and the other is
 * counted among its folded duplicates.
 */
function oneCrashPerReport(crashes: readonly StoredCrash[]): StoredCrash[] {
  const best = new Map<string, StoredCrash>();
  const folded = new Map<string, number>();
  for (const c of crashes) {
    if (!c.original_name) continue;
    const seen = best.get(c.original_name);
    folded.set(c.original_name, (folded.get(c.original_name) ?? -1) + 1 + (c.duplicates_folded ?? 0));
    if (!seen || (c.frames?.length ?? 0) > (seen.frames?.length ?? 0)) best.set(c.original_name, c);
  }
  return crashes
    .filter((c) => !c.original_name || best.get(c.original_name) === c)
    .map((c) => (c.original_name ? { ...c, duplicates_folded: folded.get(c.original_name) ?? 0 } : c));
}
