import type { Db } from '../../store/db.ts';
import type { ClaimStance } from '../../store/vocabulary.ts';

/** A conclusion stated in a report, as the claim audits read it. */
export interface ClaimRecord {
  source_id: string;
  line: number;
  text: string;
  subject: string | null;
  stance: ClaimStance;
}

/** Every claim, in source and line order, for the audits of claims against their own report's data. */
export async function loadClaims(db: Db): Promise<ClaimRecord[]> {
  return db.all<ClaimRecord>(
    'SELECT source_id, line, text, subject, stance FROM claims ORDER BY source_id, line',
  );
}
