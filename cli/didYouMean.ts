/**
 * "Did you mean …?": the known word nearest to a mistyped one (a command, a
 * flag, a fix variant), or null when none is near enough to suggest.
 */

/** Levenshtein distance of two strings (insertions, deletions, substitutions; a swap of neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The candidate nearest to `word`: the same but for case, else the one that
 * extends it (`v2.4` → `v2.4_nr`) when only one does, else the nearest within
 * a third of its length (at least 1, at most 3 edits). Null when none.
 *
 * @example didYouMean('verdcit', ['verdict', 'ask']) // 'verdict'
 * @example didYouMean('NATIVE', ['native', 'v2.9']) // 'native'
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === w);
  if (same !== undefined) return same;
  const extending = candidates.filter((c) => c.toLowerCase().startsWith(w) && w.length >= 2);
  if (extending.length === 1) return extending[0];
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  return bestD <= limit ? best : null;
}
