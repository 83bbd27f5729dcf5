import { agrestiCoullInterval } from './agrestiCoullInterval.ts';
import { clopperPearsonInterval } from './clopperPearsonInterval.ts';
import { jeffreysInterval } from './jeffreysInterval.ts';
import type { BinomialInterval, BinomialMethod } from './types.ts';
import { wilsonInterval } from './wilsonInterval.ts';

const METHODS: Record<BinomialMethod, (k: number, n: number, level: number) => BinomialInterval> = {
  wilson: wilsonInterval,
  'clopper-pearson': clopperPearsonInterval,
  jeffreys: jeffreysInterval,
  'agresti-coull': agrestiCoullInterval,
};

/**
 * A binomial interval for k/n by method name: dispatches to
 * {@link wilsonInterval}, {@link clopperPearsonInterval},
 * {@link jeffreysInterval} or {@link agrestiCoullInterval}.
 *
 * Reference and edge cases: those of the chosen method. Throws on an unknown
 * method (naming it), n < 1, k > n or level outside (0, 1).
 *
 * @example binomialInterval(17, 20, 'clopper-pearson', 0.9) // lower 0.6563, upper 0.9578
 */
export function binomialInterval(
  k: number,
  n: number,
  method: BinomialMethod = 'wilson',
  level = 0.95,
): BinomialInterval {
  const fn = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!fn) throw new RangeError(`unknown interval method ${JSON.stringify(method)}`);
  return fn(k, n, level);
}
