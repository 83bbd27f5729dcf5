import { holmAdjust } from './holmAdjust.ts';
import { mulberry32 } from './mulberry32.ts';

/** Options of {@link changePoints} and `changePointScan`. */
export interface ChangePointOptions {
  /** `numeric` (efficiency, throughput) or `binary` (1 = crashed, 0 = passed). Default numeric. */
  kind?: 'numeric' | 'binary';
  /** Smallest |after − before| worth reporting, in the series' units (default 0). */
  minEffect?: number;
  /** Significance level: of each split for one series, family-wise for a scan (default 0.05). */
  alpha?: number;
  /**
   * Most permutations per test (default 999; a scan raises it so that a p-value can reach α over
   * the family size). A test stops early once {@link EXCEEDANCES} permutations reach the observed
   * statistic (Besag & Clifford's sequential p-value), so clear non-changes cost little.
   */
  permutations?: number;
  /** Seed of the mulberry32 PRNG driving the permutations (default 1). */
  seed?: number;
  /** Fewest observations on each side of a split (default 3). */
  minSegment?: number;
  /** Most change points to report (default 10). */
  maxChanges?: number;
  /**
   * `ar1` (default): rounds may be serially correlated: each segment is pre-whitened by its
   * AR(1) coefficient before the permutation test. `exchangeable`: the plain permutation test.
   */
  dependence?: 'ar1' | 'exchangeable';
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
  /** The p-value adjusted for the family scanned (Holm for a series' first split, Bonferroni below it); pValue for one series. */
  adjustedP: number;
  /** Series in the family scanned (1 for one series). */
  familySize: number;
  /** The AR(1) coefficient the segment was pre-whitened with (0: none, or `exchangeable`). */
  phi: number;
  /** The CUSUM statistic |mean₁ − mean₂|·√(n₁n₂/n) of the (pre-whitened) segment. */
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

/** Permutations reaching the observed statistic after which a test stops (Besag & Clifford 1991). */
export const EXCEEDANCES = 10;

/** Resolved options. */
type Settings = Required<ChangePointOptions>;

/** The test of one segment's best split, before any decision. */
export interface SplitTest {
  segment: [number, number];
  index: number;
  before: number;
  after: number;
  statistic: number;
  pValue: number;
  phi: number;
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

const meanOf = (xs: ArrayLike<number>, s: number, e: number) => {
  let sum = 0;
  for (let i = s; i < e; i++) sum += xs[i];
  return sum / (e - s);
};

/** Clamps an AR(1) estimate to [0, 0.95]: negative correlation makes the plain test conservative, so no whitening. */
const clampPhi = (phi: number) => (Number.isFinite(phi) ? Math.min(0.95, Math.max(0, phi)) : 0);

/**
 * The AR(1) coefficient of xs[s..e) for a segment split at k: the lag-1
 * autocorrelation r of the residuals around the means of the split's two
 * sides and of the best split of either side (four pieces, so that a second
 * change inside the segment does not pass for correlation and whiten the
 * first away), bias-corrected (Kendall 1954: E[r] ≈ φ − (1 + 4φ)/n, so
 * φ̂ = (n·r + 1)/(n − 4)) and clamped to [0, 0.95]; 0 for 8 or fewer values.
 */
function ar1(xs: ArrayLike<number>, s: number, e: number, k: number, m: number): number {
  const n = e - s;
  if (n <= 8) return 0;
  const cuts = [s, k, e];
  const left = bestSplit(xs, s, k, m).k;
  const right = bestSplit(xs, k, e, m).k;
  if (left > 0) cuts.splice(1, 0, left);
  if (right > 0) cuts.splice(cuts.length - 1, 0, right);
  let num = 0;
  let den = 0;
  let prev = Number.NaN;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const mu = meanOf(xs, cuts[c], cuts[c + 1]);
    for (let i = cuts[c]; i < cuts[c + 1]; i++) {
      const r = xs[i] - mu;
      den += r * r;
      if (i > s) num += r * prev;
      prev = r;
    }
  }
  return den > 0 ? clampPhi((n * (num / den) + 1) / (n - 4)) : 0;
}

/** The test statistic of a segment: its AR(1) estimate, and the largest CUSUM of the series pre-whitened by it. */
function whitenedStatistic(seg: Float64Array, m: number) {
  const { k } = bestSplit(seg, 0, seg.length, m);
  const phi = k < 0 ? 0 : ar1(seg, 0, seg.length, k, m);
  let w = seg;
  if (phi > 0) {
    w = new Float64Array(seg.length - 1);
    for (let i = 1; i < seg.length; i++) w[i - 1] = seg[i] - phi * seg[i - 1];
  }
  return { phi, stat: bestSplit(w, 0, w.length, m).stat, w };
}

/**
 * How many standard errors √((1 − φ̂²)/n) above its estimate the null model's
 * AR(1) coefficient is put. φ̂ is estimated around the best split, so it comes
 * out low exactly when a split looks strong; a null model at φ̂ itself then
 * raised false alarms at 2–4·α on 20–40 rounds (φ = 0.3), at 1.5 SE they are
 * at α (simulated: 0.007, 0.011, 0.012 for n = 20, 40, 100 at α = 0.01).
 */
const NULL_PHI_SE = 1.5;

/** Steps run before a simulated AR(1) series is kept, so that it starts in its stationary state. */
const BURN_IN = 50;

/**
 * Tests the best split of xs[s..e), or null when no split can be made or its
 * effect is below `minEffect`.
 *
 * `exchangeable`: the maximum CUSUM statistic against its values on
 * permutations of the segment.
 *
 * `ar1`: the statistic is the maximum CUSUM of the segment pre-whitened by its
 * own AR(1) estimate (w_t = x_t − φ̂·x_{t−1}, {@link ar1}); it is referred to
 * the same statistic, φ re-estimated each time, on simulated AR(1) series
 * with coefficient φ̂ + {@link NULL_PHI_SE} SE driven by the centred whitened
 * series drawn with replacement — a parametric (sieve) bootstrap under "no
 * change". Permuting the whitened series instead (φ̂ taken as known) let the
 * estimate's error through: 0.03–0.05 false alarms at α = 0.01 on 20–40
 * rounds with φ = 0.3.
 *
 * Both stop once {@link EXCEEDANCES} replicates reach the observed statistic
 * (Besag & Clifford's sequential p-value), so clear non-changes cost little.
 */
export function testSplit(
  xs: ArrayLike<number>,
  s: number,
  e: number,
  settings: Settings,
  rand: () => number,
): SplitTest | null {
  const m = settings.minSegment;
  if (e - s < 2 * m) return null;
  const { stat, k } = bestSplit(xs, s, e, m);
  if (k < 0 || !(stat > 0)) return null;
  const before = meanOf(xs, s, k);
  const after = meanOf(xs, k, e);
  if (Math.abs(after - before) < settings.minEffect) return null;
  const seg = Float64Array.from({ length: e - s }, (_, i) => xs[s + i]);
  const B = settings.permutations;
  let atLeast = 0;
  let b = 0;
  let observed = stat;
  let phi = 0;
  if (settings.dependence === 'exchangeable') {
    const tol = observed * (1 - 1e-12);
    while (b < B && atLeast < EXCEEDANCES) {
      b++;
      for (let i = seg.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = seg[i];
        seg[i] = seg[j];
        seg[j] = t;
      }
      if (bestSplit(seg, 0, seg.length, m).stat >= tol) atLeast++;
    }
  } else {
    const obs = whitenedStatistic(seg, m);
    observed = obs.stat;
    phi = obs.phi;
    // the null model: AR(1) at φ̂ + 1.5 SE, driven by the whitened series around its mean
    const wMean = meanOf(obs.w, 0, obs.w.length);
    const innov = Float64Array.from(obs.w, (v) => v - wMean);
    const phiNull = Math.min(0.95, phi + NULL_PHI_SE * Math.sqrt((1 - phi * phi) / seg.length));
    const tol = observed * (1 - 1e-12);
    const sim = new Float64Array(seg.length);
    while (b < B && atLeast < EXCEEDANCES) {
      b++;
      let y = 0;
      for (let i = -BURN_IN; i < sim.length; i++) {
        y = phiNull * y + innov[Math.floor(rand() * innov.length)];
        if (i >= 0) sim[i] = y;
      }
      if (whitenedStatistic(sim, m).stat >= tol) atLeast++;
    }
  }
  const pValue = atLeast >= EXCEEDANCES ? atLeast / b : (atLeast + 1) / (B + 1);
  return { segment: [s, e], index: k, before, after, statistic: observed, pValue, phi };
}

/** Settings from options, checked. */
export function changePointSettings(options: ChangePointOptions): Settings {
  const settings: Settings = {
    kind: 'numeric',
    minEffect: 0,
    alpha: 0.05,
    permutations: 999,
    seed: 1,
    minSegment: 3,
    maxChanges: 10,
    dependence: 'ar1',
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const { alpha, permutations, minSegment, minEffect, dependence } = settings;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(permutations) || permutations < 1)
    throw new RangeError(`permutations must be an integer ≥ 1, got ${permutations}`);
  if (!Number.isInteger(minSegment) || minSegment < 1)
    throw new RangeError(`minSegment must be an integer ≥ 1, got ${minSegment}`);
  if (!(minEffect >= 0)) throw new RangeError(`minEffect must be ≥ 0, got ${minEffect}`);
  if (dependence !== 'ar1' && dependence !== 'exchangeable')
    throw new RangeError(`dependence must be ar1 or exchangeable, got ${JSON.stringify(dependence)}`);
  return settings;
}

/** The series as numbers, checked (binary: 0/1 or booleans). */
export function seriesValues(series: readonly (number | boolean)[], kind: Settings['kind']): Float64Array {
  return Float64Array.from(series, (v, i) => {
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (!Number.isFinite(x)) throw new RangeError(`series[${i}] is ${v}`);
    if (kind === 'binary' && x !== 0 && x !== 1)
      throw new RangeError(`binary series[${i}] is ${v}, expected 0 or 1`);
    return x;
  });
}

/**
 * Binary segmentation below a first test already made: the root split is kept
 * when `keepRoot`, then both halves are searched again, each split tested
 * and kept when p·`multiplier` ≤ `alpha` (1 for one series; the family size
 * for a scan, Bonferroni).
 */
export function segmentFrom(
  xs: Float64Array,
  root: SplitTest,
  rootAdjusted: number,
  settings: Settings,
  rand: () => number,
  multiplier: number,
): ChangePoint[] {
  const point = (t: SplitTest, adjustedP: number): ChangePoint => ({
    index: t.index,
    before: t.before,
    after: t.after,
    effect: t.after - t.before,
    pValue: t.pValue,
    adjustedP,
    familySize: multiplier,
    phi: t.phi,
    statistic: t.statistic,
    segment: t.segment,
  });
  const found = [point(root, rootAdjusted)];
  const queue: [number, number][] = [
    [root.segment[0], root.index],
    [root.index, root.segment[1]],
  ];
  while (queue.length && found.length < settings.maxChanges) {
    const [s, e] = queue.shift()!;
    const t = testSplit(xs, s, e, settings, rand);
    if (!t) continue;
    const adjusted = Math.min(1, t.pValue * multiplier);
    if (adjusted > settings.alpha) continue;
    found.push(point(t, adjusted));
    queue.push([s, t.index], [t.index, e]);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The method text of a result. */
export function changePointMethod(settings: Settings, family: string): string {
  const test =
    settings.dependence === 'ar1'
      ? 'CUSUM of each segment pre-whitened by its AR(1) coefficient, against AR(1) series simulated under no change'
      : 'CUSUM permutation test (exchangeable rounds)';
  return `binary segmentation, ${test} (up to ${settings.permutations} replicates, stopping at ${EXCEEDANCES} exceedances, mulberry32 seed ${settings.seed})${family}`;
}

/**
 * Change points in the mean of an ordered series (rounds ordered by start
 * time or round number) by binary segmentation: the split maximising the
 * CUSUM statistic |mean₁ − mean₂|·√(n₁n₂/n) is tested by a permutation test
 * (the maximum over all split points recomputed on permutations of the
 * segment, so searching for the split is accounted for); a significant split
 * with |effect| ≥ `minEffect` is kept and both halves are searched again.
 *
 * Rounds are rarely exchangeable: a machine warms up, a queue fills, so
 * neighbouring rounds are alike, and a plain permutation test then raises
 * false alarms (0.10–0.12 at α = 0.01 for AR(1) noise with φ = 0.3). By
 * default (`dependence: 'ar1'`) each segment is therefore pre-whitened,
 * w_t = x_t − φ̂·x_{t−1} with φ̂ the bias-corrected lag-1 autocorrelation of
 * the residuals around the split's two means, and the permutation test runs
 * on w (a mean shift stays a shift of w, scaled by 1 − φ̂). Deterministic:
 * permutations come from {@link mulberry32}(seed). The same method serves
 * efficiency series (numeric) and crash series (binary 0/1, where the mean is
 * the crash rate).
 *
 * Each split of this one series is tested at `alpha`. To scan many series
 * (configurations × metrics) with the family-wise rate held at `alpha`, use
 * `changePointScan`.
 *
 * Reference: Scott & Knott (1974) / Vostrikova (1981) binary segmentation;
 * Page (1954) CUSUM; permutation max-type test as in Antoch & Hušková (2001);
 * Besag & Clifford (1991) sequential Monte-Carlo p-values; pre-whitening for
 * mean-shift tests in correlated series: Robbins, Gallagher, Lund & Aue (2011,
 * J. Time Series Analysis 32); Kendall (1954) for the bias of r₁. R
 * `changepoint::cpt.mean(x, method = "BinSeg")` uses the same search with a
 * penalty instead of a permutation test.
 *
 * Edge cases: series shorter than 2·minSegment have no change point; a
 * constant series has none (statistic 0). Throws on non-finite values, binary
 * values other than 0/1, alpha outside (0, 1) or permutations < 1.
 *
 * @example changePoints([19.8, 19.9, 19.7, 19.8, 14.8, 14.7, 14.9, 14.8]).changePoints[0].index // 4
 */
export function changePoints(
  series: readonly (number | boolean)[],
  options: ChangePointOptions = {},
): ChangePointResult {
  const settings = changePointSettings(options);
  const xs = seriesValues(series, settings.kind);
  const rand = mulberry32(settings.seed);
  const root = testSplit(xs, 0, xs.length, settings, rand);
  const found =
    root && root.pValue <= settings.alpha ? segmentFrom(xs, root, root.pValue, settings, rand, 1) : [];
  return {
    changePoints: found,
    kind: settings.kind,
    alpha: settings.alpha,
    minEffect: settings.minEffect,
    method: changePointMethod(settings, ''),
  };
}

/** One series of a {@link changePointScan}: a name for the caller, its values and kind. */
export interface ScanSeries {
  name: string;
  values: readonly (number | boolean)[];
  kind?: 'numeric' | 'binary';
  /** Smallest |after − before| worth reporting for this series (default: the scan's `minEffect`). */
  minEffect?: number;
}

/** Result of {@link changePointScan}: per series, in input order, its change points. */
export interface ChangePointScan {
  series: { name: string; changePoints: ChangePoint[] }[];
  /** Series scanned: the family the rate is held over. */
  familySize: number;
  alpha: number;
  method: string;
}

/**
 * Change points in many series at once (every configuration × metric) with
 * the family-wise rate of false change points held at `alpha` across them.
 * Each series' first (root) split is tested as in {@link changePoints}; the
 * root p-values are adjusted by Holm over the family, and a series whose root
 * survives is segmented further with each split at Bonferroni α/F. So a scan
 * of F series with no change reports one with probability ≤ α (testing each
 * at α gave 1 − (1 − α)^F: 0.18 for 20 series at 0.01). Replicates per test
 * are raised to at least 4F/α − 1 so that a p-value can reach α/F.
 * Deterministic: series i uses {@link mulberry32}(seed + i).
 *
 * Reference: Holm (1979), Scand. J. Statistics 6:65–70.
 *
 * Edge cases: an empty list gives an empty scan; series too short to split
 * count in the family (they were scanned) but never report a change.
 * Throws as {@link changePoints} does.
 *
 * @example changePointScan([{ name: 'a', values: [1, 1, 1] }]).series[0].changePoints // []
 */
export function changePointScan(
  list: readonly ScanSeries[],
  options: ChangePointOptions = {},
): ChangePointScan {
  const base = changePointSettings(options);
  const F = list.length;
  const permutations = Math.max(base.permutations, Math.ceil((4 * Math.max(1, F)) / base.alpha) - 1);
  const prepared = list.map((series, i) => {
    const settings: Settings = {
      ...base,
      permutations,
      kind: series.kind ?? base.kind,
      minEffect: series.minEffect ?? base.minEffect,
    };
    const xs = seriesValues(series.values, settings.kind);
    const rand = mulberry32(base.seed + i);
    return { series, settings, xs, rand, root: testSplit(xs, 0, xs.length, settings, rand) };
  });
  const adjusted = holmAdjust(prepared.map((p) => p.root?.pValue ?? 1));
  return {
    series: prepared.map(({ series, settings, xs, rand, root }, i) => ({
      name: series.name,
      changePoints:
        root && adjusted[i] <= base.alpha
          ? segmentFrom(xs, root, adjusted[i], settings, rand, Math.max(1, F))
          : [],
    })),
    familySize: F,
    alpha: base.alpha,
    method: changePointMethod(
      { ...base, permutations },
      `; family of ${F} series: Holm on each series’ first split, Bonferroni α/${F} below it`,
    ),
  };
}
