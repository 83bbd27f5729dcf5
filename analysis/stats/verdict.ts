import { checkOpenUnit } from './checkArgs.ts';
import { ENV_KEYS, type Environment, type EvidenceGroup, type EvidenceNote, envKey } from './evidence.ts';
import { formatPercent } from './formatPercent.ts';
import { effectiveCounts, type OverdispersionTest, overdispersionTest } from './overdispersion.ts';
import {
  decideSafety,
  moreTrialsToSafe,
  type SafetyDecision,
  type SafetyProcedure,
} from './safetyProcedure.ts';
import { evidenceNote, selectEvidence } from './selectEvidence.ts';
import type { Interval } from './types.ts';

/** Options of {@link verdict}. */
export interface VerdictOptions {
  /** Failure rate a safe build must be shown to stay below (e.g. 0.01). */
  maxCrashRate: number;
  /** Confidence of the decision, 1 − α (default 0.95). */
  confidence?: number;
  /**
   * The decision procedure in force (default `always-valid`: evidence that
   * accumulates and is asked about again and again). `fixed-n` is valid only
   * for rounds fixed before they ran and looked at once.
   */
  procedure?: SafetyProcedure;
  /** Environment to judge; unspecified labels are not filtered (but must still agree). */
  environment?: Partial<Environment>;
  /** Level of the overdispersion test before pooling several groups (default 0.05). */
  heterogeneityAlpha?: number;
}

/** The answer to "is it safe yet?", with its evidence. */
export interface Verdict {
  status: 'safe' | 'unsafe' | 'undecided' | 'refused' | 'no_evidence';
  /** `attempt` when a wrapper retried: the per-attempt failure rate is the headline. */
  unit: 'round' | 'attempt';
  /** The procedure the status comes from. */
  procedure: SafetyProcedure;
  /** Failure rate and its bounds at `confidence` under the procedure (a confidence sequence for always-valid). */
  crashRate: Interval | null;
  /** Rounds or attempts that did not pass (crash, hang, wrong result, failed assertion): the failures judged. */
  crashes: number;
  trials: number;
  /** Of `crashes`, those known to be crashes (per attempt, when recorded); null when the kinds are not known. */
  crashesOnly: number | null;
  maxCrashRate: number;
  confidence: number;
  /** More rounds (or attempts) without a failure needed to call it safe under the procedure, when undecided. */
  moreNeeded: number | null;
  /** The e-values of the always-valid procedure (SAFE at ≥ 1/α), null under fixed-n. */
  eSafe: number | null;
  eUnsafe: number | null;
  /** The fixed-n Clopper-Pearson answer beside it (valid only for rounds fixed in advance and looked at once). */
  fixedN: SafetyDecision | null;
  /**
   * Whether the pooled groups (sessions, files, machines) disagree more than
   * one binomial allows (Tarone's test); when they do, the decision uses the
   * quasi-binomial effective counts (a random-effects bound) and says so.
   */
  heterogeneity: OverdispersionTest | null;
  environment: Environment | null;
  used: EvidenceNote[];
  excluded: EvidenceNote[];
  sentence: string;
}

const describeEnv = (e: Environment) =>
  `fix ${e.fix_variant ?? '?'}, torch ${e.torch_version ?? '?'}, ${e.threads ?? '?'} threads, wrapper ${e.wrapper ?? '?'}` +
  `${e.workload ? `, ${e.workload}` : ''}${e.serialised ? `, serialised ${e.serialised}` : ''}${e.fingerprint ? `, ${e.fingerprint}` : ''}`;
const pct = (x: number) => formatPercent(x, { significant: 3 });

