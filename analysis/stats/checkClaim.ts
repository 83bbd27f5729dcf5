import type { ClaimStance } from '../../store/vocabulary.ts';
import { fisherExact } from './fisherExact.ts';
import { formatPercent } from './formatPercent.ts';
import { nonInferiority, type PassCount } from './nonInferiority.ts';
import { decideSafety, type SafetyProcedure } from './safetyProcedure.ts';
import type { Interval } from './types.ts';

/** A conclusion stated in a report. */
export interface Claim {
  stance: ClaimStance;
  subject: string | null;
  text?: string;
}

/** The data a claim stands on: the subject's counts and, for comparisons, the baseline's. */
export interface ClaimData {
  /** The configuration the claim is about (e.g. with the dylib). */
  subject: PassCount;
  /** What it is compared with (e.g. native, without the dylib). */
  baseline?: PassCount;
}

/** Thresholds used to judge claims. */
export interface ClaimCheckOptions {
  /**
   * Confidence of the one-sided bound behind safe/stable/unsafe/unstable, as
   * the verdict's `--confidence` (default 0.95).
   */
  level?: number;
  /**
   * The verdict's procedure for those bounds (default `fixed-n`: a report's
   * rounds are looked at once, as one-sided Clopper-Pearson bounds).
   */
  procedure?: SafetyProcedure;
  /** Significance level of comparisons (default 0.05). */
  alpha?: number;
  /** Pass rate a "safe"/"stable" claim must be shown to reach (default 0.99). */
  minPassRate?: number;
  /** Margin of the non-inferiority test behind "unnecessary" (default 0.05). */
  margin?: number;
}

/** What the data supports about a claim. */
export interface ClaimCheck {
  stance: ClaimStance;
  supported: boolean;
  /** Short statement of what the data do support ("pass rate ≥ 86.1%", "Fisher p = 0.49"). */
  supports: string;
  sentence: string;
  method: string;
  pValue: number | null;
  interval: Interval | null;
}

type Judge = (claim: Claim, data: ClaimData, o: Required<ClaimCheckOptions>) => ClaimCheck;

const pct = (x: number) => formatPercent(x);
const counts = (c: PassCount) => `${c.passed}/${c.total}`;
const fmtP = (p: number) =>
  p < 0.001 ? p.toExponential(1) : p < 0.01 ? p.toFixed(3) : p.toFixed(p < 0.1 ? 3 : 2);

/**
 * safe / stable (`side` lower) and unsafe / unstable (`side` upper): the
 * verdict's own rule on the failures (total − passed) against the threshold
 * 1 − minPassRate, one-sided at `level` — SAFE supports a lower bound, UNSAFE
 * an upper bound of the pass rate.
 */
const levelBound =
  (side: 'lower' | 'upper'): Judge =>
  (claim, data, o) => {
    const { passed, total } = data.subject;
    const d = decideSafety(total - passed, total, {
      threshold: 1 - o.minPassRate,
      confidence: o.level,
      procedure: o.procedure,
    });
    const lower = side === 'lower';
    const supported = d.decision === (lower ? 'safe' : 'unsafe');
    const bound = lower ? 1 - d.upper : 1 - d.lower;
    const supports = lower ? `pass rate ≥ ${pct(bound)}` : `pass rate ≤ ${pct(bound)}`;
    const what = lower ? `at least ${pct(bound)}` : `at most ${pct(bound)}`;
    const method = o.procedure === 'fixed-n' ? 'clopper-pearson one-sided' : 'always-valid one-sided';
    const sentence = `"${claim.stance}" on ${counts(data.subject)} passes: the data support a pass rate of ${what} (${pct(o.level)} one-sided ${o.procedure === 'fixed-n' ? 'Clopper-Pearson' : 'always-valid'} ${side} bound, the verdict's rule), ${supported ? 'which meets' : 'which does not meet'} the ${pct(o.minPassRate)} bar.`;
    return {
      stance: claim.stance,
      supported,
      supports,
      sentence,
      method,
      pValue: null,
      interval: {
        estimate: total > 0 ? passed / total : Number.NaN,
        lower: lower ? bound : 0,
        upper: lower ? 1 : bound,
        level: o.level,
        method: `${method} ${side} bound`,
      },
    };
  };

