/**
 * Reads the raw tables into evidence groups for the statistics: one group per
 * source × environment for listed rounds (runner logs or a report's per-round
 * table), one group per stated batch. The selection rules (no cumulative
 * totals, no round twice, no pooling across environments) live in
 * `analysis/stats/selectEvidence.ts`; this module only reads.
 */
import type { Db } from '../../ingest/db.ts';
import type { Environment, EvidenceGroup } from '../stats/index.ts';

export interface RoundRecord {
  round_uid: string;
  source_id: string;
  path: string;
  line: number;
  origin: 'runner' | 'report';
  session: string | null;
  config: string;
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
  fingerprint: string | null;
  round_no: number | null;
  status: 'pass' | 'fail' | 'error' | 'timeout' | null;
  attempts: number | null;
  crashed_attempts: number | null;
  efficiency_pct: number | null;
  started_at: string | null;
  host: string | null;
  report_date: string | null;
}

export interface BatchRecord {
  source_id: string;
  path: string;
  line: number;
  label: string;
  config: string;
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  efficiency_min: number | null;
  efficiency_max: number | null;
  round_first: number | null;
  round_last: number | null;
  kind: 'primary' | 'cumulative';
}

export async function loadRounds(db: Db): Promise<RoundRecord[]> {
  return db.all<RoundRecord>(`
    SELECT r.round_uid, r.source_id, s.path, r.line, r.origin, r.session, r.config, r.fix_variant, r.torch_version,
           r.threads, r.wrapper, r.fingerprint, r.round_no, r.status, r.attempts, r.crashed_attempts, r.efficiency_pct,
           r.started_at, r.host, CAST(rep.report_date AS VARCHAR) AS report_date
    FROM rounds r JOIN sources s USING (source_id) LEFT JOIN reports rep USING (source_id)
    ORDER BY r.config, r.started_at NULLS LAST, rep.report_date NULLS LAST, r.round_no NULLS LAST, s.path, r.line`);
}

export async function loadBatches(db: Db): Promise<BatchRecord[]> {
  return db.all<BatchRecord>(`
    SELECT b.source_id, s.path, b.line, b.label, b.config, b.fix_variant, b.torch_version, b.threads, b.wrapper,
           b.rounds, b.passed, b.efficiency_avg, b.efficiency_min, b.efficiency_max, b.round_first, b.round_last, b.kind
    FROM batches b JOIN sources s USING (source_id)
    WHERE b.rounds > 0 AND b.passed IS NOT NULL
    ORDER BY s.path, b.line`);
}

export function environmentOf(r: {
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
  fingerprint?: string | null;
}): Environment {
  return {
    fix_variant: r.fix_variant,
    torch_version: r.torch_version,
    threads: r.threads,
    wrapper: r.wrapper,
    fingerprint: r.fingerprint ?? null,
  };
}

const crashedRound = (r: RoundRecord) => r.status !== null && r.status !== 'pass';

/** Groups listed rounds by source, session and environment; stated batches stay one group each. */
export function evidenceGroups(
  rounds: readonly RoundRecord[],
  batches: readonly BatchRecord[],
): EvidenceGroup[] {
  const groups = new Map<string, { group: EvidenceGroup; attemptsKnown: boolean }>();
  for (const r of rounds) {
    if (r.status === null) continue;
    const env = environmentOf(r);
    const key = `${r.source_id}\u0000${r.session ?? ''}\u0000${JSON.stringify(env)}`;
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        group: {
          id: `${r.path}:${r.line}`,
          source_id: r.source_id,
          origin: r.origin,
          kind: 'primary',
          env,
          rounds: 0,
          crashed: 0,
          attempts: 0,
          crashedAttempts: 0,
          roundNumbers: [],
        },
        attemptsKnown: true,
      };
      groups.set(key, entry);
    }
    const g = entry.group;
    g.rounds++;
    if (crashedRound(r)) g.crashed++;
    if (r.round_no !== null) (g.roundNumbers as number[]).push(r.round_no);
    const attempts =
      r.attempts ?? (r.crashed_attempts !== null ? r.crashed_attempts + (r.status === 'pass' ? 1 : 0) : null);
    if (attempts === null || r.crashed_attempts === null) entry.attemptsKnown = false;
    else {
      g.attempts = (g.attempts ?? 0) + attempts;
      g.crashedAttempts = (g.crashedAttempts ?? 0) + r.crashed_attempts;
    }
  }
  const out: EvidenceGroup[] = [];
  for (const { group, attemptsKnown } of groups.values()) {
    if (!attemptsKnown) {
      group.attempts = null;
      group.crashedAttempts = null;
    }
    out.push(group);
  }
  for (const b of batches) {
    if (b.passed === null) continue;
    out.push({
      id: `${b.path}:${b.line}`,
      source_id: b.source_id,
      origin: 'batch',
      kind: b.kind,
      env: environmentOf(b),
      rounds: b.rounds,
      crashed: b.rounds - b.passed,
      attempts: null,
      crashedAttempts: null,
      roundFirst: b.round_first,
      roundLast: b.round_last,
    });
  }
  return out;
}