/**
 * The verdict behind `roundbook verdict`, `roundbook ask` and the runner's
 * stop rule: from groups of rounds, decides whether the failure rate is below
 * `maxCrashRate` by the one procedure in force ({@link decideSafety}):
 * *safe*, *unsafe*, or *undecided* with the further failure-free trials
 * needed ({@link moreTrialsToSafe}). The default `always-valid` procedure
 * keeps P(SAFE | rate ≥ threshold) ≤ 1 − confidence however often the
 * verdict is asked and whenever the rounds stop; the fixed-n Clopper-Pearson
 * answer is given beside it (`fixedN`).
 *
 * Every trial that did not pass is a failure (competing risks: crash, hang,
 * wrong result, failed assertion), so hangs never pass as safe; attempts that
 * could not start are not trials.
 *
 * Evidence rules, each reported in `used` / `excluded` with its reason:
 * cumulative batches are never used; groups outside `environment` are left
 * out; a stated batch whose round range is (wholly or partly) covered by rows
 * of the same source and environment is dropped, as is a range-less batch in
 * a source that lists those rows, or a batch repeating another's numbers with
 * no range — so no round counts twice; groups whose environments still differ
 * (PyTorch build, fix variant, threads, wrapper, fingerprint) are not pooled:
 * the status is *refused*, naming the differences. When the wrapper retried,
 * the headline is the per-attempt failure rate (failed attempts / attempts),
 * because retries hide crashes; groups without attempt counts are then left
 * out. Before pooling several groups, Tarone's overdispersion test asks
 * whether they disagree; when they do, the decision is made on the
 * quasi-binomial effective counts (a random-effects bound) and the sentence
 * says so.
 *
 * References: Clopper & Pearson (1934) one-sided bounds (R `binom.test`);
 * the always-valid e-values of safetyEValues.ts (Howard et al. 2021); Tarone
 * (1979).
 *
 * Edge cases: no usable group → *no_evidence*. Throws on maxCrashRate outside
 * (0, 1) or confidence outside (0.5, 1).
 *
 * @example verdict([{id: 'a.md:12', source_id: 'a', origin: 'report', kind: 'primary', env, rounds: 20, crashed: 0}],
 *   {maxCrashRate: 0.01}).status // 'undecided' (moreNeeded 429)
 */
