import {
  compatibleEnvironments,
  ENV_KEYS,
  type Environment,
  type EvidenceGroup,
  type EvidenceNote,
  envKey,
} from './evidence.ts';

/** The groups kept as evidence, and those left out with their reason. */
export interface EvidenceSelection {
  kept: EvidenceGroup[];
  excluded: EvidenceNote[];
}

/** What the verdict says of a group it used or left out, and why. */
export function evidenceNote(g: EvidenceGroup, reason: string): EvidenceNote {
  return { id: g.id, origin: g.origin, rounds: g.rounds, reason };
}

/**
 * Chooses the evidence for an environment so that no round counts twice:
 * cumulative batches are never used; a group marked `restated` (rounds
 * another source already gives, found by the derive step) is never used; a
 * stated batch whose round range repeats rounds already listed (or stated by
 * an earlier batch) in the same source is dropped whatever its labels, and so
 * is a range-less batch repeating the numbers of rows or of another batch of
 * its source in a compatible environment (no label stated differently: a
 * summary line that omits the wrapper is the same rounds); groups outside
 * `environment` are left out; a stated batch whose round range is (wholly or
 * partly) covered by rows of the same source and environment is dropped, as
 * is a range-less batch in a source that lists those rows, or a batch
 * repeating another's numbers with no range. Groups whose environments still
 * differ are kept here: pooling them is the caller's decision ({@link verdict}
 * refuses).
 *
 * Edge cases: no groups → nothing kept. Pure and deterministic (input order kept).
 *
 * @example selectEvidence(groups, {fix_variant: 'native'}).kept.length
 */
export function selectEvidence(
  groups: readonly EvidenceGroup[],
  environment: Partial<Environment> = {},
): EvidenceSelection {
  const excluded: EvidenceNote[] = [];
  const note = evidenceNote;
  // 0. within one source, a stated batch whose round range is already listed row by row, or already
  //    claimed by an earlier batch, is a restatement whatever labels it carries (a summary line often
  //    omits the wrapper or the dylib that its table states).
  const shadowed = restatedBatchesOf(groups);

  // 1. other environments, cumulative batches, restatements
  const candidates: EvidenceGroup[] = [];
  // Whether a group is of another environment depends only on its labels: decided once per environment.
  const otherBy = new Map<string, string | null>();
  for (const g of groups) {
    const key = envKeyOf(g);
    let other = otherBy.get(key);
    if (other === undefined) {
      const diff = ENV_KEYS.filter((k) => environment[k] !== undefined && environment[k] !== g.env[k]);
      other = diff.length
        ? `other environment: ${diff.map((k) => `${k} ${g.env[k] ?? 'not stated'} ≠ ${environment[k]}`).join(', ')}`
        : null;
      otherBy.set(key, other);
    }
    if (other !== null) {
      excluded.push(note(g, other));
      continue;
    }
    // What a group restates names where its rounds are counted: the more useful reason, so it goes first.
    if (g.restated) {
      excluded.push(note(g, g.restated));
      continue;
    }
    if (g.kind === 'cumulative') {
      excluded.push(note(g, 'cumulative total: never added to primary evidence'));
      continue;
    }
    const restated = shadowed.get(g);
    if (restated) {
      excluded.push(note(g, restated));
      continue;
    }
    candidates.push(g);
  }

  // 2. never the same round twice
  const listed = new Map<string, Set<number>>();
  const rowsBySource = new Set<string>();
  const kept: EvidenceGroup[] = [];
  for (const g of candidates.filter((c) => c.origin !== 'batch')) {
    const key = `${g.source_id} ${envKeyOf(g)}`;
    const seen = listed.get(key) ?? new Set<number>();
    const nums = g.roundNumbers ?? [];
    const repeated = nums.filter((n) => seen.has(n)).length;
    if (repeated > 0) {
      excluded.push(
        note(g, `repeats ${repeated} round${repeated === 1 ? '' : 's'} already counted from the same source`),
      );
      continue;
    }
    for (const n of nums) seen.add(n);
    listed.set(key, seen);
    rowsBySource.add(key);
    kept.push(g);
  }
  const statedBy = new Map<string, Set<string>>();
  for (const g of candidates.filter((c) => c.origin === 'batch')) {
    const key = `${g.source_id} ${envKeyOf(g)}`;
    const seen = listed.get(key);
    if (g.roundFirst != null && g.roundLast != null) {
      let covered = 0;
      for (let n = g.roundFirst; n <= g.roundLast; n++) if (seen?.has(n)) covered++;
      const span = g.roundLast - g.roundFirst + 1;
      if (covered === span) {
        excluded.push(
          note(g, `rounds ${g.roundFirst}–${g.roundLast} are already listed row by row in the same source`),
        );
        continue;
      }
      if (covered > 0) {
        excluded.push(
          note(
            g,
            `rounds ${g.roundFirst}–${g.roundLast} partly overlap listed rows (${covered} of ${span}): dropped so no round counts twice`,
          ),
        );
        continue;
      }
      const nowSeen = seen ?? new Set<number>();
      for (let n = g.roundFirst; n <= g.roundLast; n++) nowSeen.add(n);
      listed.set(key, nowSeen);
    } else {
      if (rowsBySource.has(key)) {
        excluded.push(
          note(
            g,
            'states no round range, and the same source lists rounds of this environment row by row: taken as their summary',
          ),
        );
        continue;
      }
      const sig = `${g.rounds}/${g.crashed}/${g.attempts ?? ''}`;
      const sigs = statedBy.get(key) ?? new Set<string>();
      if (sigs.has(sig)) {
        excluded.push(
          note(g, 'repeats the numbers of another batch of the same source without a round range'),
        );
        continue;
      }
      sigs.add(sig);
      statedBy.set(key, sigs);
    }
    kept.push(g);
  }
  return { kept, excluded };
}

