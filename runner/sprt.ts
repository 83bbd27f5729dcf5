/**
 * Wald's sequential probability ratio test for a crash probability, used to
 * stop a configuration once its rate is decided: H0 p ≤ p0 against H1 p ≥ p1.
 * After n trials with x crashes the log likelihood ratio is
 * x·ln(p1/p0) + (n−x)·ln((1−p1)/(1−p0)); accept H1 at ≥ ln((1−β)/α), accept H0
 * at ≤ ln(β/(1−α)), else continue (Wald 1945; NIST/SEMATECH e-Handbook 6.3.2.3).
 * Assumes independent trials with one probability; 0 < p0 < p1 < 1.
 *
 * @example sprt(0, 59, {p0: 0.01, p1: 0.1, alpha: 0.05, beta: 0.05}).decision // 'accept_p0'
 */
export interface SprtParams {
  p0: number;
  p1: number;
  alpha: number;
  beta: number;
}

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
  if (!(p0 > 0 && p1 < 1 && p0 < p1)) throw new Error(`sprt: need 0 < p0 < p1 < 1, got p0=${p0} p1=${p1}`);
  if (crashes < 0 || crashes > trials) throw new Error(`sprt: crashes ${crashes} not in 0..${trials}`);
  const llr = crashes * Math.log(p1 / p0) + (trials - crashes) * Math.log((1 - p1) / (1 - p0));
  const upper = Math.log((1 - beta) / alpha);
  const lower = Math.log(beta / (1 - alpha));
  const f = (v: number) => v.toFixed(3);
  const seen = `${crashes} crash(es) in ${trials} attempt(s)`;
  if (llr >= upper)
    return {
      decision: 'accept_p1',
      llr,
      lower,
      upper,
      reason: `SPRT: crash rate ≥ p1=${p1} accepted (${seen}; log LR ${f(llr)} ≥ ${f(upper)}; α=${alpha}, β=${beta})`,
    };
  if (llr <= lower)
    return {
      decision: 'accept_p0',
      llr,
      lower,
      upper,
      reason: `SPRT: crash rate ≤ p0=${p0} accepted (${seen}; log LR ${f(llr)} ≤ ${f(lower)}; α=${alpha}, β=${beta})`,
    };
  return {
    decision: 'continue',
    llr,
    lower,
    upper,
    reason: `SPRT: undecided (${seen}; log LR ${f(llr)} in (${f(lower)}, ${f(upper)}))`,
  };
}
