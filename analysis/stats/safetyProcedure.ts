import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';
import { roundsNeeded } from './roundsNeeded.ts';
import { safetyEValues } from './safetyEValues.ts';

/**
 * How "is the failure rate below the threshold?" is decided:
 * - `always-valid`: the e-values of {@link safetyEValues} against 1/α. Valid
 *   however often the answer is asked and whenever the trials stop, so it is
 *   the procedure for evidence that accumulates (reports, sessions, runner
 *   campaigns that stop early).
 * - `fixed-n`: one-sided Clopper-Pearson bounds. Valid only for a number of
 *   trials fixed before they ran and looked at once (a campaign whose rounds
 *   its file fixed, with no early stop).
 */
export const SAFETY_PROCEDURES = ['always-valid', 'fixed-n'] as const;
export type SafetyProcedure = (typeof SAFETY_PROCEDURES)[number];

/** The question: is the failure rate below `threshold`, at `confidence` (= 1 − α), by `procedure`? */
export interface SafetyRule {
  threshold: number;
  confidence: number;
  procedure: SafetyProcedure;
}

/** The answer to a {@link SafetyRule} for `failures` in `trials`. */
export interface SafetyDecision {
  decision: 'safe' | 'unsafe' | 'undecided';
  procedure: SafetyProcedure;
  failures: number;
  trials: number;
  estimate: number | null;
  /**
   * Bounds at `confidence`: for `always-valid` the confidence sequence (the
   * rates neither test rejects), for `fixed-n` the one-sided Clopper-Pearson bounds.
   */
  lower: number;
  upper: number;
  /** More trials, all passing, after which the answer would be SAFE (undecided answers only). */
  moreNeeded: number | null;
  /** `always-valid` only: the e-values (SAFE when `eSafe` ≥ 1/α, UNSAFE when `eUnsafe` ≥ 1/α). */
  eSafe: number | null;
  eUnsafe: number | null;
}

/** Failures and trials: integers, 0 ≤ failures ≤ trials (trials may be 0). */
function checkCounts(failures: number, trials: number): void {
  checkNonNegativeInteger(trials, 'trials');
  checkNonNegativeInteger(failures, 'failures');
  if (failures > trials) throw new RangeError(`failures = ${failures} exceeds trials = ${trials}`);
}

function checkRule(rule: SafetyRule): void {
  checkOpenUnit(rule.threshold, 'threshold');
  if (!(rule.confidence > 0.5 && rule.confidence < 1))
    throw new RangeError(`confidence must be in (0.5, 1), got ${rule.confidence}`);
  if (!(SAFETY_PROCEDURES as readonly string[]).includes(rule.procedure))
    throw new RangeError(`procedure must be ${SAFETY_PROCEDURES.join(' or ')}, got ${rule.procedure}`);
}

const logBar = (confidence: number) => -Math.log(1 - confidence);

/** Whether `failures` in `trials` is SAFE under the rule (no argument checks: internal). */
function isSafe(failures: number, trials: number, rule: SafetyRule): boolean {
  if (trials === 0) return false;
  if (rule.procedure === 'fixed-n') return cpUpper(failures, trials, rule.confidence) < rule.threshold;
  return safetyEValues(failures, trials, rule.threshold).logSafe >= logBar(rule.confidence);
}

/** Whether `failures` in `trials` is UNSAFE under the rule. */
function isUnsafe(failures: number, trials: number, rule: SafetyRule): boolean {
  if (trials === 0) return false;
  if (rule.procedure === 'fixed-n') return cpLower(failures, trials, rule.confidence) > rule.threshold;
  return safetyEValues(failures, trials, rule.threshold).logUnsafe >= logBar(rule.confidence);
}

const cpUpper = (k: number, n: number, c: number) => (k === n ? 1 : betaQuantile(c, k + 1, n - k));
const cpLower = (k: number, n: number, c: number) => (k === 0 ? 0 : betaQuantile(1 - c, k, n - k + 1));

