import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';

/** One group's failures out of trials (a session, a machine, a day). */
export interface GroupCount {
  failures: number;
  trials: number;
}

/** The result of {@link overdispersionTest}. */
export interface OverdispersionTest {
  /** Groups with at least one trial. */
  groups: number;
  failures: number;
  trials: number;
  /** Tarone's Z (standard normal under a common rate); null when it cannot be computed (< 2 groups, or no failures or no passes at all). */
  z: number | null;
  /** One-sided p-value for overdispersion (groups disagree more than one binomial allows). */
  pValue: number | null;
  /** Pearson dispersion φ = X² / (groups − 1), X² = Σ(kᵢ − nᵢp̂)² / (nᵢp̂(1 − p̂)) (≈ 1 for binomial data), at least 1; null when not computable. */
  dispersion: number | null;
  /** True when p < alpha: the groups' rates differ more than chance allows. */
  heterogeneous: boolean;
  alpha: number;
  method: 'tarone';
}

/**
 * Do groups of trials (sessions, machines, days of one environment) share one
 * failure rate, or do their rates vary more than a single binomial allows?
 * Tarone's score test of the binomial against the beta-binomial
 * (overdispersion): with p̂ = Σk/Σn and S = Σ(kᵢ − nᵢp̂)² / (p̂(1 − p̂)),
 * Z = (S − Σnᵢ) / √(2 Σ nᵢ(nᵢ − 1)), one-sided, standard normal under a common
 * rate. It is the locally most powerful test against beta-binomial variation
 * and needs no beta-binomial fit. The Pearson dispersion φ = X² / (K − 1) is
 * what a random-effects (quasi-binomial) bound inflates the variance by
 * ({@link effectiveCounts}).
 *
 * Reference: Tarone (1979), "Testing the goodness of fit of the binomial
 * distribution", Biometrika 66:585–590; the quasi-binomial dispersion as in R
 * `summary(glm(cbind(k, n - k) ~ 1, family = quasibinomial))$dispersion`.
 *
 * Edge cases: fewer than two groups with trials, or no failures (or no passes)
 * anywhere: Z is null and the groups are not called heterogeneous (there is no
 * variation to see). Groups with n = 1 add nothing to the variance term.
 *
 * @example overdispersionTest([{failures: 0, trials: 20}, {failures: 6, trials: 20}, {failures: 0, trials: 20}]).heterogeneous // true
 */
export function overdispersionTest(groups: readonly GroupCount[], alpha = 0.05): OverdispersionTest {
  checkOpenUnit(alpha, 'alpha');
  for (const g of groups) {
    checkNonNegativeInteger(g.failures, 'failures');
    checkNonNegativeInteger(g.trials, 'trials');
    if (g.failures > g.trials) throw new RangeError(`failures = ${g.failures} exceeds trials = ${g.trials}`);
  }
  const used = groups.filter((g) => g.trials > 0);
  const failures = used.reduce((s, g) => s + g.failures, 0);
  const trials = used.reduce((s, g) => s + g.trials, 0);
  const base = { groups: used.length, failures, trials, alpha, method: 'tarone' as const };
  const none = { ...base, z: null, pValue: null, dispersion: null, heterogeneous: false };
  if (used.length < 2 || failures === 0 || failures === trials) return none;
  const p = failures / trials;
  let s = 0;
  let pearson = 0;
  let pairs = 0;
  for (const g of used) {
    const d2 = (g.failures - g.trials * p) ** 2;
    s += d2;
    pearson += d2 / g.trials;
    pairs += g.trials * (g.trials - 1);
  }
  s /= p * (1 - p);
  pearson /= p * (1 - p);
  const dispersion = Math.max(1, pearson / (used.length - 1));
  if (pairs === 0) return { ...none, dispersion };
  const z = (s - trials) / Math.sqrt(2 * pairs);
  const pValue = 1 - normalCdf(z, 0, 1);
  return { ...base, z, pValue, dispersion, heterogeneous: pValue < alpha };
}

/**
 * The failures and trials a random-effects (quasi-binomial) bound treats the
 * pooled data as: both divided by the dispersion φ, so that the binomial
 * procedures see the information the groups really hold (Wedderburn's
 * quasi-likelihood; the effective-sample-size view of overdispersion). Trials
 * are rounded down and failures up, so the effective evidence is never
 * stronger than the data.
 *
 * @example effectiveCounts(12, 600, 3) // {failures: 4, trials: 200}
 */
export function effectiveCounts(
  failures: number,
  trials: number,
  dispersion: number,
): { failures: number; trials: number } {
  checkNonNegativeInteger(failures, 'failures');
  checkNonNegativeInteger(trials, 'trials');
  if (!(dispersion >= 1)) throw new RangeError(`dispersion must be ≥ 1, got ${dispersion}`);
  const n = Math.floor(trials / dispersion);
  return { failures: Math.min(n, Math.ceil(failures / dispersion)), trials: n };
}
