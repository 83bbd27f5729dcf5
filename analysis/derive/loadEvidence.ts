/**
 * Reads the raw tables into evidence groups for the statistics: one group per
 * source × session × environment for listed rounds (runner logs or a report's
 * per-round table), one group per stated batch. Rounds are aggregated inside
 * DuckDB, so a million rounds arrive as a few hundred groups; only small
 * efficiency samples (for the bootstrap) come back value by value (report
 * rounds, for the audits, are read by `loadReportRounds.ts`). The selection rules (no cumulative totals, no round twice,
 * no pooling across environments) live in `analysis/stats/selectEvidence.ts`.
 */
import type { Db } from '../../store/db.ts';
import type { BatchKind, Origin, Wrapper } from '../../store/vocabulary.ts';
import type { EvidenceGroup } from '../stats/index.ts';
import { environmentOf } from './environments.ts';

/** A stated batch ("Pass Rate: 17/20") as the audits and the evidence read it. */
export interface BatchRecord {
  source_id: string;
  path: string;
  line: number;
  label: string;
  config: string;
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  workload: string | null;
  serialised: string | null;
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  efficiency_min: number | null;
  efficiency_max: number | null;
  round_first: number | null;
  round_last: number | null;
  kind: BatchKind;
}

/** What a round group holds beyond its counts: efficiency of passing rounds and retries. */
export interface GroupDetail {
  /** Efficiency of passing rounds: count, mean, sample variance, and the values when few. */
  effN: number;
  effMean: number | null;
  effVar: number | null;
  effValues: number[] | null;
  /** Passing rounds by crashed attempts before the pass (rounds whose attempts are recorded). */
  retries: Map<number, number>;
  /** Failed rounds whose attempts are recorded. */
  failedWithAttempts: number;
  /** Most attempts any round of the group made. */
  maxAttempts: number;
}

/** Efficiency samples up to this size come back value by value (for the bootstrap). */
export const MAX_EFFICIENCY_VALUES = 5000;

/** The evidence of the raw tables: round groups and stated batches, and the details of each round group. */
export interface Evidence {
  /** Round groups (one per source × session × environment) first, then one group per stated batch. */
  groups: EvidenceGroup[];
  batches: BatchRecord[];
  /** What each round group holds beyond its counts (batch groups have none). */
  details: ReadonlyMap<EvidenceGroup, GroupDetail>;
}

const GROUP_KEY = `r.source_id, coalesce(r.session, ''), coalesce(r.fix_variant, '\u0001'), coalesce(r.torch_version, '\u0001'),
  coalesce(r.threads, -1), coalesce(r.wrapper, '\u0001'), coalesce(r.workload, '\u0001'), coalesce(r.serialised, '\u0001'),
  coalesce(r.fingerprint, '\u0001')`;

interface GroupRow {
  gid: number;
  source_id: string;
  path: string;
  line: number;
  origin: Origin;
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  workload: string | null;
  serialised: string | null;
  fingerprint: string | null;
  rounds: number;
  crashed: number;
  attempts: number | null;
  crashed_attempts: number | null;
  attempts_known: boolean;
  round_numbers: number[] | null;
  eff_n: number;
  eff_mean: number | null;
  eff_var: number | null;
  eff_values: number[] | null;
  failed_with_attempts: number;
  max_attempts: number | null;
}

/**
 * Round groups and stated batches, as evidence for the statistics: the load
 * that pass rates, attempt rates, comparisons, audits and verdicts share
 * (read once per `analyze`), and what an on-the-fly verdict reads.
 */
