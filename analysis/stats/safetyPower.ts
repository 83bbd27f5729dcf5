import { checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';
import { type BoundaryRow, type SafetyRule, safetyBoundary } from './safetyProcedure.ts';

/** What a plan aims for: the answer SAFE or UNSAFE. */
export type PlanTarget = 'safe' | 'unsafe';

/** The start of a plan: failures in trials already seen (default none). */
export interface PlanStart {
  failures: number;
  trials: number;
}

/**
 * The probability that the rule has answered `target` after `more` further
 * trials, when each fails independently with probability `rate`, starting
 * from `start`. For `always-valid` the answer is looked at after every trial
 * and the first decision stands (an exact forward recursion over the failure
 * count, absorbing at each boundary); for `fixed-n` it is looked at once, at
 * the end (a binomial tail).
 *
 * @example reachProbability({threshold: 0.01, confidence: 0.95, procedure: 'fixed-n'}, 0, 299, 'safe') // 1
 */
export function reachProbability(
  rule: SafetyRule,
  rate: number,
  more: number,
  target: PlanTarget,
  start: PlanStart = { failures: 0, trials: 0 },
): number {
  return reachCurve(rule, rate, more, target, start).at(-1) ?? 0;
}

/** P(decided `target` by start.trials + m) for m = 0 … more (index m). */
function reachCurve(
  rule: SafetyRule,
  rate: number,
  more: number,
  target: PlanTarget,
  start: PlanStart,
  rows: readonly BoundaryRow[] = safetyBoundary(start.trials + more, rule),
): number[] {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  checkNonNegativeInteger(more, 'more trials');
  checkNonNegativeInteger(start.trials, 'trials');
  checkNonNegativeInteger(start.failures, 'failures');
  const hit = (k: number, n: number, t: PlanTarget) => {
    if (n === 0) return false;
    const r = rows[n - 1];
    return t === 'safe' ? r.safe_max !== null && k <= r.safe_max : r.unsafe_min !== null && k >= r.unsafe_min;
  };
  const curve: number[] = [];
  if (rule.procedure === 'fixed-n') {
    // One look at n = start + m: P(start.failures + Binomial(m, rate) in the target region).
    let dist = [1];
    for (let m = 0; m <= more; m++) {
      if (m > 0) dist = step(dist, rate);
      const n = start.trials + m;
      let p = 0;
      dist.forEach((q, j) => {
        if (hit(start.failures + j, n, target)) p += q;
      });
      curve.push(p);
    }
    return curve;
  }
  // Sequential: mass still undecided by failure count, absorbed at the first decision.
  let open = [1];
  let reached = 0;
  const settle = (n: number) => {
    open = open.map((q, j) => {
      const k = start.failures + j;
      if (q === 0) return 0;
      if (hit(k, n, target)) {
        reached += q;
        return 0;
      }
      return hit(k, n, target === 'safe' ? 'unsafe' : 'safe') ? 0 : q;
    });
  };
  settle(start.trials);
  curve.push(reached);
  for (let m = 1; m <= more; m++) {
    open = step(open, rate);
    // Trailing zeros cost time: trim them.
    while (open.length > 1 && open[open.length - 1] === 0) open.pop();
    settle(start.trials + m);
    curve.push(reached);
  }
  return curve;
}

/** One more trial: each count stays (pass) or moves up by one (failure). */
function step(dist: readonly number[], rate: number): number[] {
  const out = new Array<number>(dist.length + 1).fill(0);
  for (let j = 0; j < dist.length; j++) {
    out[j] += dist[j] * (1 - rate);
    out[j + 1] += dist[j] * rate;
  }
  return out;
}

/**
 * The fewest further trials after which the rule answers `target` with
 * probability at least `power` when the true failure rate is `rate`
 * (SAFE: a rate below the threshold, e.g. a quarter of it; UNSAFE: one above),
 * starting from the evidence in `start`; null when no number of trials up to
 * `cap` reaches it. This is how `roundbook plan` sizes a campaign.
 *
 * @example roundsForPower({threshold: 0.01, confidence: 0.95, procedure: 'always-valid'}, 0.0025, 0.8) // 1238
 */
export function roundsForPower(
  rule: SafetyRule,
  rate: number,
  power: number,
  start: PlanStart = { failures: 0, trials: 0 },
  cap = 200_000,
  target: PlanTarget = rate < rule.threshold ? 'safe' : 'unsafe',
): number | null {
  checkOpenUnit(power, 'power');
  checkOpenUnit(rule.threshold, 'threshold');
  let more = Math.max(64, Math.ceil(4 / rule.threshold));
  for (;;) {
    const curve = reachCurve(rule, rate, more, target, start);
    const m = curve.findIndex((p) => p >= power);
    if (m >= 0) return m;
    if (more >= cap) return null;
    more = Math.min(cap, more * 2);
  }
}
