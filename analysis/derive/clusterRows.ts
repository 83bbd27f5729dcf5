import type { Db } from '../../ingest/db.ts';
import { type ClusterCrash, crashClusters, type RoundLabels } from '../crashClusters.ts';

/** `crash_clusters`: crashes grouped by signature, labelled by the rounds they were tied to. */
export async function crashClusterRows(db: Db): Promise<Record<string, unknown>[]> {
  const crashes = await db.all<ClusterCrash>(
    'SELECT crash_uid, signature, rules_version, captured_at, duplicates_folded, frames, round_uid FROM crashes ORDER BY crash_uid',
  );
  const labels = new Map<string, RoundLabels>();
  for (const r of await db.all<RoundLabels & { round_uid: string }>(
    'SELECT round_uid, config, fix_variant, torch_version FROM rounds WHERE round_uid IN (SELECT round_uid FROM crashes WHERE round_uid IS NOT NULL)',
  ))
    labels.set(r.round_uid, r);
  return crashClusters(crashes, labels).map((c) => ({
    ...c,
    by_config: JSON.stringify(c.by_config),
    by_fix_variant: JSON.stringify(c.by_fix_variant),
    by_torch_version: JSON.stringify(c.by_torch_version),
  }));
}