const comparison =
  (direction: 'better' | 'worse'): Judge =>
  (claim, data, o) => {
    const { subject, baseline } = data;
    if (!baseline) return noBaseline(claim, data);
    const f = fisherExact([
      [subject.passed, subject.total - subject.passed],
      [baseline.passed, baseline.total - baseline.passed],
    ]);
    const rs = subject.passed / subject.total;
    const rb = baseline.passed / baseline.total;
    const rightWay = direction === 'better' ? rs > rb : rs < rb;
    const supported = rightWay && f.twoSided < o.alpha;
    const sentence = `"${claim.stance}" compares ${counts(subject)} with ${counts(baseline)}: Fisher's exact two-sided p = ${fmtP(f.twoSided)}, ${
      supported
        ? `a significant difference at ${o.alpha} in the claimed direction.`
        : rightWay
          ? `not significant at ${o.alpha}: the difference may be chance.`
          : 'and the difference goes the other way.'
    }`;
    return {
      stance: claim.stance,
      supported,
      supports: `Fisher p = ${fmtP(f.twoSided)}`,
      sentence,
      method: 'fisher-exact two-sided',
      pValue: f.twoSided,
      interval: null,
    };
  };

const unnecessary: Judge = (claim, data, o) => {
  const { subject, baseline } = data;
  if (!baseline) return noBaseline(claim, data);
  const ni = nonInferiority(baseline, subject, o.margin, o.alpha);
  return {
    stance: claim.stance,
    supported: ni.noWorse,
    supports: `baseline − subject ≥ ${pct(ni.difference.lower)}`,
    sentence: `"${claim.stance}": without it ${counts(baseline)} vs ${counts(subject)} with it; ${ni.sentence}`,
    method: ni.method,
    pValue: null,
    interval: ni.difference,
  };
};

function noBaseline(claim: Claim, data: ClaimData): ClaimCheck {
  return {
    stance: claim.stance,
    supported: false,
    supports: 'nothing: no comparison data',
    sentence: `"${claim.stance}" needs a comparison, but only ${counts(data.subject)} is known: unsupported.`,
    method: 'none',
    pValue: null,
    interval: null,
  };
}

const JUDGES: Record<ClaimStance, Judge> = {
  safe: levelBound('lower'),
  stable: levelBound('lower'),
  unsafe: levelBound('upper'),
  unstable: levelBound('upper'),
  necessary: comparison('better'),
  recommended: comparison('better'),
  counterproductive: comparison('worse'),
  not_recommended: comparison('worse'),
  unnecessary,
};

/**
 * Tests a claim against the data it stands on and says, in one plain
 * sentence, what the data support:
 * - safe / stable: the verdict's rule must answer SAFE for a failure rate
 *   below 1 − `minPassRate`: by default the one-sided Clopper-Pearson upper
 *   bound of the failure rate at `level`, as `decideSafety` with procedure
 *   `fixed-n` (299/299 supports "safe" at 1%/95%, exactly as the verdict;
 *   "100% stable" on 20/20 supports only ≥ 86.1%);
 * - unsafe / unstable: the rule must answer UNSAFE (the one-sided lower
 *   bound of the failure rate above the threshold);
 * - necessary / recommended: subject better than baseline, Fisher two-sided
 *   p < α (20/20 vs 3/5: p = 1/30 ≈ 0.033, supported);
 * - counterproductive / not_recommended: subject worse than baseline, Fisher
 *   p < α (18/20 vs 20/20: p = 0.487, not supported);
 * - unnecessary: the baseline (without the fix) is no worse than the subject
 *   by more than `margin` (Newcombe non-inferiority).
 *
 * Reference: Clopper & Pearson (1934), R `binom.test(x, n, alternative =
 * "greater")`; Fisher (1935) as R `fisher.test`;
 * Newcombe (1998) method 10.
 *
 * Edge cases: a comparison stance without baseline data is unsupported,
 * saying so. Throws on invalid counts (misuse).
 *
 * @example checkClaim({stance: 'stable', subject: 'v2.3'}, {subject: {passed: 20, total: 20}}).supports // 'pass rate ≥ 86.1%'
 */
export function checkClaim(claim: Claim, data: ClaimData, options: ClaimCheckOptions = {}): ClaimCheck {
  const o: Required<ClaimCheckOptions> = {
    level: 0.95,
    procedure: 'fixed-n',
    alpha: 0.05,
    minPassRate: 0.99,
    margin: 0.05,
    ...options,
  };
  const judge = Object.hasOwn(JUDGES, claim.stance) ? JUDGES[claim.stance] : undefined;
  if (!judge) throw new RangeError(`unknown claim stance ${JSON.stringify(claim.stance)}`);
  return judge(claim, data, o);
}
