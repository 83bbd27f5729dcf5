/**
 * Reads the raw tables into evidence groups for the statistics: one group per
 * source × session × environment for listed rounds (runner logs or a report's
 * per-round table), one group per stated batch. Rounds are aggregated inside
 * DuckDB, so a million rounds arrive as a few hundred groups; only small
 * efficiency samples (for the bootstrap) come back value by value (report
 * rounds, for the audits, are read by `loadReportRounds.ts`).
 *
 * Then the cross-file interpretation, on those few hundred groups: what a
 * file leaves unknown is taken from its series (`resolveEnvironments.ts`),
 * PyTorch builds pool by base (`torchPooling.ts`), and rounds another report
 * already gives are marked as restatements (`crossSourceRestatements.ts`).
 * The selection rules (no cumulative totals, no round twice, no pooling
 * across environments) live in `analysis/stats/selectEvidence.ts`.
 */
import type { ConfigLabels } from '../../store/configKey.ts';
import type { Db } from '../../store/db.ts';
import { IS_ATTEMPT } from '../../store/roundEvents.ts';
import type { BatchKind, Origin, Wrapper } from '../../store/vocabulary.ts';
import {
  type AttemptOutcomeCounts,
  ENV_ATTRIBUTES,
  type EnvAttribute,
  type EvidenceGroup,
} from '../stats/index.ts';
import { crossSourceRestatements } from './crossSourceRestatements.ts';
import type { EvidenceUnit } from './evidenceUnit.ts';
import type { EnvironmentFact } from './factReach.ts';
import { reportSources } from './reportSources.ts';
import { resolveEnvironments } from './resolveEnvironments.ts';
import { distinguishedBuilds, pooledTorch } from './torchPooling.ts';

