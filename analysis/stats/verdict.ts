import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkOpenUnit } from './checkArgs.ts';
import { ENV_KEYS, type Environment, type EvidenceGroup, type EvidenceNote, envKey } from './evidence.ts';
import { formatPercent } from './formatPercent.ts';
import { roundsNeeded } from './roundsNeeded.ts';
import { evidenceNote, selectEvidence } from './selectEvidence.ts';
import type { Interval } from './types.ts';

/** Options of {@link verdict}. */
export interface VerdictOptions {
  /** Crash rate a safe build must be shown to stay below (e.g. 0.01). */
  maxCrashRate: number;
  /** One-sided confidence of the bounds (default 0.95). */
  confidence?: number;
  /** Environment to judge; unspecified labels are not filtered (but must still agree). */
  environment?: Partial<Environment>;
}

/** The answer to "is it safe yet?", with its evidence. */
export interface Verdict {
  status: 'safe' | 'unsafe' | 'undecided' | 'refused' | 'no_evidence';
  /** `attempt` when a wrapper retried: the per-attempt crash rate is the headline. */
  unit: 'round' | 'attempt';
  /** Crash rate with one-sided Clopper-Pearson bounds at `confidence` each. */
  crashRate: Interval | null;
  crashes: number;
  trials: number;
  maxCrashRate: number;
  confidence: number;
  /** More rounds (or attempts) without a crash needed to call it safe, when undecided. */
  moreNeeded: number | null;
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
 * The verdict behind `roundbook verdict` and `roundbook ask`: from groups of
 * rounds, decides whether the crash rate is below `maxCrashRate`:
 * *safe* when the one-sided upper Clopper-Pearson bound at `confidence` is
 * below it, *unsafe* when the one-sided lower bound is above it, otherwise
 * *undecided* with the further crash-free rounds needed ({@link roundsNeeded}
 * with the crashes seen so far).
 *
 * Evidence rules, each reported in `used` / `excluded` with its reason:
 * cumulative batches are never used; groups outside `environment` are left
 * out; a stated batch whose round range is (wholly or partly) covered by rows
 * of the same source and environment is dropped, as is a range-less batch in
 * a source that lists those rows, or a batch repeating another's numbers with
 * no range — so no round counts twice; groups whose environments still differ
 * (PyTorch build, fix variant, threads, wrapper, fingerprint) are not pooled:
 * the status is *refused*, naming the differences. When the wrapper retried,
 * the headline is the per-attempt crash rate (crashed attempts / attempts),
 * because retries hide crashes; groups without attempt counts are then left out.
 *
 * Reference: Clopper & Pearson (1934) one-sided bounds (R `binom.test(k, n,
 * alternative = "less" | "greater", conf.level = c)`); rounds needed as in
 * {@link roundsNeeded}.
 *
 * Edge cases: no usable group → *no_evidence*. Throws on maxCrashRate outside
 * (0, 1) or confidence outside (0.5, 1).
 *
 * @example verdict([{id: 'a.md:12', source_id: 'a', origin: 'report', kind: 'primary', env, rounds: 20, crashed: 0}],
 *   {maxCrashRate: 0.01}).status // 'undecided' (moreNeeded 279)
 */
export function verdict(groups: readonly EvidenceGroup[], options: VerdictOptions): Verdict {
  const { maxCrashRate, confidence = 0.95, environment = {} } = options;
  checkOpenUnit(maxCrashRate, 'max crash rate');
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`confidence must be in (0.5, 1), got ${confidence}`);
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
    crashRate: null,
    crashes: 0,
    trials: 0,
    maxCrashRate,
    confidence,
    moreNeeded: status === 'no_evidence' ? roundsNeeded(maxCrashRate, confidence, 0) : null,
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

  // 4. per-attempt headline when a wrapper retried
  let unit: Verdict['unit'] = 'round';
  let pool = candidates;
  if (env.wrapper === 'retry') {
    const withAttempts = candidates.filter((g) => g.attempts != null && g.crashedAttempts != null);
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
  let crashes = 0;
  let trials = 0;
  for (const g of pool) {
    crashes += unit === 'attempt' ? g.crashedAttempts! : g.crashed;
    trials += unit === 'attempt' ? g.attempts! : g.rounds;
    used.push(
      note(
        g,
        unit === 'attempt'
          ? `${g.crashedAttempts} crashed of ${g.attempts} attempts`
          : `${g.crashed} crashed of ${g.rounds} rounds`,
      ),
    );
  }
  if (trials === 0) return empty('no_evidence', 'The usable groups hold no rounds: nothing to judge.', env);
  const lower = crashes === 0 ? 0 : betaQuantile(1 - confidence, crashes, trials - crashes + 1);
  const upper = crashes === trials ? 1 : betaQuantile(confidence, crashes + 1, trials - crashes);
  const crashRate: Interval = {
    estimate: crashes / trials,
    lower,
    upper,
    level: confidence,
    method: 'clopper-pearson one-sided bounds',
  };
  const status: Verdict['status'] =
    upper < maxCrashRate ? 'safe' : lower > maxCrashRate ? 'unsafe' : 'undecided';
  const moreNeeded =
    status === 'undecided' ? Math.max(0, roundsNeeded(maxCrashRate, confidence, crashes) - trials) : null;
  const units = unit === 'attempt' ? 'attempts' : 'rounds';
  const head = `${crashes} crash${crashes === 1 ? '' : 'es'} in ${trials} ${units} (${describeEnv(env)}${unit === 'attempt' ? '; per-attempt rate, since retries hide crashes' : ''})`;
  const sentence =
    status === 'safe'
      ? `Safe: ${head}; the crash rate is below ${pct(upper)} at ${pct(confidence)} confidence, under the ${pct(maxCrashRate)} threshold.`
      : status === 'unsafe'
        ? `Unsafe: ${head}; the crash rate is above ${pct(lower)} at ${pct(confidence)} confidence, over the ${pct(maxCrashRate)} threshold.`
        : `Undecided: ${head}; the crash rate lies between ${pct(lower)} and ${pct(upper)} at ${pct(confidence)} confidence, around the ${pct(maxCrashRate)} threshold; ${moreNeeded} more ${units} without a crash would show it is below.`;
  return {
    status,
    unit,
    crashRate,
    crashes,
    trials,
    maxCrashRate,
    confidence,
    moreNeeded,
    environment: env,
    used,
    excluded,
    sentence,
  };
}
