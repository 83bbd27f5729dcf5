/**
 * The runner's sequential stop: Wald's SPRT of analysis/stats/sprt.ts (H0 crash
 * rate ≤ p0 against H1 ≥ p1), with the decision named for the campaign's
 * `stop` rule and one sentence saying why a configuration stopped (or not yet).
 *
 * @example sprt(0, 59, {p0: 0.01, p1: 0.1, alpha: 0.05, beta: 0.05}).decision // 'accept_p0'
 */
import { type SprtParams, sprt as waldSprt } from '../analysis/stats/index.ts';

export type { SprtParams };

export interface SprtResult {
  decision: 'accept_p0' | 'accept_p1' | 'continue';
  llr: number;
  lower: number;
  upper: number;
  /** One sentence saying why (or why not yet) it stopped. */
  reason: string;
}

export function sprt(crashes: number, trials: number, params: SprtParams): SprtResult {
  const { p0, p1, alpha, beta } = params;
  const w = waldSprt(params, crashes, trials);
  const at = { llr: w.llr, lower: w.lowerBound, upper: w.upperBound };
  const f = (v: number) => v.toFixed(3);
  const seen = `${crashes} crash(es) in ${trials} attempt(s)`;
  if (w.decision === 'reject')
    return {
      decision: 'accept_p1',
      ...at,
      reason: `SPRT: crash rate ≥ p1=${p1} accepted (${seen}; log LR ${f(w.llr)} ≥ ${f(w.upperBound)}; α=${alpha}, β=${beta})`,
    };
  if (w.decision === 'accept')
    return {
      decision: 'accept_p0',
      ...at,
      reason: `SPRT: crash rate ≤ p0=${p0} accepted (${seen}; log LR ${f(w.llr)} ≤ ${f(w.lowerBound)}; α=${alpha}, β=${beta})`,
    };
  return {
    decision: 'continue',
    ...at,
    reason: `SPRT: undecided (${seen}; log LR ${f(w.llr)} in (${f(w.lowerBound)}, ${f(w.upperBound)}))`,
  };
}
