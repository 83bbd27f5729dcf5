import { wilsonInterval } from '../analysis/stats/index.ts';

/**
 * Wilson score interval for a proportion k/n (Wilson 1927; R:
 * `prop.test(k, n, correct = FALSE)$conf.int`), for the live display only —
 * the analysis computes its own intervals from the raw rows. n = 0 gives [0, 1].
 *
 * @example wilson(0, 20) // {estimate: 0, lower: 0, upper: 0.161, level: 0.95, method: 'wilson'}
 */
export interface LiveInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: 0.95;
  method: 'wilson';
}

export function wilson(k: number, n: number): LiveInterval {
  if (n === 0) return { estimate: 0, lower: 0, upper: 1, level: 0.95, method: 'wilson' };
  const ci = wilsonInterval(k, n, 0.95);
  return { estimate: ci.estimate, lower: ci.lower, upper: ci.upper, level: 0.95, method: 'wilson' };
}