/** Bisection for the boundary of a monotone predicate on (lo, hi): the point where it switches. */
function bisect(lo: number, hi: number, pastIt: (x: number) => boolean, steps = 60): number {
  for (let i = 0; i < steps; i++) {
    const mid = (lo + hi) / 2;
    if (pastIt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The always-valid confidence sequence at `confidence`: the rates θ that
 * neither e-value rejects. The SAFE e-value grows with θ above (k+1)/(n+1)
 * and the UNSAFE one falls with θ below k/(n+1), so each bound is one
 * bisection. No trials: [0, 1].
 */
function confidenceSequence(k: number, n: number, confidence: number): { lower: number; upper: number } {
  if (n === 0) return { lower: 0, upper: 1 };
  const bar = logBar(confidence);
  const upper = k === n ? 1 : bisect((k + 1) / (n + 1), 1, (t) => safetyEValues(k, n, t).logSafe >= bar);
  const lower =
    k === 0 ? 0 : 1 - bisect(1 - k / (n + 1), 1, (s) => safetyEValues(k, n, 1 - s).logUnsafe >= bar);
  return { lower, upper };
}

/**
 * Decides whether the failure rate is below `rule.threshold`: *safe* when the
 * procedure shows it below, *unsafe* when it shows it above, else
 * *undecided* with the further passing trials that would make it safe.
 *
 * Reference: always-valid — {@link safetyEValues} (Ville's inequality: the
 * probability of ever answering SAFE when the rate is at or above the
 * threshold is at most 1 − confidence, however often it is asked); fixed-n —
 * Clopper & Pearson (1934) one-sided bounds, R `binom.test(k, n, alternative =
 * "less", conf.level = c)$conf.int[2] < threshold`.
 *
 * Edge cases: no trials → undecided with the trials a clean run would need.
 *
 * @example decideSafety(0, 299, {threshold: 0.01, confidence: 0.95, procedure: 'fixed-n'}).decision // 'safe'
 * @example decideSafety(0, 299, {threshold: 0.01, confidence: 0.95, procedure: 'always-valid'}).moreNeeded // 154
 */
export function decideSafety(failures: number, trials: number, rule: SafetyRule): SafetyDecision {
  checkRule(rule);
  checkCounts(failures, trials);
  const safe = isSafe(failures, trials, rule);
  const unsafe = !safe && isUnsafe(failures, trials, rule);
  const decision = safe ? 'safe' : unsafe ? 'unsafe' : 'undecided';
  const bounds =
    rule.procedure === 'always-valid'
      ? confidenceSequence(failures, trials, rule.confidence)
      : trials === 0
        ? { lower: 0, upper: 1 }
        : {
            lower: cpLower(failures, trials, rule.confidence),
            upper: cpUpper(failures, trials, rule.confidence),
          };
  const e = rule.procedure === 'always-valid' ? safetyEValues(failures, trials, rule.threshold) : null;
  return {
    decision,
    procedure: rule.procedure,
    failures,
    trials,
    estimate: trials > 0 ? failures / trials : null,
    ...bounds,
    moreNeeded: decision === 'undecided' ? moreTrialsToSafe(failures, trials, rule) : null,
    eSafe: e ? Math.exp(e.logSafe) : null,
    eUnsafe: e ? Math.exp(e.logUnsafe) : null,
  };
}

/**
 * How many more trials, all passing, make `failures` in `trials` SAFE under
 * the rule (0 when it is already). For fixed-n this is {@link roundsNeeded}
 * less the trials seen; for always-valid the SAFE e-value grows with every
 * passing trial, so an exponential then binary search finds it exactly.
 *
 * @example moreTrialsToSafe(0, 0, {threshold: 0.01, confidence: 0.95, procedure: 'always-valid'}) // 453
 */
export function moreTrialsToSafe(failures: number, trials: number, rule: SafetyRule): number {
  checkRule(rule);
  checkCounts(failures, trials);
  if (rule.procedure === 'fixed-n')
    return Math.max(0, roundsNeeded(rule.threshold, rule.confidence, failures) - trials);
  if (isSafe(failures, trials, rule)) return 0;
  let lo = 0; // not enough
  let hi = 1;
  while (!isSafe(failures, trials + hi, rule)) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) throw new RangeError(`threshold ${rule.threshold} needs more than 1e12 trials`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (isSafe(failures, trials + mid, rule)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One row of {@link safetyBoundary}. */
export interface BoundaryRow {
  n: number;
  /** The largest failure count at which the answer is SAFE after n trials (null: none). */
  safe_max: number | null;
  /** The smallest failure count at which the answer is UNSAFE after n trials (null: none). */
  unsafe_min: number | null;
}

/**
 * For every n from 1 to `maxTrials`, the failure counts at which the rule
 * answers SAFE (0 … safe_max) and UNSAFE (unsafe_min … n). The SAFE e-value
 * and the Clopper-Pearson upper bound fall as failures rise, and both
 * boundaries move by at most one failure per trial, so each n costs a step
 * or two from the last.
 *
 * @example safetyBoundary(300, {threshold: 0.01, confidence: 0.95, procedure: 'fixed-n'})[298] // {n: 299, safe_max: 0, unsafe_min: 7}
 */
export function safetyBoundary(maxTrials: number, rule: SafetyRule): BoundaryRow[] {
  checkRule(rule);
  checkNonNegativeInteger(maxTrials, 'max trials');
  const rows: BoundaryRow[] = [];
  let safeMax = -1; // largest SAFE count so far (−1: none)
  let unsafeMin = 1; // smallest UNSAFE count is at least this
  for (let n = 1; n <= maxTrials; n++) {
    while (safeMax + 1 <= n && isSafe(safeMax + 1, n, rule)) safeMax++;
    while (safeMax >= 0 && !isSafe(safeMax, n, rule)) safeMax--;
    unsafeMin = Math.max(0, unsafeMin - 1);
    while (unsafeMin <= n && !isUnsafe(unsafeMin, n, rule)) unsafeMin++;
    rows.push({ n, safe_max: safeMax >= 0 ? safeMax : null, unsafe_min: unsafeMin <= n ? unsafeMin : null });
  }
  return rows;
}
