/**
 * `crash_clusters`, `crash_moves` and `distinct_crashes`: every crash's
 * signature is made again with the rules as they are now, so editing the skip
 * or prefix lists and re-running `analyze` re-clusters without re-ingesting;
 * a crash whose signature differs from the one recorded at ingest is listed
 * as moved. All three read the same distinct crashes (a crash read from
 * several files is one crash: analysis/distinctCrashes.ts), each marked under
 * test or apart (analysis/crashScope.ts), so their counts agree.
 * Pure functions of the crash load (`loadCrashes.ts`).
 */
import { signatureOf } from '../../ingest/crash/signature/index.ts';
import type { CRASH_CLUSTERS, CRASH_MOVES, DISTINCT_CRASHES } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { crashClusters } from '../crashClusters.ts';
import { type CrashScope, crashScope } from '../crashScope.ts';
import { type DistinctCrash, distinctCrashes } from '../distinctCrashes.ts';
import type { CrashLoad, StoredCrash } from './loadCrashes.ts';

/** `crash_clusters`: one row per signature under the current rules (and scope), the count maps as JSON text. */
export function crashClusterRows(load: CrashLoad): RowOf<typeof CRASH_CLUSTERS>[] {
  const crashes = signedDistinct(load).map(({ distinct, crash, now, scope }) => ({
    ...crash,
    duplicates_folded: distinct.duplicates_folded,
    signature: now.signature,
    rules_version: now.rules_version,
    ...scope,
  }));
  return crashClusters(crashes, load.labels).map((c) => ({
    ...c,
    by_config: JSON.stringify(c.by_config),
    by_fix_variant: JSON.stringify(c.by_fix_variant),
    by_torch_version: JSON.stringify(c.by_torch_version),
  }));
}

/** `crash_moves`: the crashes (one per distinct crash) whose signature under the current rules is not the stored one. */
export function crashMoveRows(load: CrashLoad): RowOf<typeof CRASH_MOVES>[] {
  return signedDistinct(load)
    .filter(({ distinct, now }) => now.signature !== distinct.crash.signature)
    .map(({ distinct: { crash }, now }) => ({
      crash_uid: crash.crash_uid,
      old_signature: crash.signature,
      old_rules_version: crash.rules_version,
      new_signature: now.signature,
      new_rules_version: now.rules_version,
    }));
}

/** `distinct_crashes`: one row per distinct crash, with its files, copies, captures and scope. */
export function distinctCrashRows(load: CrashLoad): RowOf<typeof DISTINCT_CRASHES>[] {
  return signedDistinct(load).map(({ distinct, crash, now, scope }) => {
    const { members } = distinct;
    const uids = new Set(members.map((m) => m.crash_uid));
    const names = new Set(members.map((m) => m.original_name).filter((n) => n !== null));
    const mine = load.captures.filter(
      (c) => uids.has(c.crash_uid) || (c.original_name !== null && names.has(c.original_name)),
    );
    const times = mine
      .map((c) => c.captured_at)
      .filter((t): t is string => t !== null)
      .sort();
    return {
      crash_uid: crash.crash_uid,
      source_id: crash.source_id,
      line: crash.line,
      original_name: crash.original_name,
      signature: now.signature,
      rules_version: now.rules_version,
      process: crash.process,
      captured_at: crash.captured_at,
      exception_type: crash.exception_type,
      signal: crash.signal,
      subtype: crash.subtype,
      pac_failure: crash.pac_failure,
      frames: crash.frames,
      round_uid: crash.round_uid,
      files: members.length,
      duplicates_folded: distinct.duplicates_folded,
      captures: mine.length,
      first_captured_at: times[0] ?? null,
      ...scope,
    };
  });
}

/** A distinct crash with its signature under the current rules and whether it is one of the process under test. */
interface SignedCrash {
  distinct: DistinctCrash<StoredCrash>;
  /** The record standing for it, tied to the round any of its records was tied to. */
  crash: StoredCrash;
  now: { signature: string; rules_version: string };
  scope: CrashScope;
}

/** The distinct crashes, each signed with the current rules and scoped (see the module comment). */
function signedDistinct(load: CrashLoad): SignedCrash[] {
  const distinct = distinctCrashes(load.crashes);
  const testProcesses = new Set(
    load.crashes.filter((c) => c.round_uid && c.process).map((c) => (c.process as string).trim()),
  );
  return distinct.map((d) => {
    const crash = { ...d.crash, round_uid: d.members.find((m) => m.round_uid)?.round_uid ?? null };
    return {
      distinct: d,
      crash,
      now: signatureOf(crash, load.rules),
      scope: crashScope(crash, { testProcesses, span: load.span }),
    };
  });
}
