/**
 * One crash per crash, however many files it was read from. The same crash
 * reaches the database several ways: its `.ips` report and the entry a crash
 * summary lists for it share the original report's name; an `.ips` and the
 * `.crash` copies made of it share the incident identifier (their
 * `crash_uid`) under different file names. Records linked by either are one
 * crash (connected components, so a chain `.crash` ↔ `.ips` ↔ summary entry
 * is one crash too).
 */

/** The fields merging reads; any stored crash row has them. */
export interface MergeableCrash {
  crash_uid: string;
  original_name: string | null;
  frames: string[] | null;
  captured_at: string | null;
  duplicates_folded: number | null;
  source_id?: string;
  line?: number;
}

/** A distinct crash: the record that stands for it, every record merged into it, and its copies. */
export interface DistinctCrash<T extends MergeableCrash> {
  /** The fullest record: most frames, then the earliest, then by crash_uid, source and line. */
  crash: T;
  /** Every record of this crash, in input order (at least `crash`). */
  members: T[];
  /** Copies beyond the first: the other records, plus the copies each record had already folded. */
  duplicates_folded: number;
}

function fuller(a: MergeableCrash, b: MergeableCrash): number {
  return (
    (b.frames?.length ?? 0) - (a.frames?.length ?? 0) ||
    (a.captured_at ?? '\uffff').localeCompare(b.captured_at ?? '\uffff') ||
    a.crash_uid.localeCompare(b.crash_uid) ||
    (a.source_id ?? '').localeCompare(b.source_id ?? '') ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

/**
 * Merges records of one crash: two records are the same crash when they share
 * a `crash_uid` or an `original_name`. Returns the distinct crashes ordered by
 * the `crash_uid` of the record standing for each. Deterministic; empty input
 * gives [].
 *
 * @example distinctCrashes([ips, summaryEntryOfIt, crashCopyOfIt]).length // 1
 */
export function distinctCrashes<T extends MergeableCrash>(crashes: readonly T[]): DistinctCrash<T>[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let at = k; at !== root; ) {
      const next = parent.get(at) ?? root;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const [lo, hi] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(hi, lo);
  };
  const keysOf = (c: T) => [`uid:${c.crash_uid}`, ...(c.original_name ? [`name:${c.original_name}`] : [])];
  for (const c of crashes) {
    const keys = keysOf(c);
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) union(keys[0], k);
  }
  const groups = new Map<string, T[]>();
  for (const c of crashes) {
    const root = find(`uid:${c.crash_uid}`);
    const g = groups.get(root);
    if (g) g.push(c);
    else groups.set(root, [c]);
  }
  return [...groups.values()]
    .map((members) => ({
      crash: [...members].sort(fuller)[0],
      members,
      duplicates_folded: members.length - 1 + members.reduce((n, m) => n + (m.duplicates_folded ?? 0), 0),
    }))
    .sort((a, b) => a.crash.crash_uid.localeCompare(b.crash.crash_uid));
}