/** A stated batch ("Pass Rate: 17/20") as the audits and the evidence read it. */
export interface BatchRecord extends ConfigLabels {
  source_id: string;
  path: string;
  line: number;
  label: string;
  config: string;
  rounds: number;
  passed: number | null;
  efficiency_avg: number | null;
  efficiency_min: number | null;
  efficiency_max: number | null;
  round_first: number | null;
  round_last: number | null;
  kind: BatchKind;
  fix_variant_from: string;
  torch_from: string;
  threads_from: string;
  wrapper_from: string;
  workload_from: string;
  serialised_from: string;
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
  /** Most attempts any round of the group made. */
  maxAttempts: number;
  /**
   * The group's attempts by outcome, as recorded (null when some round does
   * not record its attempts). A round's attempts before its last are the
   * crashes the wrapper retried; its last is its status (pass, timeout, or a
   * crash or fail); `error` and `interrupted` attempts are the runner's
   * attempt events of the round that could not start or were killed with it.
   */
  outcomes: AttemptOutcomeCounts | null;
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

/** The provenance columns of rounds and batches (a group of rounds shows the weakest of its rows: `file…` before `stated…`). */
const FROM_COLUMNS = ENV_ATTRIBUTES.map((a) => `${a}_from` as const);

const GROUP_KEY = `r.source_id, coalesce(r.session, ''), coalesce(r.fix_variant, '\u0001'), coalesce(r.torch_version, '\u0001'),
  coalesce(r.threads, -1), coalesce(r.wrapper, '\u0001'), coalesce(r.workload, '\u0001'), coalesce(r.serialised, '\u0001'),
  coalesce(r.fingerprint, '\u0001')`;

/** Provenance columns as read, by attribute. */
type FromColumns = Record<`${EnvAttribute}_from`, string>;

interface GroupRow extends FromColumns, ConfigLabels {
  gid: number;
  source_id: string;
  path: string;
  line: number;
  origin: Origin;
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
  max_attempts: number | null;
  /** Passing rounds by their crashed attempts before the pass. */
  retries: { key: number; value: number }[] | null;
  pass_attempts: number;
  crash_attempts: number | null;
  timeout_attempts: number;
  fail_attempts: number | null;
  error_attempts: number;
  interrupted_attempts: number;
}

/**
 * Per runner round (round_uid), its attempts that spent none of the round's:
 * those that could not start (`error`) and those killed with the runner
 * (`interrupted`). The round event counts only the attempts that ran.
 */
const UNSPENT_ATTEMPTS = `SELECT e.round_uid,
    count(DISTINCT e.attempt) FILTER (e.outcome = 'error') AS error_attempts,
    count(DISTINCT e.attempt) FILTER (e.outcome = 'interrupted') AS interrupted_attempts
  FROM round_events e WHERE ${IS_ATTEMPT} AND e.outcome IN ('error', 'interrupted') GROUP BY e.round_uid`;

/**
 * A round's attempts as recorded: its round event's (or report row's)
 * attempts, at least one for a round that ran (null when its crashed attempts
 * are not known).
 */
const ROUND_ATTEMPTS = `greatest(coalesce(attempts, crashed_attempts + CASE WHEN status IN ('pass', 'timeout') THEN 1 ELSE 0 END), 1)`;

/**
 * Round groups and stated batches, as evidence for the statistics: the load
 * that pass rates, attempt rates, comparisons, audits and verdicts share
 * (read once per `analyze`), and what an on-the-fly verdict reads.
 */
export async function loadEvidence(
  db: Db,
  /** Only these units need resolving beyond their workload (see `resolveEnvironments`): the others keep their unknowns. */
  needed?: (u: EvidenceUnit) => boolean,
): Promise<Evidence> {
  // One pass over the `rounds` view (only the columns read below: its others, the config key, times and hosts,
  // cost), grouped by hashing: no window over a million rows, no temporary table.
  const keys = GROUP_KEY.split(/,\s*(?![^()]*\))/).map((k) => k.trim());
  const rows = await db.all<GroupRow>(`
      WITH rb AS (
        SELECT r.source_id, r.line, r.origin, r.fix_variant, r.torch_version, r.threads, r.wrapper, r.workload, r.serialised, r.fingerprint,
          ${FROM_COLUMNS.map((c) => `r.${c}`).join(', ')},
          r.status, r.attempts, r.crashed_attempts, r.round_no, r.efficiency_pct, s.path,
          coalesce(u.error_attempts, 0) AS error_attempts, coalesce(u.interrupted_attempts, 0) AS interrupted_attempts,
          ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}
        FROM rounds r JOIN sources s USING (source_id)
        LEFT JOIN (${UNSPENT_ATTEMPTS}) u ON r.origin = 'runner' AND u.round_uid = r.round_uid
        WHERE r.status IS NOT NULL)
      SELECT row_number() OVER (ORDER BY ${keys.map((_, i) => `k${i}`).join(', ')}) AS gid,
        any_value(source_id) AS source_id, any_value(path) AS path, min(line) AS line, any_value(origin) AS origin,
        any_value(fix_variant) AS fix_variant, any_value(torch_version) AS torch_version, any_value(threads) AS threads,
        any_value(wrapper) AS wrapper, any_value(workload) AS workload, any_value(serialised) AS serialised, any_value(fingerprint) AS fingerprint,
        ${FROM_COLUMNS.map((c) => `min(${c}) AS ${c}`).join(', ')},
        count(*) FILTER (status <> 'error') AS rounds, count(*) FILTER (status NOT IN ('pass', 'error')) AS crashed,
        sum(${ROUND_ATTEMPTS}) FILTER (status <> 'error') AS attempts,
        sum(crashed_attempts) FILTER (status <> 'error') AS crashed_attempts,
        bool_and(crashed_attempts IS NOT NULL) AS attempts_known,
        CASE WHEN any_value(origin) = 'report' THEN list(round_no ORDER BY line) FILTER (round_no IS NOT NULL) END AS round_numbers,
        count(efficiency_pct) FILTER (status = 'pass') AS eff_n,
        avg(efficiency_pct) FILTER (status = 'pass') AS eff_mean,
        var_samp(efficiency_pct) FILTER (status = 'pass') AS eff_var,
        CASE WHEN count(efficiency_pct) FILTER (status = 'pass') <= ${MAX_EFFICIENCY_VALUES}
          THEN list(efficiency_pct ORDER BY line) FILTER (status = 'pass' AND efficiency_pct IS NOT NULL) END AS eff_values,
        max(greatest(coalesce(attempts, 0), coalesce(crashed_attempts, 0) + CASE WHEN status = 'pass' THEN 1 ELSE 0 END)) AS max_attempts,
        count(*) FILTER (status = 'pass') AS pass_attempts,
        sum(crashed_attempts) AS crash_attempts,
        count(*) FILTER (status = 'timeout') AS timeout_attempts,
        sum(greatest(${ROUND_ATTEMPTS} - crashed_attempts - CASE WHEN status IN ('pass', 'timeout', 'error') THEN 1 ELSE 0 END, 0)) AS fail_attempts,
        sum(error_attempts) + count(*) FILTER (status = 'error') AS error_attempts,
        sum(interrupted_attempts) AS interrupted_attempts,
        map_entries(histogram(crashed_attempts) FILTER (status = 'pass' AND crashed_attempts IS NOT NULL)) AS retries
      FROM rb GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')} ORDER BY gid`);
  {
    const byGid = new Map<number, Map<number, number>>();
    for (const r of rows)
      byGid.set(r.gid, new Map((r.retries ?? []).map((e) => [Number(e.key), Number(e.value)])));
    const batches = await loadBatches(db);
    const meta = await loadReportMeta(db);
    const facts = await loadFacts(db);
    const units: EvidenceUnit[] = [
      ...rows.map((g) =>
        unitOf(g, g.origin, 'primary', null, meta.get(g.source_id), {
          rounds: g.rounds,
          crashed: g.crashed,
          attempts: g.attempts_known ? g.attempts : null,
          crashedAttempts: g.attempts_known ? g.crashed_attempts : null,
          fingerprint: g.fingerprint,
        }),
      ),
      ...batches.map((b) =>
        unitOf(b, 'batch', b.kind, b.label, meta.get(b.source_id), {
          rounds: b.rounds,
          crashed: b.rounds - (b.passed ?? 0),
          attempts: null,
          crashedAttempts: null,
          fingerprint: null,
        }),
      ),
    ];
    const resolved = resolveEnvironments(units, facts, needed);
    const distinguished = distinguishedBuilds(resolved);
    const restated = crossSourceRestatements(resolved, reportSources(resolved));
    const groups = resolved.map((u, i) =>
      groupOf(u, pooledTorch(torchOf(u), distinguished), restated.get(i)),
    );
    const details = new Map<EvidenceGroup, GroupDetail>();
    rows.forEach((g, i) => {
      details.set(groups[i], {
        effN: g.eff_n,
        effMean: g.eff_mean,
        effVar: g.eff_var,
        effValues: g.eff_values,
        retries: byGid.get(g.gid) ?? new Map(),
        maxAttempts: g.max_attempts ?? 0,
        outcomes: g.attempts_known ? outcomesOf(g) : null,
      });
    });
    return { groups, batches, details };
  }
}