/** A group's environment key, computed once per group. */
const envKeys = new WeakMap<EvidenceGroup, string>();
function envKeyOf(g: EvidenceGroup): string {
  let key = envKeys.get(g);
  if (key === undefined) {
    key = envKey(g.env);
    envKeys.set(g, key);
  }
  return key;
}

/**
 * {@link restatedBatches} once per list of groups: a verdict selects evidence
 * for every environment from the same list (the lists are never changed
 * after they are built; nor are the groups, whose keys are cached too).
 */
const restatedCache = new WeakMap<readonly EvidenceGroup[], Map<EvidenceGroup, string>>();
function restatedBatchesOf(groups: readonly EvidenceGroup[]): Map<EvidenceGroup, string> {
  let out = restatedCache.get(groups);
  if (!out) {
    out = restatedBatches(groups);
    restatedCache.set(groups, out);
  }
  return out;
}

/**
 * Stated batches of a source whose round range overlaps rounds listed row by
 * row in that source, or the range of an earlier batch of that source, in
 * any environment; and range-less batches that repeat the numbers of rows or
 * of another range-less batch of their source in a compatible environment
 * (see {@link restatedRangeless}); with the reason. Deterministic: rows claim
 * their rounds first, then batches in input order.
 */
function restatedBatches(groups: readonly EvidenceGroup[]): Map<EvidenceGroup, string> {
  const listed = new Map<string, Set<number>>();
  const stated = new Map<string, Set<number>>();
  const setOf = (map: Map<string, Set<number>>, source: string) => {
    let set = map.get(source);
    if (!set) {
      set = new Set<number>();
      map.set(source, set);
    }
    return set;
  };
  for (const g of groups)
    if (g.kind === 'primary' && g.origin !== 'batch')
      for (const n of g.roundNumbers ?? []) setOf(listed, g.source_id).add(n);
  const out = new Map<EvidenceGroup, string>();
  for (const g of groups) {
    if (g.kind !== 'primary' || g.origin !== 'batch' || g.roundFirst == null || g.roundLast == null) continue;
    if (g.roundLast < g.roundFirst || g.roundLast - g.roundFirst > 100_000) continue;
    const rows = setOf(listed, g.source_id);
    const earlier = setOf(stated, g.source_id);
    let byRows = 0;
    let byBatches = 0;
    for (let n = g.roundFirst; n <= g.roundLast; n++) {
      if (rows.has(n)) byRows++;
      else if (earlier.has(n)) byBatches++;
    }
    const span = g.roundLast - g.roundFirst + 1;
    const range = `rounds ${g.roundFirst}–${g.roundLast}`;
    if (byRows === span) out.set(g, `${range} are already listed row by row in the same source`);
    else if (byRows > 0)
      out.set(
        g,
        `${range} partly overlap listed rows (${byRows} of ${span}): dropped so no round counts twice`,
      );
    else if (byBatches > 0)
      out.set(
        g,
        `${range} restate an earlier batch of the same source (${byBatches} of ${span}): dropped so no round counts twice`,
      );
    else for (let n = g.roundFirst; n <= g.roundLast; n++) earlier.add(n);
  }
  for (const [g, reason] of restatedRangeless(groups)) if (!out.has(g)) out.set(g, reason);
  return out;
}

