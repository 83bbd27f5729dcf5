import type { Db } from '../../store/db.ts';
import type { Origin, RoundStatus, Wrapper } from '../../store/vocabulary.ts';

/** A round read from a report's per-round table, as the audits of stated batches read it. */
export interface RoundRecord {
  round_uid: string;
  source_id: string;
  path: string;
  line: number;
  origin: Origin;
  session: string | null;
  config: string;
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  round_no: number | null;
  status: RoundStatus | null;
  attempts: number | null;
  crashed_attempts: number | null;
  efficiency_pct: number | null;
}

/**
 * Rounds read from reports' per-round tables (few, unlike runner rounds), in
 * source path and line order, for the audits of stated batches.
 */
export async function loadReportRounds(db: Db): Promise<RoundRecord[]> {
  return db.all<RoundRecord>(`
    SELECT r.round_uid, r.source_id, s.path, r.line, r.origin, r.session, r.config, r.fix_variant, r.torch_version,
           r.threads, r.wrapper, r.round_no, r.status, r.attempts, r.crashed_attempts, r.efficiency_pct
    FROM rounds r JOIN sources s USING (source_id)
    WHERE r.origin = 'report'
    ORDER BY s.path, r.line`);
}
