import { type SprtParams, type SprtResult, sprtBounds } from './sprt.ts';

/**
 * Wald's SPRT applied round by round to an ordered sequence of outcomes
 * (`true` = the round crashed): stops at the first round where the
 * log-likelihood ratio crosses a bound and reports the state there, or the
 * state after the last round (`continue`) when no bound was crossed.
 *
 * Reference: Wald (1945); see {@link sprt} for the statistic and bounds.
 *
 * Edge cases: an empty sequence gives `continue` with Λ = 0. Rounds after the
 * stopping point are ignored (`rounds` says how many were used). Throws on
 * invalid parameters.
 *
 * @example sprtSequential({p0: 0.01, p1: 0.05, alpha: 0.05, beta: 0.1}, Array(60).fill(false)).decision // 'accept'
 */
export function sprtSequential(params: SprtParams, crashed: readonly boolean[]): SprtResult {
  const { lowerBound, upperBound, stepCrash, stepPass } = sprtBounds(params);
  let llr = 0;
  let crashes = 0;
  let rounds = 0;
  let decision: SprtResult['decision'] = 'continue';
  for (const c of crashed) {
    rounds++;
    if (c) crashes++;
    llr += c ? stepCrash : stepPass;
    if (llr >= upperBound) {
      decision = 'reject';
      break;
    }
    if (llr <= lowerBound) {
      decision = 'accept';
      break;
    }
  }
  return { decision, llr, lowerBound, upperBound, crashes, rounds, method: 'wald-sprt' };
}
