import {
  defaultRules,
  type SignatureInput,
  type SignatureRules,
} from '../../ingest/crash/signature/index.ts';
import type { Db } from '../../store/db.ts';
import type { ClusterCrash, RoundLabels } from '../crashClusters.ts';

/** A crash as stored at ingest: what clustering reads and what signing it again reads. */
export type StoredCrash = ClusterCrash & SignatureInput;

/** What the crash tables are computed from. */
export interface CrashLoad {
  /** Every stored crash, by crash_uid, with the signature recorded at ingest. */
  crashes: StoredCrash[];
  /** Labels of the rounds crashes are tied to, by round_uid. */
  labels: ReadonlyMap<string, RoundLabels>;
  /** The signature rules as they are now (the shipped skip and prefix lists). */
  rules: SignatureRules;
}

/**
 * The stored crashes, the labels of their rounds, and the signature rules as
 * they are now — so that `analyze` can sign every crash again and cluster by
 * the current rules without re-ingesting.
 */
export async function loadCrashes(db: Db): Promise<CrashLoad> {
  const crashes = await db.all<StoredCrash>(
    `SELECT crash_uid, signature, rules_version, captured_at, duplicates_folded, frames, round_uid,
            exception_type, signal, subtype, fault_address, original_name
     FROM crashes ORDER BY crash_uid`,
  );
  const labels = new Map<string, RoundLabels>();
  for (const r of await db.all<RoundLabels & { round_uid: string }>(
    'SELECT round_uid, config, fix_variant, torch_version FROM rounds WHERE round_uid IN (SELECT round_uid FROM crashes WHERE round_uid IS NOT NULL)',
  ))
    labels.set(r.round_uid, r);
  return { crashes, labels, rules: defaultRules() };
}
