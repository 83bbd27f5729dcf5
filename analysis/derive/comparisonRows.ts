import type { COMPARISONS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import type { NecessityReading } from '../../store/vocabulary.ts';
import {
  type Environment,
  type EvidenceGroup,
  fisherExact,
  holmAdjust,
  meanDifferenceInterval,
  newcombeDifference,
  nonInferiority,
  poolMoments,
  probABetter,
  type SampleMoments,
  selectEvidence,
} from '../stats/index.ts';
import { distinctEnvironments, envKey, labelsOf } from './environments.ts';
import { keptAttempts } from './keptAttempts.ts';
import type { GroupDetail } from './loadEvidence.ts';

/** Efficiency of the passing rounds of the kept groups, pooled from each group's moments. */
function efficiencySample(
  kept: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): SampleMoments {
  return poolMoments(
    kept
      .map((g) => details.get(g))
      .filter((d): d is GroupDetail => d !== undefined && d.effN > 0)
      .map((d) => ({ n: d.effN, mean: d.effMean ?? 0, variance: d.effVar ?? 0 })),
  );
}

/**
 * What the dylib costs in efficiency: dylib − native mean efficiency with
 * Welch's t interval, none (and the row says why) when a side has fewer than
 * 3 passing rounds with an efficiency.
 */
function efficiencyCost(dylib: SampleMoments, native: SampleMoments, fix: string) {
  return meanDifferenceInterval(dylib, native, 0.95, [fix, 'native']);
}

/** Margin of the "is the dylib still necessary" test: native may be at most 5 points worse. */
export const NECESSITY_MARGIN = 0.05;

/** Family-wise error rate of the "still necessary" readings (Holm over the family). */
export const NECESSITY_ALPHA = 0.05;

/** One side of a comparison: its rounds, its recorded attempts, and whether a wrapper retried. */
interface Side {
  passed: number;
  total: number;
  /** Trial attempts and failed attempts (crash, timeout, fail), when every kept round records them. */
  attempts: { attempts: number; failed: number } | null;
  /** The wrapper retried: wrapper `retry`, or some round made more than one attempt. */
  retried: boolean;
  efficiency: SampleMoments;
}

function sideOf(
  env: Environment,
  kept: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): Side {
  const recorded = keptAttempts(kept, details);
  const o = recorded?.outcomes;
  const trials = o ? o.pass + o.crash + o.timeout + o.fail : 0;
  return {
    passed: kept.reduce((n, g) => n + g.rounds - g.crashed, 0),
    total: kept.reduce((n, g) => n + g.rounds, 0),
    attempts:
      o && trials > 0 && recorded.unrecordedRounds === 0
        ? { attempts: trials, failed: o.crash + o.timeout + o.fail }
        : null,
    retried: env.wrapper === 'retry' || (recorded?.maxAttempts ?? 0) > 1,
    efficiency: efficiencySample(kept, details),
  };
}

/** What the tests count: attempts whenever a wrapper retried and both sides record them, else rounds. */
type Unit = 'attempt' | 'round';

/** Passes and trials of a side in the unit. */
const countsIn = (side: Side, unit: Unit) =>
  unit === 'attempt' && side.attempts
    ? { passed: side.attempts.attempts - side.attempts.failed, total: side.attempts.attempts }
    : { passed: side.passed, total: side.total };

/** A comparison row before its family is known. */
export type UnadjustedComparison = Omit<
  RowOf<typeof COMPARISONS>,
  'holm_p' | 'family' | 'family_size' | 'reading' | 'sentence'
>;

/**
 * `comparisons`: native (A) against each dylib variant (B) on the same PyTorch
 * build, thread count, wrapper, workload and serialisation: Fisher's exact test, posterior P(A better),
 * Newcombe's risk difference, the margin test, and what the dylib costs in
 * efficiency (difference of passing rounds' mean efficiency, dylib − native).
 *
 * Whenever a wrapper retried, the tests count attempts (failed attempts of
 * every kind / attempts, as recorded), since a retry turns a crashed attempt
 * into a passing round; the round counts and their Fisher p stand beside.
 * The rows are one family (the dylib page reads them together): Fisher's p is
 * adjusted by Holm over all of them, and "still necessary" needs the adjusted
 * p below {@link NECESSITY_ALPHA}, so the chance of any false "still
 * necessary" among K comparisons stays at most α.
 */
export function comparisonRows(
  groups: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): RowOf<typeof COMPARISONS>[] {
  const envs = distinctEnvironments(groups);
  const sides = new Map<string, Side>();
  for (const env of envs) {
    const { kept } = selectEvidence(groups, env);
    if (kept.reduce((n, g) => n + g.rounds, 0) > 0) sides.set(envKey(env), sideOf(env, kept, details));
  }
  const pending: UnadjustedComparison[] = [];
  for (const a of envs) {
    if (a.fix_variant !== 'native') continue;
    const sa = sides.get(envKey(a));
    if (!sa) continue;
    for (const b of envs) {
      if (!b.fix_variant || b.fix_variant === 'native') continue;
      // The same test under the same serialisation: a comparison across workloads or throttles compares nothing.
      if (b.torch_version !== a.torch_version || b.threads !== a.threads || b.wrapper !== a.wrapper) continue;
      if (b.workload !== a.workload || b.serialised !== a.serialised) continue;
      const sb = sides.get(envKey(b));
      if (!sb) continue;
      const unit: Unit = (sa.retried || sb.retried) && sa.attempts && sb.attempts ? 'attempt' : 'round';
      const ca = countsIn(sa, unit);
      const cb = countsIn(sb, unit);
      const fisher = fisherExact([
        [ca.passed, ca.total - ca.passed],
        [cb.passed, cb.total - cb.passed],
      ]);
      const roundFisher = fisherExact([
        [sa.passed, sa.total - sa.passed],
        [sb.passed, sb.total - sb.passed],
      ]);
      const rd = newcombeDifference(ca.passed, ca.total, cb.passed, cb.total);
      const ni = nonInferiority(ca, cb, NECESSITY_MARGIN);
      const eff = efficiencyCost(sb.efficiency, sa.efficiency, b.fix_variant);
      pending.push({
        a_config: labelsOf(a).config,
        b_config: labelsOf(b).config,
        a_fix_variant: a.fix_variant,
        b_fix_variant: b.fix_variant,
        torch_version: a.torch_version,
        threads: a.threads,
        wrapper: a.wrapper,
        unit,
        a_passed: sa.passed,
        a_total: sa.total,
        b_passed: sb.passed,
        b_total: sb.total,
        a_attempts: sa.attempts?.attempts ?? null,
        a_failed_attempts: sa.attempts?.failed ?? null,
        b_attempts: sb.attempts?.attempts ?? null,
        b_failed_attempts: sb.attempts?.failed ?? null,
        round_fisher_two_sided: roundFisher.twoSided,
        fisher_two_sided: fisher.twoSided,
        fisher_greater: fisher.greater,
        fisher_less: fisher.less,
        prob_a_better: probABetter(ca.passed, ca.total, cb.passed, cb.total),
        rd_estimate: rd.estimate,
        rd_lower: rd.lower,
        rd_upper: rd.upper,
        margin: NECESSITY_MARGIN,
        noninferior: ni.noWorse,
        efficiency_diff: eff.interval?.estimate ?? null,
        efficiency_diff_lower: eff.interval?.lower ?? null,
        efficiency_diff_upper: eff.interval?.upper ?? null,
        efficiency_method: eff.method,
      });
    }
  }
  return necessityFamily(pending);
}

/** Passes and trials of a row's side in its unit. */
function unitCounts(r: UnadjustedComparison, side: 'a' | 'b') {
  const attempts = r[`${side}_attempts`];
  const failed = r[`${side}_failed_attempts`];
  return r.unit === 'attempt' && attempts !== null && failed !== null
    ? { passed: attempts - failed, total: attempts }
    : { passed: r[`${side}_passed`] ?? 0, total: r[`${side}_total`] ?? 0 };
}

/**
 * The comparisons read together as one family (a page's, or those an answer
 * gives): Fisher's two-sided p adjusted by Holm over the family, the family
 * named, and each row's reading and sentence — "still necessary" only when
 * native does worse (in the row's unit) and the adjusted p is below
 * {@link NECESSITY_ALPHA}; "not shown to be necessary" when the margin test
 * says native is no worse. An answer about a subset of the table re-reads
 * its rows with this (a smaller family adjusts less).
 *
 * @example necessityFamily(rows).map((r) => r.holm_p) // Holm over rows.map((r) => r.fisher_two_sided)
 */
export function necessityFamily(rows: readonly UnadjustedComparison[]): RowOf<typeof COMPARISONS>[] {
  const holm = holmAdjust(rows.map((r) => r.fisher_two_sided ?? 1));
  const family = familyName(rows);
  return rows.map((r, i) => {
    const a = unitCounts(r, 'a');
    const b = unitCounts(r, 'b');
    const nativeWorse = a.passed / a.total < b.passed / b.total;
    const reading: NecessityReading = r.noninferior
      ? 'not shown to be necessary'
      : holm[i] < NECESSITY_ALPHA && nativeWorse
        ? 'still necessary'
        : 'cannot tell yet';
    return {
      ...r,
      holm_p: holm[i],
      family,
      family_size: rows.length,
      reading,
      sentence: necessitySentence(r, holm[i], rows.length, reading),
    };
  });
}

/**
 * The family a Holm adjustment runs over, named: "Holm over 2 comparisons:
 * native vs v2.3 torch=2.9.1 8t retry …, native vs v2.9 …" — each by the
 * dylib's configuration, with the rounds of each side where two comparisons
 * share it (environments that differ only in their machine), numbered if
 * still alike.
 */
export function familyName(family: readonly UnadjustedComparison[]): string {
  const n = family.length;
  const short = family.map((r) => `native vs ${r.b_config}`);
  const long = family.map((r, i) =>
    short.filter((x) => x === short[i]).length > 1
      ? `${short[i]} (${r.a_total} native and ${r.b_total} ${r.b_fix_variant} rounds)`
      : short[i],
  );
  const names = long.map((x, i) => (long.filter((y) => y === x).length > 1 ? `${x} #${i + 1}` : x));
  return `Holm over ${n} comparison${n === 1 ? '' : 's'}: ${names.join(', ')}`;
}

const fmtP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

function necessitySentence(
  r: UnadjustedComparison,
  holmP: number,
  m: number,
  reading: NecessityReading,
): string {
  const fix = r.b_fix_variant;
  const rounds = `rounds ${r.a_passed}/${r.a_total} vs ${r.b_passed}/${r.b_total} passed`;
  const counts =
    r.unit === 'attempt'
      ? `native ${r.a_failed_attempts} of ${r.a_attempts} attempts failed vs ${fix} ${r.b_failed_attempts} of ${r.b_attempts} (per attempt, as the wrapper retried; ${rounds})`
      : `native ${r.a_passed}/${r.a_total} vs ${fix} ${r.b_passed}/${r.b_total} rounds passed${
          r.wrapper === 'retry'
            ? ' (the wrapper retried but not every round records its attempts: round rates, which retries inflate)'
            : ''
        }`;
  const p = r.fisher_two_sided ?? 1;
  const ps =
    m > 1
      ? `Fisher p = ${fmtP(p)}, Holm-adjusted over ${m} comparisons p = ${fmtP(holmP)}`
      : `Fisher p = ${fmtP(p)}`;
  const head = `${counts}; ${ps}`;
  const what = r.unit === 'attempt' ? 'attempts' : 'rounds';
  switch (reading) {
    case 'not shown to be necessary':
      return `${head}: native is no worse than ${fix} by more than ${NECESSITY_MARGIN * 100} points of ${what} — the dylib is not shown to be necessary.`;
    case 'still necessary':
      return `${head}: native ${r.unit === 'attempt' ? 'fails more attempts' : 'passes less often'} — the data say the dylib is still necessary.`;
    case 'cannot tell yet':
      return `${head}: the data cannot tell yet whether the dylib is necessary.`;
  }
}
