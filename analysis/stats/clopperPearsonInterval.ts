import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { checkCounts, checkLevel } from './checkArgs.ts';
import type { BinomialInterval } from './types.ts';

/**
 * Clopper-Pearson "exact" interval for k/n from beta quantiles
 * (`@stdlib/stats-base-dists-beta-quantile`): lower = B⁻¹(α/2; k, n−k+1),
 * upper = B⁻¹(1−α/2; k+1, n−k) with α = 1 − level. Conservative: coverage is
 * at least `level` for every true rate. Use it when a guarantee matters
 * ("safe" verdicts, rounds needed).
 *
 * Reference: Clopper & Pearson (1934), Biometrika 26:404. R
 * `binom.test(k, n, conf.level = level)$conf.int`; scipy
 * `binomtest(k, n).proportion_ci(confidence_level = level, method = "exact")`.
 *
 * Edge cases: k = 0 gives lower = 0 and upper = 1 − (α/2)^(1/n); k = n gives
 * upper = 1 and lower = (α/2)^(1/n) (20/20 at 95%: 0.8316). Throws on n < 1,
 * k > n, non-integers or level outside (0, 1).
 *
 * @example clopperPearsonInterval(20, 20).lower // 0.8315665290169147
 */
export function clopperPearsonInterval(k: number, n: number, level = 0.95): BinomialInterval {
  checkCounts(k, n);
  checkLevel(level);
  const alpha = 1 - level;
  return {
    estimate: k / n,
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
    level,
    method: 'clopper-pearson',
    successes: k,
    trials: n,
  };
}
