import {
  defaultRules,
  type SignatureInput,
  type SignatureRules,
} from '../../ingest/crash/signature/index.ts';
import type { Db } from '../../store/db.ts';
import type { CrashCaptureRow, CrashRow } from '../../store/rawTables.ts';
import type { ClusterCrash, RoundLabels } from '../crashClusters.ts';

/** A crash as stored at ingest: what clustering reads, what signing it again reads, and where it was read. */
export type StoredCrash = ClusterCrash &
  SignatureInput &
  Pick<CrashRow, 'line' | 'process' | 'pac_failure' | 'original_name'> & { source_id: string };

/** A capture a crash summary listed (`crash_captures`), with its source. */
export type StoredCapture = CrashCaptureRow & { source_id: string };

/** What the crash tables are computed from. */
export interface CrashLoad {
  /** Every stored crash, by crash_uid, with the signature recorded at ingest. */
  crashes: StoredCrash[];
  /** Every capture crash summaries list, by source and line. */
  captures: StoredCapture[];
  /** Labels of the rounds crashes are tied to, by round_uid. */
  labels: ReadonlyMap<string, RoundLabels>;
  /** The signature rules as they are now (the shipped skip and prefix lists). */
  rules: SignatureRules;
  /** The time span of the evidence (report dates, runner rounds' starts), or null when there is none. */
  span: { first: string; last: string } | null;
}

/**
 * The stored crashes and captures, the labels of their rounds, the signature
 * rules as they are now — so that `analyze` can sign every crash again and
 * cluster by the current rules without re-ingesting — and the evidence's time
 * span, which tells a crash of the campaign from one of years before.
 */
export async function loadCrashes(db: Db): Promise<CrashLoad> {
  const crashes = await db.all<StoredCrash>(
    `SELECT crash_uid, source_id, line, signature, rules_version, captured_at, duplicates_folded, frames, round_uid,
            process, exception_type, signal, subtype, fault_address, pac_failure, original_name
     FROM crashes ORDER BY crash_uid, source_id, line`,
  );
  const captures = await db.all<StoredCapture>(
    'SELECT crash_uid, source_id, line, captured_at, file, original_name FROM crash_captures ORDER BY source_id, line',
  );
  const labels = new Map<string, RoundLabels>();
  for (const r of await db.all<RoundLabels & { round_uid: string }>(
    'SELECT round_uid, config, fix_variant, torch_version FROM rounds WHERE round_uid IN (SELECT round_uid FROM crashes WHERE round_uid IS NOT NULL)',
  ))
    labels.set(r.round_uid, r);
  const [span] = await db.all<{ first: string | null; last: string | null }>(
    `SELECT min(t) AS first, max(t) AS last
     FROM (SELECT CAST(report_date AS TIMESTAMP) AS t FROM reports
           UNION ALL SELECT CAST(report_date AS TIMESTAMP) + INTERVAL 1 DAY FROM reports
           UNION ALL SELECT started_at FROM rounds)`,
  );
  return {
    crashes,
    captures,
    labels,
    rules: defaultRules(),
    span: span?.first && span.last ? { first: span.first, last: span.last } : null,
  };
}