export function verdict(groups: readonly EvidenceGroup[], options: VerdictOptions): Verdict {
  const {
    maxCrashRate,
    confidence = 0.95,
    procedure = 'always-valid',
    environment = {},
    heterogeneityAlpha = 0.05,
  } = options;
  checkOpenUnit(maxCrashRate, 'max crash rate');
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`confidence must be in (0.5, 1), got ${confidence}`);
  const rule = { threshold: maxCrashRate, confidence, procedure };
  const used: EvidenceNote[] = [];
  const excluded: EvidenceNote[] = [];
  const note = evidenceNote;

  // 1–2. cumulative batches, other environments, and no round twice
  const selection = selectEvidence(groups, environment);
  const candidates = selection.kept;
  excluded.push(...selection.excluded);

  const empty = (status: Verdict['status'], sentence: string, env: Environment | null = null): Verdict => ({
    status,
    unit: 'round',
    procedure,
    crashRate: null,
    crashes: 0,
    trials: 0,
    crashesOnly: null,
    maxCrashRate,
    confidence,
    moreNeeded: status === 'no_evidence' ? moreTrialsToSafe(0, 0, rule) : null,
    eSafe: null,
    eUnsafe: null,
    fixedN: null,
    heterogeneity: null,
    environment: env,
    used,
    excluded,
    sentence,
  });
  if (candidates.length === 0)
    return empty('no_evidence', 'No usable rounds for this environment: nothing to judge.');

  // 3. refuse to pool different environments
  const envs = new Map<string, Environment>();
  for (const g of candidates) envs.set(envKey(g.env), g.env);
  if (envs.size > 1) {
    const list = [...envs.values()];
    const differing = ENV_KEYS.filter((k) => new Set(list.map((e) => String(e[k]))).size > 1);
    const what = differing
      .map((k) => `${k} (${[...new Set(list.map((e) => String(e[k] ?? 'not stated')))].join(' / ')})`)
      .join(', ');
    for (const g of candidates) excluded.push(note(g, `not pooled: environments differ in ${what}`));
    return empty(
      'refused',
      `Refused to pool ${candidates.length} groups from ${envs.size} different environments: they differ in ${what}. Narrow the environment.`,
    );
  }
  const env = candidates[0].env;

  // 4. per-attempt headline when a wrapper retried: every attempt that did not pass counts
  let unit: Verdict['unit'] = 'round';
  let pool = candidates;
  // Each passing round ends in exactly one passing attempt and a failing round in none, so the
  // attempts that did not pass are the attempts less the passing rounds, whatever their kind.
  const attemptFailures = (g: EvidenceGroup) =>
    g.attempts != null && g.crashedAttempts != null
      ? Math.max(g.crashedAttempts, g.attempts - (g.rounds - g.crashed))
      : null;
  if (env.wrapper === 'retry') {
    const withAttempts = candidates.filter((g) => g.attempts != null && attemptFailures(g) != null);
    if (withAttempts.length > 0) {
      unit = 'attempt';
      for (const g of candidates)
        if (!withAttempts.includes(g))
          excluded.push(
            note(g, 'the wrapper retried but attempts were not recorded: per-attempt rate unknown'),
          );
      pool = withAttempts;
    }
  }
  const counts = pool.map((g) => ({
    failures: unit === 'attempt' ? attemptFailures(g)! : g.crashed,
    trials: unit === 'attempt' ? g.attempts! : g.rounds,
  }));
  let crashes = 0;
  let trials = 0;
  let crashesOnly: number | null = unit === 'attempt' ? 0 : null;
  pool.forEach((g, i) => {
    crashes += counts[i].failures;
    trials += counts[i].trials;
    if (crashesOnly !== null)
      crashesOnly = g.crashedAttempts == null ? null : crashesOnly + g.crashedAttempts;
    used.push(
      note(
        g,
        unit === 'attempt'
          ? `${counts[i].failures} of ${g.attempts} attempt${g.attempts === 1 ? '' : 's'} did not pass` +
              (g.crashedAttempts != null && g.crashedAttempts !== counts[i].failures
                ? ` (${g.crashedAttempts} crashed)`
                : '')
          : `${g.crashed} of ${g.rounds} round${g.rounds === 1 ? '' : 's'} did not pass`,
      ),
    );
  });
  if (trials === 0) return empty('no_evidence', 'The usable groups hold no rounds: nothing to judge.', env);

  // 5. heterogeneity before pooling: disagreeing groups are judged on effective counts
  const heterogeneity = pool.length >= 2 ? overdispersionTest(counts, heterogeneityAlpha) : null;
  const judged =
    heterogeneity?.heterogeneous && heterogeneity.dispersion !== null
      ? effectiveCounts(crashes, trials, heterogeneity.dispersion)
      : { failures: crashes, trials };
  const d = decideSafety(judged.failures, judged.trials, rule);
  const fixedN =
    procedure === 'fixed-n' ? null : decideSafety(crashes, trials, { ...rule, procedure: 'fixed-n' });
  const crashRate: Interval = {
    estimate: crashes / trials,
    lower: d.lower,
    upper: d.upper,
    level: confidence,
    method:
      procedure === 'always-valid'
        ? 'always-valid confidence sequence (uniform-mixture e-values)'
        : 'clopper-pearson one-sided bounds',
  };
  const status: Verdict['status'] = d.decision;
  const moreNeeded = status === 'undecided' ? d.moreNeeded : null;
  const units = unit === 'attempt' ? 'attempts' : 'rounds';
  const plural = (n: number) => (n === 1 ? units.slice(0, -1) : units);
  const kinds =
    unit === 'attempt' && crashesOnly !== null && crashesOnly !== crashes ? ` (${crashesOnly} crashed)` : '';
  const head = `${crashes} of ${trials} ${plural(trials)} did not pass${kinds} (${describeEnv(env)}${unit === 'attempt' ? '; per-attempt rate, since retries hide crashes' : ''})`;
  const pooled =
    heterogeneity?.heterogeneous && heterogeneity.dispersion !== null
      ? `; the ${pool.length} groups disagree (Tarone p = ${heterogeneity.pValue!.toPrecision(2)}, dispersion ${heterogeneity.dispersion.toFixed(2)}), so the bound is a random-effects one on ${judged.failures} of ${judged.trials} effective ${plural(judged.trials)}`
      : '';
  const how =
    procedure === 'always-valid'
      ? ', valid however often it is asked'
      : ' (fixed-n: valid for rounds fixed in advance, looked at once)';
  const sentence =
    status === 'safe'
      ? `Safe: ${head}; the failure rate is below ${pct(d.upper)} at ${pct(confidence)} confidence${how}, under the ${pct(maxCrashRate)} threshold${pooled}.`
      : status === 'unsafe'
        ? `Unsafe: ${head}; the failure rate is above ${pct(d.lower)} at ${pct(confidence)} confidence${how}, over the ${pct(maxCrashRate)} threshold${pooled}.`
        : `Undecided: ${head}; the failure rate lies between ${pct(d.lower)} and ${pct(d.upper)} at ${pct(confidence)} confidence${how}, around the ${pct(maxCrashRate)} threshold${pooled}; ${moreNeeded} more ${plural(moreNeeded ?? 0)} without a failure would show it is below.`;
  return {
    status,
    unit,
    procedure,
    crashRate,
    crashes,
    trials,
    crashesOnly,
    maxCrashRate,
    confidence,
    moreNeeded,
    eSafe: d.eSafe,
    eUnsafe: d.eUnsafe,
    fixedN,
    heterogeneity,
    environment: env,
    used,
    excluded,
    sentence,
  };
}
