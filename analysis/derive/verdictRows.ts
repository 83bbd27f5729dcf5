import type { VERDICT_EVIDENCE, VERDICTS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import { torchBase } from '../../store/torchVersion.ts';
import {
  clopperPearsonInterval,
  ENV_ATTRIBUTES,
  type EnvAttribute,
  type Environment,
  type EvidenceGroup,
  type EvidenceNote,
  isThrottled,
  selectEvidence,
  verdict,
} from '../stats/index.ts';
import { distinctEnvironments, labelsOf } from './environments.ts';

/** The threshold a verdict judges against: the crash rate a safe build stays below, and the confidence. */
export interface VerdictSettings {
  maxCrashRate: number;
  confidence: number;
}

/** The settings of the stored `verdicts` (a 1% crash rate at 95%), as `roundbook verdict`'s defaults. */
export const DEFAULT_VERDICT: VerdictSettings = { maxCrashRate: 0.01, confidence: 0.95 };

/** The verdict for an environment at `settings`. */
const judge = (groups: readonly EvidenceGroup[], env: Partial<Environment>, settings: VerdictSettings) =>
  verdict(groups, { maxCrashRate: settings.maxCrashRate, confidence: settings.confidence, environment: env });

/**
 * Where each attribute of a group came from, for those not stated on its own
 * row, table or heading: `file[:LINE]`, `series:PATH:LINE` or `unknown`
 * (a group without provenance, built by hand, states everything).
 *
 * @example inferredOf({provenance: {threads: 'file:21', fix_variant: 'stated'}, …}) // {threads: 'file:21'}
 */
export function inferredOf(g: Pick<EvidenceGroup, 'provenance'>): Partial<Record<EnvAttribute, string>> {
  const out: Partial<Record<EnvAttribute, string>> = {};
  for (const a of ENV_ATTRIBUTES) {
    const from = g.provenance?.[a];
    if (from !== undefined && !from.startsWith('stated')) out[a] = from;
  }
  return out;
}

/** One group a verdict weighed, as `verdict_evidence` and `roundbook verdict --json` list it. */
export interface EvidenceLine {
  group_id: string;
  source_id: string | null;
  path: string;
  line: number | null;
  origin: string;
  kind: string | null;
  rounds: number;
  crashed: number | null;
  attempts: number | null;
  crashed_attempts: number | null;
  used: boolean;
  reason: string;
  /** The group's environment as read (its own torch version, before pooling) and resolved. */
  fix_variant: string | null;
  torch_version: string | null;
  threads: number | null;
  wrapper: string | null;
  workload: string | null;
  serialised: string | null;
  /** Provenance of every attribute, and of those not stated on the row/heading only. */
  provenance: Partial<Record<EnvAttribute, string>>;
  inferred: Partial<Record<EnvAttribute, string>>;
}

/** A verdict's answer for one environment: its `verdicts` row and every group it weighed. */
export interface EnvironmentVerdict {
  row: RowOf<typeof VERDICTS>;
  evidence: EvidenceLine[];
}

/**
 * The verdict for an environment (labels left out are not filtered) at
 * `settings`: the `verdicts` row (the answer, the per-round crash rate beside
 * the headline rate, the procedure's e-values and the fixed-n answer, the builds pooled, whether it was
 * throttled) and the evidence lines (each group used, and each left out for
 * a reason of its own; groups of other environments, never candidates, are
 * not listed).
 */
export function environmentVerdict(
  groups: readonly EvidenceGroup[],
  env: Partial<Environment>,
  settings = DEFAULT_VERDICT,
): EnvironmentVerdict {
  const v = judge(groups, env, settings);
  const { kept } = selectEvidence(groups, env);
  const rounds = kept.reduce((n, g) => n + g.rounds, 0);
  const crashedRounds = kept.reduce((n, g) => n + g.crashed, 0);
  const withAttempts = kept.filter((g) => g.attempts != null && g.crashedAttempts != null);
  const roundCi =
    rounds > 0 ? clopperPearsonInterval(crashedRounds, rounds, 2 * settings.confidence - 1) : null;
  const resolved: Environment = v.environment ?? {
    fix_variant: env.fix_variant ?? null,
    torch_version: env.torch_version ?? null,
    threads: env.threads ?? null,
    wrapper: env.wrapper ?? null,
    workload: env.workload ?? null,
    serialised: env.serialised ?? null,
    fingerprint: env.fingerprint ?? null,
  };
  const byId = new Map<string, EvidenceGroup>();
  for (const g of groups) if (!byId.has(g.id)) byId.set(g.id, g);
  const builds = new Set<string>();
  for (const g of kept)
    if (g.torchRead ?? g.env.torch_version) builds.add((g.torchRead ?? g.env.torch_version)!);
  const row = {
    ...labelsOf(resolved),
    torch_base: torchBase(resolved.torch_version),
    torch_builds: [...builds].sort(),
    workload: resolved.workload,
    serialised: resolved.serialised,
    throttled: isThrottled(resolved),
    rounds,
    crashed_rounds: crashedRounds,
    attempts: withAttempts.length ? withAttempts.reduce((n, g) => n + g.attempts!, 0) : null,
    crashed_attempts: withAttempts.length ? withAttempts.reduce((n, g) => n + g.crashedAttempts!, 0) : null,
    answer: v.status,
    headline: v.unit,
    crashes: v.crashes,
    trials: v.trials,
    crash_rate: v.crashRate?.estimate ?? null,
    lower: v.crashRate?.lower ?? null,
    upper: v.crashRate?.upper ?? null,
    round_crash_rate: rounds > 0 ? crashedRounds / rounds : null,
    round_lower: roundCi?.lower ?? null,
    round_upper: roundCi?.upper ?? null,
    threshold: settings.maxCrashRate,
    confidence: settings.confidence,
    rounds_needed: v.moreNeeded,
    procedure: v.procedure,
    e_safe: v.eSafe,
    e_unsafe: v.eUnsafe,
    fixed_n_answer: v.fixedN?.decision ?? null,
    fixed_n_upper: v.fixedN?.upper ?? null,
    heterogeneity_p: v.heterogeneity?.pValue ?? null,
    dispersion: v.heterogeneity?.dispersion ?? null,
    used: v.used.map((n) => `${n.id} (${n.origin}, ${n.rounds} rounds): ${n.reason}`),
    excluded: excludedNotes(v.excluded),
    sentence: v.sentence,
  } satisfies RowOf<typeof VERDICTS>;
  const line = (n: EvidenceNote, used: boolean): EvidenceLine => {
    const g = byId.get(n.id);
    const at = n.id.lastIndexOf(':');
    return {
      group_id: n.id,
      source_id: g?.source_id ?? null,
      path: n.id.slice(0, at),
      line: Number(n.id.slice(at + 1)) || null,
      origin: n.origin,
      kind: g?.kind ?? null,
      rounds: n.rounds,
      crashed: g?.crashed ?? null,
      attempts: g?.attempts ?? null,
      crashed_attempts: g?.crashedAttempts ?? null,
      used,
      reason: n.reason,
      fix_variant: g?.env.fix_variant ?? null,
      torch_version: g ? (g.torchRead ?? g.env.torch_version) : null,
      threads: g?.env.threads ?? null,
      wrapper: g?.env.wrapper ?? null,
      workload: g?.env.workload ?? null,
      serialised: g?.env.serialised ?? null,
      provenance: { ...g?.provenance },
      inferred: g ? inferredOf(g) : {},
    };
  };
  const evidence = [
    ...v.used.map((n) => line(n, true)),
    ...v.excluded.filter((n) => !n.reason.startsWith('other environment')).map((n) => line(n, false)),
  ];
  return { row, evidence };
}

/** One `verdicts` row for an environment (labels left out are not filtered); see {@link environmentVerdict}. */
export function verdictRow(
  groups: readonly EvidenceGroup[],
  env: Partial<Environment>,
  settings = DEFAULT_VERDICT,
): RowOf<typeof VERDICTS> {
  return environmentVerdict(groups, env, settings).row;
}

/**
 * The environments a verdict is given for: those of the primary evidence in
 * which the selection keeps at least one group (an environment holding only
 * restatements or cumulative totals has nothing to judge, and its groups are
 * never evidence anywhere).
 */
export function verdictEnvironments(groups: readonly EvidenceGroup[]): Environment[] {
  return distinctEnvironments(groups.filter((g) => !g.restated)).filter(
    (env) => selectEvidence(groups, env).kept.length > 0,
  );
}

/** `verdicts`: one row per environment with usable evidence, at the default threshold. */
export function verdictRows(
  groups: readonly EvidenceGroup[],
  settings = DEFAULT_VERDICT,
): RowOf<typeof VERDICTS>[] {
  return verdictEnvironments(groups).map((env) => verdictRow(groups, env, settings));
}

/**
 * `verdict_evidence`: for every environment's verdict, each group it used and
 * each it left out for a reason of its own (groups of other environments,
 * which were never candidates, are not listed), with its environment and
 * the provenance of each attribute.
 */
export function verdictEvidenceRows(
  groups: readonly EvidenceGroup[],
  settings = DEFAULT_VERDICT,
): RowOf<typeof VERDICT_EVIDENCE>[] {
  const rows: RowOf<typeof VERDICT_EVIDENCE>[] = [];
  for (const env of verdictEnvironments(groups)) {
    const { row, evidence } = environmentVerdict(groups, env, settings);
    for (const e of evidence)
      rows.push({
        config: row.config,
        group_id: e.group_id,
        source_id: e.source_id,
        source_path: e.path,
        line: e.line,
        origin: e.origin,
        kind: e.kind,
        rounds: e.rounds,
        crashed: e.crashed,
        attempts: e.attempts,
        crashed_attempts: e.crashed_attempts,
        used: e.used,
        reason: e.reason,
        fix_variant: e.fix_variant,
        torch_version: e.torch_version,
        threads: e.threads,
        wrapper: e.wrapper,
        workload: e.workload,
        serialised: e.serialised,
        fix_variant_from: e.provenance.fix_variant ?? null,
        torch_from: e.provenance.torch ?? null,
        threads_from: e.provenance.threads ?? null,
        wrapper_from: e.provenance.wrapper ?? null,
        workload_from: e.provenance.workload ?? null,
        serialised_from: e.provenance.serialised ?? null,
      });
  }
  return rows;
}

/**
 * What was left out and why, without listing every group of every other
 * environment (those are counted in one line: they were never candidates).
 */
function excludedNotes(notes: readonly EvidenceNote[]): string[] {
  const other = notes.filter((n) => n.reason.startsWith('other environment'));
  const out = notes
    .filter((n) => !other.includes(n))
    .map((n) => `${n.id} (${n.origin}, ${n.rounds} rounds): ${n.reason}`);
  if (other.length) out.push(`${other.length} groups of other environments (not candidates)`);
  return out;
}
