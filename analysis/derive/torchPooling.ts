/**
 * PyTorch builds pooled by base: a question about 2.9.1 matches every 2.9.1
 * build, so environments group by the base release (`2.9.1a0+git8cfbcc8`,
 * `2.9.1 (git 8cfbcc8)` and a bare `2.9.1` are one torch, `2.9.1`) and list
 * the versions they pooled. Builds that one report tells apart — its own
 * rounds or batches on two different builds of one base — are not pooled:
 * each such build is an environment of its own (`2.9.1+git10e734a`), wherever
 * it appears.
 */
import { torchBase, torchBuild } from '../../store/torchVersion.ts';
import type { EvidenceUnit } from './evidenceUnit.ts';

/** The builds some report tells apart from another build of the same base, as `BASE+BUILD`. */
export function distinguishedBuilds(units: readonly EvidenceUnit[]): Set<string> {
  const perSource = new Map<string, Map<string, Set<string>>>();
  for (const u of units) {
    if (u.values.torch === null) continue;
    const version = String(u.values.torch);
    const base = torchBase(version);
    const build = torchBuild(version);
    if (!base || !build) continue;
    const bases = perSource.get(u.source_id) ?? new Map<string, Set<string>>();
    const builds = bases.get(base) ?? new Set<string>();
    builds.add(build);
    bases.set(base, builds);
    perSource.set(u.source_id, bases);
  }
  const out = new Set<string>();
  for (const bases of perSource.values())
    for (const [base, builds] of bases) if (builds.size > 1) for (const b of builds) out.add(`${base}+${b}`);
  return out;
}

/**
 * The torch an environment pools a version under: its base, or `BASE+BUILD`
 * for a build some report tells apart; a version without a base stays as
 * read; null stays null.
 *
 * @example pooledTorch('2.9.1a0+git8cfbcc8', new Set()) // '2.9.1'
 * @example pooledTorch('2.9.1a0+git10e734a', new Set(['2.9.1+git10e734a'])) // '2.9.1+git10e734a'
 */
export function pooledTorch(version: string | null, distinguished: ReadonlySet<string>): string | null {
  if (version === null) return null;
  const base = torchBase(version);
  if (!base) return version;
  const build = torchBuild(version);
  return build && distinguished.has(`${base}+${build}`) ? `${base}+${build}` : base;
}