export async function loadEvidence(db: Db): Promise<Evidence> {
  // Only the columns read below: `rounds` is a view, and its other columns (the config key, times, hosts) cost.
  await db.run(`CREATE OR REPLACE TEMP TABLE rb_rounds AS
    SELECT r.source_id, r.line, r.origin, r.fix_variant, r.torch_version, r.threads, r.wrapper, r.workload, r.serialised, r.fingerprint,
      r.status, r.attempts, r.crashed_attempts, r.round_no, r.efficiency_pct, s.path,
      dense_rank() OVER (ORDER BY ${GROUP_KEY}) AS gid
    FROM rounds r JOIN sources s USING (source_id) WHERE r.status IS NOT NULL`);
  try {
    const rows = await db.all<GroupRow>(`
      SELECT gid, any_value(source_id) AS source_id, any_value(path) AS path, min(line) AS line, any_value(origin) AS origin,
        any_value(fix_variant) AS fix_variant, any_value(torch_version) AS torch_version, any_value(threads) AS threads,
        any_value(wrapper) AS wrapper, any_value(workload) AS workload, any_value(serialised) AS serialised, any_value(fingerprint) AS fingerprint,
        count(*) AS rounds, count(*) FILTER (status <> 'pass') AS crashed,
        sum(coalesce(attempts, crashed_attempts + CASE WHEN status = 'pass' THEN 1 ELSE 0 END)) AS attempts,
        sum(crashed_attempts) AS crashed_attempts,
        bool_and(crashed_attempts IS NOT NULL) AS attempts_known,
        CASE WHEN any_value(origin) = 'report' THEN list(round_no ORDER BY line) FILTER (round_no IS NOT NULL) END AS round_numbers,
        count(efficiency_pct) FILTER (status = 'pass') AS eff_n,
        avg(efficiency_pct) FILTER (status = 'pass') AS eff_mean,
        var_samp(efficiency_pct) FILTER (status = 'pass') AS eff_var,
        CASE WHEN count(efficiency_pct) FILTER (status = 'pass') <= ${MAX_EFFICIENCY_VALUES}
          THEN list(efficiency_pct ORDER BY line) FILTER (status = 'pass' AND efficiency_pct IS NOT NULL) END AS eff_values,
        count(*) FILTER (status <> 'pass' AND crashed_attempts IS NOT NULL) AS failed_with_attempts,
        max(greatest(coalesce(attempts, 0), coalesce(crashed_attempts, 0) + CASE WHEN status = 'pass' THEN 1 ELSE 0 END)) AS max_attempts
      FROM rb_rounds GROUP BY gid ORDER BY gid`);
    const retries = await db.all<{ gid: number; crashed_attempts: number; n: number }>(`
      SELECT gid, crashed_attempts, count(*) AS n FROM rb_rounds
      WHERE status = 'pass' AND crashed_attempts IS NOT NULL GROUP BY ALL ORDER BY ALL`);
    const byGid = new Map<number, Map<number, number>>();
    for (const r of retries) {
      const m = byGid.get(r.gid) ?? new Map<number, number>();
      m.set(r.crashed_attempts, r.n);
      byGid.set(r.gid, m);
    }
    const details = new Map<EvidenceGroup, GroupDetail>();
    const groups: EvidenceGroup[] = rows.map((g) => {
      const group: EvidenceGroup = {
        id: `${g.path}:${g.line}`,
        source_id: g.source_id,
        origin: g.origin,
        kind: 'primary',
        env: environmentOf(g),
        rounds: g.rounds,
        crashed: g.crashed,
        attempts: g.attempts_known ? g.attempts : null,
        crashedAttempts: g.attempts_known ? g.crashed_attempts : null,
        roundNumbers: g.round_numbers,
      };
      details.set(group, {
        effN: g.eff_n,
        effMean: g.eff_mean,
        effVar: g.eff_var,
        effValues: g.eff_values,
        retries: byGid.get(g.gid) ?? new Map(),
        failedWithAttempts: g.failed_with_attempts,
        maxAttempts: g.max_attempts ?? 0,
      });
      return group;
    });
    const batches = await loadBatches(db);
    for (const b of batches) groups.push(batchGroup(b));
    return { groups, batches, details };
  } finally {
    await db.run('DROP TABLE IF EXISTS rb_rounds');
  }
}

function batchGroup(b: BatchRecord): EvidenceGroup {
  return {
    id: `${b.path}:${b.line}`,
    source_id: b.source_id,
    origin: 'batch',
    kind: b.kind,
    env: environmentOf(b),
    rounds: b.rounds,
    crashed: b.rounds - (b.passed ?? 0),
    attempts: null,
    crashedAttempts: null,
    roundFirst: b.round_first,
    roundLast: b.round_last,
  };
}

async function loadBatches(db: Db): Promise<BatchRecord[]> {
  return db.all<BatchRecord>(`
    SELECT b.source_id, s.path, b.line, b.label, b.config, b.fix_variant, b.torch_version, b.threads, b.wrapper, b.workload, b.serialised,
           b.rounds, b.passed, b.efficiency_avg, b.efficiency_min, b.efficiency_max, b.round_first, b.round_last, b.kind
    FROM batches b JOIN sources s USING (source_id)
    WHERE b.rounds > 0 AND b.passed IS NOT NULL
    ORDER BY s.path, b.line`);
}
