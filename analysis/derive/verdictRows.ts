import type { VERDICT_EVIDENCE, VERDICTS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import {
  clopperPearsonInterval,
  type Environment,
  type EvidenceGroup,
  type EvidenceNote,
  selectEvidence,
  sprt,
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

/** SPRT hypotheses around a threshold r: H0 p = r/2 (safe enough) against H1 p = 2r, α = β = 0.05. */
export const sprtParamsFor = (r: number) => ({
  p0: r / 2,
  p1: Math.min(0.999, 2 * r),
  alpha: 0.05,
  beta: 0.05,
});

/** The verdict for an environment at `settings`. */
const judge = (groups: readonly EvidenceGroup[], env: Partial<Environment>, settings: VerdictSettings) =>
  verdict(groups, { maxCrashRate: settings.maxCrashRate, confidence: settings.confidence, environment: env });

/**
 * One `verdicts` row for an environment (labels left out are not filtered):
 * the verdict at `settings`, the per-round crash rate beside the headline
 * rate, the SPRT's state, and what was used and left out.
 */
export function verdictRow(
  groups: readonly EvidenceGroup[],
  env: Partial<Environment>,
  settings = DEFAULT_VERDICT,
) {
  const v = judge(groups, env, settings);
  const { kept } = selectEvidence(groups, env);
  const rounds = kept.reduce((n, g) => n + g.rounds, 0);
  const crashedRounds = kept.reduce((n, g) => n + g.crashed, 0);
  const roundCi =
    rounds > 0 ? clopperPearsonInterval(crashedRounds, rounds, 2 * settings.confidence - 1) : null;
  const s = v.trials > 0 ? sprt(sprtParamsFor(settings.maxCrashRate), v.crashes, v.trials) : null;
  const resolved: Environment = v.environment ?? {
    fix_variant: env.fix_variant ?? null,
    torch_version: env.torch_version ?? null,
    threads: env.threads ?? null,
    wrapper: env.wrapper ?? null,
    workload: env.workload ?? null,
    serialised: env.serialised ?? null,
    fingerprint: env.fingerprint ?? null,
  };
  return {
    ...labelsOf(resolved),
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
    sprt_state: s
      ? { accept: 'safe (H0 accepted)', reject: 'unsafe (H1 accepted)', continue: 'continue' }[s.decision]
      : null,
    sprt_llr: s?.llr ?? null,
    used: v.used.map((n) => `${n.id} (${n.origin}, ${n.rounds} rounds): ${n.reason}`),
    excluded: excludedNotes(v.excluded),
    sentence: v.sentence,
  } satisfies RowOf<typeof VERDICTS>;
}

/** `verdicts`: one row per environment with primary evidence, at the default threshold. */
export function verdictRows(
  groups: readonly EvidenceGroup[],
  settings = DEFAULT_VERDICT,
): RowOf<typeof VERDICTS>[] {
  return distinctEnvironments(groups).map((env) => verdictRow(groups, env, settings));
}

/**
 * `verdict_evidence`: for every environment's verdict, each group it used and
 * each it left out for a reason of its own (groups of other environments,
 * which were never candidates, are not listed).
 */
export function verdictEvidenceRows(
  groups: readonly EvidenceGroup[],
  settings = DEFAULT_VERDICT,
): RowOf<typeof VERDICT_EVIDENCE>[] {
  const byId = new Map<string, EvidenceGroup>();
  for (const g of groups) if (!byId.has(g.id)) byId.set(g.id, g);
  const rows: RowOf<typeof VERDICT_EVIDENCE>[] = [];
  for (const env of distinctEnvironments(groups)) {
    const v = judge(groups, env, settings);
    const config = labelsOf(env).config;
    const row = (n: EvidenceNote, used: boolean): RowOf<typeof VERDICT_EVIDENCE> => {
      const g = byId.get(n.id);
      const at = n.id.lastIndexOf(':');
      return {
        config,
        group_id: n.id,
        source_id: g?.source_id ?? null,
        source_path: n.id.slice(0, at),
        line: Number(n.id.slice(at + 1)) || null,
        origin: n.origin,
        kind: g?.kind ?? null,
        rounds: n.rounds,
        crashed: g?.crashed ?? null,
        attempts: g?.attempts ?? null,
        crashed_attempts: g?.crashedAttempts ?? null,
        used,
        reason: n.reason,
      };
    };
    for (const n of v.used) rows.push(row(n, true));
    for (const n of v.excluded) if (!n.reason.startsWith('other environment')) rows.push(row(n, false));
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
