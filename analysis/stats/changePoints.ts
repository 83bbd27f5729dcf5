import { mulberry32 } from './mulberry32.ts';

/** Options of {@link changePoints}. */
export interface ChangePointOptions {
  /** `numeric` (efficiency, throughput) or `binary` (1 = crashed, 0 = passed). Default numeric. */
  kind?: 'numeric' | 'binary';
  /** Smallest |after − before| worth reporting, in the series' units (default 0). */
  minEffect?: number;
  /** Significance level of each split's permutation test (default 0.05). */
  alpha?: number;
  /** Permutations per test (default 999). */
  permutations?: number;
  /** Seed of the mulberry32 PRNG driving the permutations (default 1). */
  seed?: number;
  /** Fewest observations on each side of a split (default 3). */
  minSegment?: number;
  /** Most change points to report (default 10). */
  maxChanges?: number;
}

/** One change in mean found by {@link changePoints}. */
export interface ChangePoint {
  /** Index of the first observation after the change. */
  index: number;
  /** Mean before and after, within the segment that was split. */
  before: number;
  after: number;
  /** after − before. */
  effect: number;
  /** Permutation p-value of the split (max-type statistic, so the search over split points is accounted for). */
  pValue: number;
  /** The CUSUM statistic |mean₁ − mean₂|·√(n₁n₂/n). */
  statistic: number;
  /** The segment [start, end) that was split. */
  segment: [number, number];
}

/** Result of {@link changePoints}: change points in index order. */
export interface ChangePointResult {
  changePoints: ChangePoint[];
  kind: 'numeric' | 'binary';
  alpha: number;
  minEffect: number;
  method: string;
}

/** Best split of xs[s..e): the index maximising the standardised mean difference. */
function bestSplit(xs: ArrayLike<number>, s: number, e: number, m: number) {
  let total = 0;
  for (let i = s; i < e; i++) total += xs[i];
  const n = e - s;
  let left = 0;
  let best = -1;
  let bestK = -1;
  for (let k = s; k < e - m; k++) {
    left += xs[k];
    const n1 = k + 1 - s;
    if (n1 < m) continue;
    const n2 = n - n1;
    const stat = Math.abs(left / n1 - (total - left) / n2) * Math.sqrt((n1 * n2) / n);
    if (stat > best) {
      best = stat;
      bestK = k + 1;
    }
  }
  return { stat: best, k: bestK };
}

/**
 * Change points in the mean of an ordered series (rounds ordered by start
 * time or round number) by binary segmentation: the split maximising the
 * CUSUM statistic |mean₁ − mean₂|·√(n₁n₂/n) is tested by a permutation test
 * (the maximum over all split points recomputed on `permutations` shuffles of
 * the segment, so searching for the split is accounted for); a significant
 * split with |effect| ≥ `minEffect` is kept and both halves are searched
 * again. Deterministic: shuffles come from {@link mulberry32}(seed). The same
 * method serves efficiency series (numeric) and crash series (binary 0/1,
 * where the mean is the crash rate and the permutation test is exact given
 * the number of crashes).
 *
 * Reference: Scott & Knott (1974) / Vostrikova (1981) binary segmentation;
 * Page (1954) CUSUM; permutation max-type test as in Antoch & Hušková (2001).
 * R `changepoint::cpt.mean(x, method = "BinSeg")` uses the same search with a
 * penalty instead of a permutation test.
 *
 * Edge cases: series shorter than 2·minSegment have no change point; a
 * constant series has none (statistic 0). Each split is tested at `alpha`
 * (no correction across splits). Throws on non-finite values, binary values
 * other than 0/1, alpha outside (0, 1) or permutations < 1.
 *
 * @example changePoints([19.8, 19.9, 19.7, 19.8, 14.8, 14.7, 14.9, 14.8]).changePoints[0].index // 4
 */
export function changePoints(
  series: readonly (number | boolean)[],
  options: ChangePointOptions = {},
): ChangePointResult {
  const {
    kind = 'numeric',
    minEffect = 0,
    alpha = 0.05,
    permutations = 999,
    seed = 1,
    minSegment = 3,
    maxChanges = 10,
  } = options;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new RangeError(`permutations must be an integer ≥ 1, got ${permutations}`);
  if (!Number.isInteger(minSegment) || minSegment < 1)
    throw new RangeError(`minSegment must be an integer ≥ 1, got ${minSegment}`);
  if (!(minEffect >= 0)) throw new RangeError(`minEffect must be ≥ 0, got ${minEffect}`);
  const xs = Float64Array.from(series, (v, i) => {
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (!Number.isFinite(x)) throw new RangeError(`series[${i}] is ${v}`);
    if (kind === 'binary' && x !== 0 && x !== 1)
      throw new RangeError(`binary series[${i}] is ${v}, expected 0 or 1`);
    return x;
  });
  const rand = mulberry32(seed);
  const found: ChangePoint[] = [];
  const queue: [number, number][] = [[0, xs.length]];
  while (queue.length && found.length < maxChanges) {
    const [s, e] = queue.shift()!;
    if (e - s < 2 * minSegment) continue;
    const { stat, k } = bestSplit(xs, s, e, minSegment);
    if (k < 0 || !(stat > 0)) continue;
    let mean1 = 0;
    for (let i = s; i < k; i++) mean1 += xs[i];
    mean1 /= k - s;
    let mean2 = 0;
    for (let i = k; i < e; i++) mean2 += xs[i];
    mean2 /= e - k;
    if (Math.abs(mean2 - mean1) < minEffect) continue;
    const seg = xs.slice(s, e);
    let atLeast = 0;
    const tol = stat * (1 - 1e-12);
    for (let b = 0; b < permutations; b++) {
      for (let i = seg.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = seg[i];
        seg[i] = seg[j];
        seg[j] = t;
      }
      if (bestSplit(seg, 0, seg.length, minSegment).stat >= tol) atLeast++;
    }
    const pValue = (atLeast + 1) / (permutations + 1);
    if (pValue > alpha) continue;
    found.push({
      index: k,
      before: mean1,
      after: mean2,
      effect: mean2 - mean1,
      pValue,
      statistic: stat,
      segment: [s, e],
    });
    queue.push([s, k], [k, e]);
  }
  found.sort((a, b) => a.index - b.index);
  return {
    changePoints: found,
    kind,
    alpha,
    minEffect,
    method: `binary segmentation, CUSUM permutation test (${permutations} permutations, mulberry32 seed ${seed})`,
  };
}
