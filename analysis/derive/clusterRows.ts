import { defaultRules, type SignatureInput, signatureOf } from '../../ingest/crash/signature/index.ts';
import type { Db } from '../../ingest/db.ts';
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
  const moves: Record<string, unknown>[] = [];
  const crashes: ClusterCrash[] = stored.map((c) => {
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
