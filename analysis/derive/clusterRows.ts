import { defaultRules, type SignatureInput, signatureOf } from '../../ingest/crash/signature/index.ts';
import type { Db } from '../../store/db.ts';
import { type ClusterCrash, crashClusters, type RoundLabels } from '../crashClusters.ts';

type StoredCrash = ClusterCrash & SignatureInput;

/**
 * `crash_clusters` and `crash_moves`: every crash's signature is made again
 * with the rules as they are now, so editing the skip or prefix lists and
 * re-running `analyze` re-clusters without re-ingesting; a crash whose
 * signature differs from the one recorded at ingest is listed as moved.
 */
export async function crashClusterRows(
  db: Db,
): Promise<{ clusters: Record<string, unknown>[]; moves: Record<string, unknown>[] }> {
  const stored = await db.all<StoredCrash>(
    `SELECT crash_uid, signature, rules_version, captured_at, duplicates_folded, frames, round_uid,
            exception_type, signal, subtype, fault_address, original_name
     FROM crashes ORDER BY crash_uid`,
  );
  const rules = defaultRules();
  const distinct = oneCrashPerReport(stored);
  const moves: Record<string, unknown>[] = [];
  const crashes: ClusterCrash[] = distinct.map((c) => {
    const now = signatureOf(c, rules);
    if (now.signature !== c.signature)
      moves.push({
        crash_uid: c.crash_uid,
        old_signature: c.signature,
        old_rules_version: c.rules_version,
        new_signature: now.signature,
        new_rules_version: now.rules_version,
      });
    return { ...c, signature: now.signature, rules_version: now.rules_version };
  });
  const labels = new Map<string, RoundLabels>();
  for (const r of await db.all<RoundLabels & { round_uid: string }>(
    'SELECT round_uid, config, fix_variant, torch_version FROM rounds WHERE round_uid IN (SELECT round_uid FROM crashes WHERE round_uid IS NOT NULL)',
  ))
    labels.set(r.round_uid, r);
  const clusters = crashClusters(crashes, labels).map((c) => ({
    ...c,
    by_config: JSON.stringify(c.by_config),
    by_fix_variant: JSON.stringify(c.by_fix_variant),
    by_torch_version: JSON.stringify(c.by_torch_version),
  }));
  return { clusters, moves };
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
