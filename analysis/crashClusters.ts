/**
 * Crash clusters: crashes grouped by signature, with when and where they were
 * seen. A pure function, no I/O: `analysis/derive/loadCrashes.ts` reads the
 * crashes, `crashClusterRows.ts` signs them again and turns the clusters into
 * `crash_clusters` rows, and `analyze` writes them.
 */
import type { CrashRow } from '../store/rawTables.ts';

/**
 * The crash columns clustering reads, and whether the crash is one of the
 * process under test (analysis/crashScope.ts; absent means it is).
 */
export type ClusterCrash = Pick<
  CrashRow,
  'crash_uid' | 'signature' | 'rules_version' | 'captured_at' | 'duplicates_folded' | 'frames' | 'round_uid'
> & { under_test?: boolean; apart_reason?: string | null };

/** Labels of the round a crash was tied to (from `rounds`). */
export interface RoundLabels {
  config: string | null;
  fix_variant: string | null;
  torch_version: string | null;
}

/** One row of `crash_clusters`. Count maps use the key `unknown` for a crash with no round or label. */
export interface CrashClusterRow {
  signature: string;
  rules_version: string;
  /** Distinct crashes (each counted once however many copies were folded). */
  crashes: number;
  /** Copies of those crashes folded away by the parsers. */
  duplicates_folded: number;
  first_seen: string | null;
  last_seen: string | null;
  by_config: Record<string, number>;
  by_fix_variant: Record<string, number>;
  by_torch_version: Record<string, number>;
  /** The crash with the fullest stack (the earliest of those), and its frames. */
  example_crash_uid: string;
  example_frames: string[];
  /** False for a cluster of crashes that are not of the process under test, shown apart. */
  under_test: boolean;
  /** Why those crashes are apart (their distinct reasons, `; `-joined); null when under test. */
  apart_reason: string | null;
}

const UNKNOWN = 'unknown';

function bump(counts: Record<string, number>, key: string | null | undefined): void {
  const k = key ?? UNKNOWN;
  counts[k] = (counts[k] ?? 0) + 1;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Groups crashes by signature into `crash_clusters` rows: the clusters of the
 * process under test first, largest first (ties by signature), then the
 * clusters of crashes shown apart (`under_test` false), so that a crash of
 * another program never makes or illustrates a cluster of the suite's crashes.
 * A crash_uid seen twice is counted once. `rounds` maps a round_uid to its
 * labels; crashes without a round count as `unknown`. `first_seen`/`last_seen`
 * are the extreme `captured_at` (null when no crash of the cluster has a
 * time). The example is the crash with the most frames, the earliest of those
 * (then by uid). Deterministic: same input, same output. Empty input → [].
 */
export function crashClusters(
  crashes: readonly ClusterCrash[],
  rounds: ReadonlyMap<string, RoundLabels> = new Map(),
): CrashClusterRow[] {
  const seen = new Set<string>();
  const groups = new Map<string, ClusterCrash[]>();
  for (const c of crashes) {
    if (seen.has(c.crash_uid)) continue;
    seen.add(c.crash_uid);
    const key = `${c.under_test === false ? 'apart' : 'test'}\0${c.signature}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  const rows: CrashClusterRow[] = [];
  for (const members of groups.values()) {
    const { signature } = members[0];
    const under_test = members[0].under_test !== false;
    const [example] = [...members].sort(
      (a, b) =>
        (b.frames?.length ?? 0) - (a.frames?.length ?? 0) ||
        (a.captured_at ?? '\uffff').localeCompare(b.captured_at ?? '\uffff') ||
        a.crash_uid.localeCompare(b.crash_uid),
    );
    const times = members
      .map((m) => m.captured_at)
      .filter((t): t is string => t !== null)
      .sort();
    const by_config: Record<string, number> = {};
    const by_fix_variant: Record<string, number> = {};
    const by_torch_version: Record<string, number> = {};
    for (const m of members) {
      const labels = m.round_uid ? rounds.get(m.round_uid) : undefined;
      bump(by_config, labels?.config);
      bump(by_fix_variant, labels?.fix_variant);
      bump(by_torch_version, labels?.torch_version);
    }
    const versions = [...new Set(members.map((m) => m.rules_version))].sort();
    rows.push({
      signature,
      rules_version: versions.join(','),
      crashes: members.length,
      duplicates_folded: members.reduce((sum, m) => sum + m.duplicates_folded, 0),
      first_seen: times[0] ?? null,
      last_seen: times[times.length - 1] ?? null,
      by_config: sortedCounts(by_config),
      by_fix_variant: sortedCounts(by_fix_variant),
      by_torch_version: sortedCounts(by_torch_version),
      example_crash_uid: example.crash_uid,
      example_frames: example.frames,
      under_test,
      apart_reason: under_test
        ? null
        : [...new Set(members.map((m) => m.apart_reason).filter((r): r is string => !!r))]
            .sort()
            .join('; ') || null,
    });
  }
  return rows.sort(
    (a, b) =>
      Number(b.under_test) - Number(a.under_test) ||
      b.crashes - a.crashes ||
      a.signature.localeCompare(b.signature),
  );
}
