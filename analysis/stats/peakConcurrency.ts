/** Where a USL curve peaks: the continuous N* and the best integer thread count. */
export interface PeakConcurrency {
  /** N* = √((1 − σ)/κ) when κ > 0 and σ < 1; null otherwise. */
  peakThreads: number | null;
  /** The integer N ≥ 1 with the highest X(N): 1 when σ ≥ 1, null when throughput keeps rising (κ = 0, σ < 1). */
  bestThreads: number | null;
}

/**
 * The peak of X(N) = λN / (1 + σ(N − 1) + κN(N − 1)). dX/dN has the sign of
 * 1 − σ − κN², so with κ > 0 and σ < 1 throughput peaks at N* = √((1 − σ)/κ);
 * with σ ≥ 1 it falls from N = 1 on (the best thread count is 1, N* none);
 * with κ = 0 and σ < 1 it rises for ever (Amdahl: no peak, no best).
 *
 * Reference: Gunther (2007), Guerrilla Capacity Planning, eq. 4.33.
 *
 * Edge cases: N* below 1 gives bestThreads 1; σ = 1, κ = 0 is flat from N = 1 on (best 1).
 *
 * @example peakConcurrency(650.09, 0.13530, 0.098174) // {peakThreads: 2.968, bestThreads: 3}
 */
export function peakConcurrency(lambda: number, sigma: number, kappa: number): PeakConcurrency {
  if (sigma >= 1) return { peakThreads: null, bestThreads: 1 };
  if (!(kappa > 0)) return { peakThreads: null, bestThreads: null };
  const peakThreads = Math.sqrt((1 - sigma) / kappa);
  const X = (N: number) => (lambda * N) / (1 + sigma * (N - 1) + kappa * N * (N - 1));
  const lo = Math.max(1, Math.floor(peakThreads));
  const hi = Math.max(1, Math.ceil(peakThreads));
  return { peakThreads, bestThreads: X(hi) > X(lo) ? hi : lo };
}
