import type { Wrapper } from '../../store/vocabulary.ts';
import type { EvidenceGroup } from '../stats/index.ts';
import type { EvidenceUnit } from './evidenceUnit.ts';

/** The environment a question names; null labels match anything. */
export interface EnvironmentRequest {
  fix: string | null;
  torch: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  /** Which test (`complete_story`, …). */
  workload: string | null;
  /** How the test serialised its GPU work (`none`, `semaphore(1)`, …): named, only that serialisation answers. */
  serialised: string | null;
}

/**
 * Whether a PyTorch version answers for the one asked about: a version
 * matches its builds (`2.9.1` matches `2.9.1a0+git8cfbcc8`), a leading `v` is
 * ignored, and null asks for any version (an unknown version matches only
 * then).
 *
 * @example torchMatches('2.9.1', '2.9.1a0+git8cfbcc8') // true
 * @example torchMatches('v2.9.1', '2.9.1') // true
 * @example torchMatches('2.9.1', null) // false
 */
export const torchMatches = (wanted: string | null, actual: string | null): boolean =>
  wanted === null || (actual !== null && (actual === wanted || actual.startsWith(wanted.replace(/^v/, ''))));

/**
 * The evidence groups of the environments a request names: fix variant,
 * thread count, wrapper, workload and serialisation equal; the PyTorch
 * version by {@link torchMatches} on the version the group's file gave (so
 * `2.9.1` finds every build of 2.9.1, and a build finds only itself). Groups
 * of different environments may remain: each gets its own answer.
 */
export function matchGroups(groups: readonly EvidenceGroup[], req: EnvironmentRequest): EvidenceGroup[] {
  return groups.filter(
    (g) =>
      (req.fix === null || g.env.fix_variant === req.fix) &&
      torchMatches(req.torch, g.torchRead ?? g.env.torch_version) &&
      (req.threads === null || g.env.threads === req.threads) &&
      (req.wrapper === null || g.env.wrapper === req.wrapper) &&
      (req.workload === null || g.env.workload === req.workload) &&
      (req.serialised === null || g.env.serialised === req.serialised),
  );
}

/**
 * Whether a unit could come to match `req` once its unknown labels are
 * resolved: every label the request names is unknown on the unit or already
 * the one asked for (resolving fills unknowns only; it never changes a label).
 *
 * @example couldMatch({ values: { fix_variant: 'v2.9', torch: null, threads: 8, wrapper: null, workload: null, serialised: null } }, req) // false when req.fix is 'native'
 */
export function couldMatch(u: Pick<EvidenceUnit, 'values'>, req: EnvironmentRequest): boolean {
  const v = u.values;
  const open = <T>(asked: T | null, has: T | null) => asked === null || has === null || has === asked;
  return (
    open(req.fix, v.fix_variant) &&
    (req.torch === null || v.torch === null || torchMatches(req.torch, String(v.torch))) &&
    open(req.threads, v.threads === null ? null : Number(v.threads)) &&
    open<string>(req.wrapper, v.wrapper === null ? null : String(v.wrapper)) &&
    open(req.workload, v.workload) &&
    open(req.serialised, v.serialised)
  );
}
