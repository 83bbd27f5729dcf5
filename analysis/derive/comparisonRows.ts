import type { COMPARISONS } from '../../store/derivedTables.ts';
import type { RowOf } from '../../store/tableSpec.ts';
import {
  type EvidenceGroup,
  fisherExact,
  meanDifferenceInterval,
  newcombeDifference,
  nonInferiority,
  poolMoments,
  probABetter,
  type SampleMoments,
  selectEvidence,
} from '../stats/index.ts';
import { distinctEnvironments, envKey, labelsOf } from './environments.ts';
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

/**
 * `comparisons`: native (A) against each dylib variant (B) on the same PyTorch
 * build, thread count and wrapper: Fisher's exact test, posterior P(A better),
 * Newcombe's risk difference, the margin test, and what the dylib costs in
 * efficiency (difference of passing rounds' mean efficiency, dylib − native).
 */
export function comparisonRows(
  groups: readonly EvidenceGroup[],
  details: ReadonlyMap<EvidenceGroup, GroupDetail>,
): RowOf<typeof COMPARISONS>[] {
  const envs = distinctEnvironments(groups);
  const counts = new Map<string, { passed: number; total: number; efficiency: SampleMoments }>();
  for (const env of envs) {
    const { kept } = selectEvidence(groups, env);
    const total = kept.reduce((n, g) => n + g.rounds, 0);
    if (total > 0)
      counts.set(envKey(env), {
        passed: kept.reduce((n, g) => n + g.rounds - g.crashed, 0),
        total,
        efficiency: efficiencySample(kept, details),
      });
  }
  const rows: RowOf<typeof COMPARISONS>[] = [];
  for (const a of envs) {
    if (a.fix_variant !== 'native') continue;
    const ca = counts.get(envKey(a));
    if (!ca) continue;
    for (const b of envs) {
      if (!b.fix_variant || b.fix_variant === 'native') continue;
      if (b.torch_version !== a.torch_version || b.threads !== a.threads || b.wrapper !== a.wrapper) continue;
      const cb = counts.get(envKey(b));
      if (!cb) continue;
      const fisher = fisherExact([
        [ca.passed, ca.total - ca.passed],
        [cb.passed, cb.total - cb.passed],
      ]);
      const rd = newcombeDifference(ca.passed, ca.total, cb.passed, cb.total);
      const ni = nonInferiority(ca, cb, NECESSITY_MARGIN);
      const eff = efficiencyCost(cb.efficiency, ca.efficiency, b.fix_variant);
      rows.push({
        a_config: labelsOf(a).config,
        b_config: labelsOf(b).config,
        a_fix_variant: a.fix_variant,
        b_fix_variant: b.fix_variant,
        torch_version: a.torch_version,
        threads: a.threads,
        wrapper: a.wrapper,
        a_passed: ca.passed,
        a_total: ca.total,
        b_passed: cb.passed,
        b_total: cb.total,
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
        sentence: necessitySentence(b.fix_variant, ca, cb, fisher.twoSided, ni.noWorse),
      });
    }
  }
  return rows;
}

function necessitySentence(
  fix: string,
  native: { passed: number; total: number },
  dylib: { passed: number; total: number },
  p: number,
  nativeNoWorse: boolean,
): string {
  const pv = p < 0.001 ? p.toExponential(1) : p.toFixed(3);
  const head = `native ${native.passed}/${native.total} vs ${fix} ${dylib.passed}/${dylib.total} (Fisher p = ${pv})`;
  if (nativeNoWorse)
    return `${head}: native is no worse than ${fix} by more than ${NECESSITY_MARGIN * 100} points — the dylib is not shown to be necessary.`;
  if (p < 0.05 && native.passed / native.total < dylib.passed / dylib.total)
    return `${head}: native passes less often — the data say the dylib is still necessary.`;
  return `${head}: the data cannot tell yet whether the dylib is necessary.`;
}