/** A group's attempts by outcome (its crashed attempts known). */
const outcomesOf = (g: GroupRow): AttemptOutcomeCounts => ({
  pass: Number(g.pass_attempts),
  crash: Number(g.crash_attempts ?? 0),
  timeout: Number(g.timeout_attempts),
  fail: Number(g.fail_attempts ?? 0),
  error: Number(g.error_attempts),
  interrupted: Number(g.interrupted_attempts),
});

/** Worker N and date of each report, by source id. */
type ReportMeta = Map<string, { worker_n: number | null; report_date: string | null }>;

async function loadReportMeta(db: Db): Promise<ReportMeta> {
  const rows = await db.all<{ source_id: string; worker_n: number | null; report_date: string | null }>(`
    SELECT source_id, min(worker_n) AS worker_n, min(report_date) AS report_date FROM reports GROUP BY source_id`);
  return new Map(rows.map((r) => [r.source_id, { worker_n: r.worker_n, report_date: r.report_date }]));
}

async function loadFacts(db: Db): Promise<EnvironmentFact[]> {
  return db.all<EnvironmentFact>(`
    SELECT s.path, f.line, f.workload, f.attribute, f.value, f.stated_on
    FROM environment_facts f JOIN sources s USING (source_id)
    ORDER BY s.path, f.line`);
}

