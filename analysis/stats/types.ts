/**
 * Result records shared by the statistics in `analysis/stats/`: every result
 * carries the method that produced it and, for intervals, the level.
 */

/**
 * A point estimate with an interval. `level` is the two-sided coverage
 * (0.95 for a 95% interval) unless `method` says the interval is one-sided.
 */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  method: string;
}

/** The four binomial interval methods, named as the CLI names them. */
export type BinomialMethod = 'wilson' | 'clopper-pearson' | 'jeffreys' | 'agresti-coull';

/** The binomial methods in a fixed order (CLI validation, catalogues). */
export const BINOMIAL_METHODS: readonly BinomialMethod[] = [
  'wilson',
  'clopper-pearson',
  'jeffreys',
  'agresti-coull',
];

/** A binomial interval: `k` successes out of `n` trials, estimate `k / n`. */
export interface BinomialInterval extends Interval {
  method: BinomialMethod;
  successes: number;
  trials: number;
}

/**
 * A nonlinear least-squares fit. Never reported without `converged`; when
 * `converged` is false the parameters are the best found, not a fit.
 */
export interface Fit<P extends string = string> {
  model: string;
  params: Record<P, number>;
  /** Per-parameter intervals (null when no degrees of freedom are left). */
  intervals: Record<P, Interval | null>;
  rss: number;
  r2: number;
  converged: boolean;
  iterations: number;
  warnings: string[];
}
