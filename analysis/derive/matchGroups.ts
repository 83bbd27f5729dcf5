import type { Wrapper } from '../../store/vocabulary.ts';
import type { EvidenceGroup } from '../stats/index.ts';

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