/** The raw labels and provenance of a round group or batch. */
type Labelled = FromColumns &
  ConfigLabels & {
    source_id: string;
    path: string;
    line: number;
  };

function unitOf(
  r: Labelled & { round_numbers?: number[] | null; round_first?: number | null; round_last?: number | null },
  origin: EvidenceUnit['origin'],
  kind: BatchKind,
  label: string | null,
  meta: { worker_n: number | null; report_date: string | null } | undefined,
  counts: Pick<EvidenceUnit, 'rounds' | 'crashed' | 'attempts' | 'crashedAttempts' | 'fingerprint'>,
): EvidenceUnit {
  return {
    ...counts,
    source_id: r.source_id,
    path: r.path,
    line: r.line,
    origin,
    kind,
    worker_n: meta?.worker_n ?? null,
    report_date: meta?.report_date ?? null,
    label,
    roundNumbers: r.round_numbers ?? null,
    roundFirst: r.round_first ?? null,
    roundLast: r.round_last ?? null,
    values: {
      fix_variant: r.fix_variant,
      torch: r.torch_version,
      threads: r.threads,
      wrapper: r.wrapper,
      workload: r.workload,
      serialised: r.serialised,
    },
    // Written out, not built from ENV_ATTRIBUTES: this runs once per unit on every `verdict` (start-up time).
    from: {
      fix_variant: r.fix_variant_from,
      torch: r.torch_from,
      threads: r.threads_from,
      wrapper: r.wrapper_from,
      workload: r.workload_from,
      serialised: r.serialised_from,
    } satisfies Record<EnvAttribute, string>,
  };
}

const torchOf = (u: EvidenceUnit) => (u.values.torch === null ? null : String(u.values.torch));
const textOf = (v: EvidenceUnit['values'][EnvAttribute]) => (v === null ? null : String(v));

/** The evidence group of a resolved unit, its torch pooled as `torch`. */
function groupOf(u: EvidenceUnit, torch: string | null, restated: string | undefined): EvidenceGroup {
  return {
    id: `${u.path}:${u.line}`,
    source_id: u.source_id,
    origin: u.origin,
    kind: u.kind,
    env: {
      fix_variant: textOf(u.values.fix_variant),
      torch_version: torch,
      threads: u.values.threads === null ? null : Number(u.values.threads),
      wrapper: textOf(u.values.wrapper) as Wrapper | null,
      workload: textOf(u.values.workload),
      serialised: textOf(u.values.serialised),
      fingerprint: u.fingerprint,
    },
    rounds: u.rounds,
    crashed: u.crashed,
    attempts: u.attempts,
    crashedAttempts: u.crashedAttempts,
    roundNumbers: u.roundNumbers,
    roundFirst: u.roundFirst,
    roundLast: u.roundLast,
    torchRead: torchOf(u),
    provenance: u.from,
    restated: restated ?? null,
  };
}

async function loadBatches(db: Db): Promise<BatchRecord[]> {
  return db.all<BatchRecord>(`
    SELECT b.source_id, s.path, b.line, b.label, b.config, b.fix_variant, b.torch_version, b.threads, b.wrapper, b.workload, b.serialised,
           b.rounds, b.passed, b.efficiency_avg, b.efficiency_min, b.efficiency_max, b.round_first, b.round_last, b.kind,
           ${FROM_COLUMNS.map((c) => `b.${c}`).join(', ')}
    FROM batches b JOIN sources s USING (source_id)
    WHERE b.rounds > 0 AND b.passed IS NOT NULL
    ORDER BY s.path, b.line`);
}
