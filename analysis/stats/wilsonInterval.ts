import { checkCounts } from './checkArgs.ts';
import { normalCritical } from './normalCritical.ts';
import type { BinomialInterval } from './types.ts';

/**
 * Wilson score interval for a binomial proportion k/n (no continuity
 * correction). The default interval for pass rates: close to nominal coverage
 * even for small n and rates near 0 or 1.
 *
 * Reference: Wilson (1927), JASA 22:209; Newcombe (1998) Stat Med 17:857,
 * method 3. R `prop.test(k, n, correct = FALSE)$conf.int`,
 * `binom::binom.confint(k, n, methods = "wilson")`; scipy
 * `binomtest(k, n).proportion_ci(method = "wilson")`.
 *
 * Edge cases: k = 0 gives lower = 0 exactly, k = n gives upper = 1 exactly;
 * n = 1 works. Throws on n < 1, k > n, non-integers or level outside (0, 1).
 *
 * @example wilsonInterval(17, 20) // {estimate: 0.85, lower: 0.6396, upper: 0.9476, level: 0.95, method: 'wilson', …}
 */
export function wilsonInterval(k: number, n: number, level = 0.95): BinomialInterval {
  checkCounts(k, n);
  const z = normalCritical(level);
  const z2 = z * z;
  const center = (k + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((k * (n - k)) / n + z2 / 4);
  return {
    estimate: k / n,
    lower: k === 0 ? 0 : Math.max(0, center - half),
    upper: k === n ? 1 : Math.min(1, center + half),
    level,
    method: 'wilson',
    successes: k,
    trials: n,
  };
}
