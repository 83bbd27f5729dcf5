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
  const z = 1.959963984540054;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return {
    estimate: p,
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
    level: 0.95,
    method: 'wilson',
  };
}
