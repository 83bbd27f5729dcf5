import { checkCounts } from './checkArgs.ts';
import { normalCritical } from './normalCritical.ts';
import type { BinomialInterval } from './types.ts';

/**
 * Agresti-Coull ("add z²/2 successes and failures") interval for k/n:
 * ñ = n + z², p̃ = (k + z²/2)/ñ, p̃ ± z·√(p̃(1 − p̃)/ñ), clipped to [0, 1].
 * Slightly conservative; simple to explain.
 *
 * Reference: Agresti & Coull (1998), The American Statistician 52:119. R
 * `binom::binom.confint(k, n, methods = "agresti-coull")` (binom does not clip;
 * here the bounds are clipped to [0, 1]); statsmodels
 * `proportion_confint(k, n, method = "agresti_coull")` (clipped).
 *
 * Edge cases: k = 0 → lower clipped to 0; k = n → upper clipped to 1. Throws on
 * n < 1, k > n, non-integers or level outside (0, 1). The estimate reported is
 * k/n (not p̃).
 *
 * @example agrestiCoullInterval(0, 10) // lower 0, upper 0.3209
 */
export function agrestiCoullInterval(k: number, n: number, level = 0.95): BinomialInterval {
  checkCounts(k, n);
  const z = normalCritical(level);
  const nt = n + z * z;
  const pt = (k + (z * z) / 2) / nt;
  const half = z * Math.sqrt((pt * (1 - pt)) / nt);
  return {
    estimate: k / n,
    lower: Math.max(0, pt - half),
    upper: Math.min(1, pt + half),
    level,
    method: 'agresti-coull',
    successes: k,
    trials: n,
  };
}