/** How many labels of an environment are known (a fuller statement of the same rounds is kept). */
const knownLabels = (e: Environment) => ENV_KEYS.filter((k) => e[k] !== null).length;

/**
 * Range-less primary batches of a source that restate other evidence of the
 * same source in a compatible environment: the same rounds and crashes as a
 * group of rows, or as all compatible rows together (a summary line), or as
 * another range-less batch (the same result in prose and in a table). Of two
 * such batches the one stating more labels is kept (the earlier on a tie).
 * Batches in incompatible environments (native 10/10 beside v2.9 10/10) are
 * different rounds.
 */
function restatedRangeless(groups: readonly EvidenceGroup[]): Map<EvidenceGroup, string> {
  const out = new Map<EvidenceGroup, string>();
  const bySource = new Map<string, EvidenceGroup[]>();
  for (const g of groups) {
    if (g.kind !== 'primary') continue;
    const list = bySource.get(g.source_id) ?? [];
    list.push(g);
    bySource.set(g.source_id, list);
  }
  for (const list of bySource.values()) {
    const rows = list.filter((g) => g.origin !== 'batch');
    const bare = list.filter((g) => g.origin === 'batch' && (g.roundFirst == null || g.roundLast == null));
    if (bare.length === 0) continue;
    for (const b of bare) {
      const compatible = rows.filter((r) => compatibleEnvironments(r.env, b.env));
      const same = compatible.find((r) => r.rounds === b.rounds && r.crashed === b.crashed);
      const total = compatible.reduce((n, r) => n + r.rounds, 0);
      const crashed = compatible.reduce((n, r) => n + r.crashed, 0);
      if (same) out.set(b, `repeats the ${same.rounds} rounds listed row by row at ${same.id}`);
      else if (compatible.length > 1 && total === b.rounds && crashed === b.crashed)
        out.set(b, `sums the ${total} rounds listed row by row in the same source`);
    }
    const order = bare
      .filter((b) => !out.has(b))
      .map((b, i) => ({ b, i }))
      .sort((x, y) => knownLabels(y.b.env) - knownLabels(x.b.env) || x.i - y.i);
    const kept: EvidenceGroup[] = [];
    for (const { b } of order) {
      const twin = kept.find(
        (k) => k.rounds === b.rounds && k.crashed === b.crashed && compatibleEnvironments(k.env, b.env),
      );
      if (twin) out.set(b, `repeats the numbers of ${twin.id} (same source, no label stated differently)`);
      else kept.push(b);
    }
  }
  return out;
}
