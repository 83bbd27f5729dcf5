/**
 * Session series: reports of numbered rounds that continue one another, so
 * that what one leaves unknown can be taken from the others (provenance
 * `series:PATH:LINE`). Two reports are linked when
 *
 * 1. **adjacent**: one's rounds A–B follow the other's ending at A−1, in the
 *    same report family (folder and file name up to the first digit);
 * 2. **listing**: one's own tables restate the other's rounds (a batch whose
 *    round range lies inside the other's own rounds) or name its worker
 *    (`| N=2937 | 1640-1659 | 85.0% |`, `Cumulative …: N=2950`);
 * 3. **running total**: both state a cumulative total and are neighbours in
 *    round order among the family's reports that do (a running total declares
 *    that a session continues the earlier ones, across sessions no file of
 *    the corpus holds);
 *
 * and only when the two agree: no attribute (fix variant, torch base,
 * threads, wrapper, workload, serialisation) is stated by both with different
 * values. A configuration change starts a new series, so a dylib switch at a
 * round boundary never carries the old wrapper over. A series is a connected
 * set of links; it gives a value only when every statement in it agrees.
 *
 * Limits: a gap between sessions is bridged only by a running total or a
 * listing; a series whose reports state nothing in common is not detected;
 * round ids of reports that number from 1 are local and never link.
 */
import { ENV_ATTRIBUTES, type EnvAttribute } from '../stats/index.ts';
import type { EvidenceUnit } from './evidenceUnit.ts';
import { workerNamed } from './evidenceUnit.ts';
import type { ReportSource } from './reportSources.ts';
import { type StatementIndex, statedSet } from './statements.ts';

/** Why two reports are linked. */
export type SeriesLink = 'adjacent' | 'listing' | 'running total';

/** The session series: each report's series (the reports linked to it, directly or not), by source id. */
export type SessionSeries = Map<string, ReportSource[]>;

/**
 * Whether two reports agree: no attribute is stated by both with different
 * sets of values (torch compared by base).
 */
export function agreeingReports(
  a: string,
  b: string,
  indexes: Readonly<Record<EnvAttribute, StatementIndex>>,
): boolean {
  for (const attr of ENV_ATTRIBUTES) {
    const x = statedSet(indexes[attr], attr, a);
    const y = statedSet(indexes[attr], attr, b);
    if (x.size && y.size && (x.size !== y.size || [...x].some((v) => !y.has(v)))) return false;
  }
  return true;
}

/** The candidate links between reports of numbered rounds, before the agreement check. */
export function seriesLinks(
  units: readonly EvidenceUnit[],
  sources: ReadonlyMap<string, ReportSource>,
): [ReportSource, ReportSource, SeriesLink][] {
  const numbered = [...sources.values()].filter((s) => s.first !== null);
  const links: [ReportSource, ReportSource, SeriesLink][] = [];
  // 1. adjacent in one family
  const endingAt = new Map<string, ReportSource[]>();
  for (const s of numbered) {
    const key = `${s.family}\u0000${s.last}`;
    endingAt.set(key, [...(endingAt.get(key) ?? []), s]);
  }
  for (const s of numbered)
    for (const t of endingAt.get(`${s.family}\u0000${s.first! - 1}`) ?? []) links.push([t, s, 'adjacent']);
  // 2. a report's tables restate another's rounds or name its worker
  const byWorker = new Map<number, ReportSource[]>();
  for (const s of numbered)
    if (s.worker_n !== null) byWorker.set(s.worker_n, [...(byWorker.get(s.worker_n) ?? []), s]);
  for (const s of sources.values())
    for (const i of s.units) {
      const u = units[i];
      if (u.origin !== 'batch') continue;
      const named = workerNamed(u.label);
      if (named !== null && named !== s.worker_n)
        for (const t of byWorker.get(named) ?? []) if (t !== s) links.push([t, s, 'listing']);
      if (u.roundFirst == null || u.roundLast == null) continue;
      for (const t of numbered)
        if (t !== s && t.first! <= u.roundFirst && u.roundLast <= t.last!) links.push([t, s, 'listing']);
    }
  // 3. neighbours among a family's reports with a running total
  const running = new Map<string, ReportSource[]>();
  for (const s of numbered) if (s.hasCumulative) running.set(s.family, [...(running.get(s.family) ?? []), s]);
  for (const list of running.values()) {
    list.sort((a, b) => a.first! - b.first!);
    for (let i = 1; i < list.length; i++) links.push([list[i - 1], list[i], 'running total']);
  }
  return links;
}

/**
 * The session series of every report that has one: reports joined by
 * agreeing links ({@link seriesLinks}, {@link agreeingReports}), transitively.
 * A report's series lists the other members, nearest round ids first (earlier
 * before later at equal distance).
 */
export function sessionSeries(
  units: readonly EvidenceUnit[],
  sources: ReadonlyMap<string, ReportSource>,
  indexes: Readonly<Record<EnvAttribute, StatementIndex>>,
): SessionSeries {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const [a, b] of seriesLinks(units, sources)) {
    if (!agreeingReports(a.source_id, b.source_id, indexes)) continue;
    const ra = find(a.source_id);
    const rb = find(b.source_id);
    if (ra === rb) continue;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(child, root);
  }
  const members = new Map<string, ReportSource[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    members.set(root, [...(members.get(root) ?? []), sources.get(id)!]);
  }
  const out: SessionSeries = new Map();
  const distance = (a: ReportSource, b: ReportSource) =>
    a.first === null || b.first === null ? Number.POSITIVE_INFINITY : Math.abs(a.first - b.first);
  for (const list of members.values())
    for (const s of list) {
      const others = list
        .filter((t) => t !== s)
        .map((t) => ({ t, d: distance(s, t) }))
        .sort(
          (x, y) =>
            (x.d === y.d ? 0 : x.d < y.d ? -1 : 1) ||
            (x.t.first ?? 0) - (y.t.first ?? 0) ||
            (x.t.path < y.t.path ? -1 : x.t.path > y.t.path ? 1 : 0),
        )
        .map(({ t }) => t);
      out.set(s.source_id, others);
    }
  return out;
}
