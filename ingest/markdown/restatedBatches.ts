/**
 * In-file de-duplication of stated batches against the rounds the same file
 * lists: a batch that states no round range but counts exactly the rounds
 * listed in its own section (or, for a summary, in one section of the file)
 * restates them, whatever environment labels it carries
 * (`verification_cycle_197-199…:22` `**Pass Rate**: 9/10` below rows
 * :11-20; `verification_N2994…:11` and `:24` `3/3 runs` beside the run table
 * :18-22). Such a batch gets the rows' round range when they have round
 * numbers that make one (the analysis then drops it as listed row by row,
 * and audits still recompute it); otherwise it is dropped, so the same
 * runs are never counted twice. Cumulative batches are left as they are
 * (never evidence; a cumulative table's rows are other sessions').
 * De-duplication across files is the analysis' (analysis/stats/selectEvidence.ts).
 */
import type { BatchRow, RoundRow } from '../../store/rawTables.ts';
import type { WalkedBlock } from './walk.ts';

/** Sections whose statements sum up the report (a summary may restate any section's rounds). */
const SUMMARY = /summary|overview|highlights|key results|conclusion|finding|result/i;

/**
 * Applies the rule of the module comment to `rows` in place.
 *
 * @example restatedBatches(rows, blocks) // cycle 197-199: "Pass Rate: 9/10" gets rounds 1610-1619
 */
export function restatedBatches(
  rows: { rounds: RoundRow[]; batches: BatchRow[] },
  blocks: readonly WalkedBlock[],
): void {
  const open = rows.batches.filter((b) => b.kind === 'primary' && b.round_first == null && b.passed != null);
  const counted = rows.rounds.filter((r) => r.status != null);
  if (!open.length || !counted.length) return;
  const lines = blocks.map((b) => b.line);
  const pathAt = (line: number): readonly string[] => {
    let lo = 0;
    let hi = lines.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid] <= line) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 ? blocks[at].context.headingPath : [];
  };
  const sections = new Map<string, { path: readonly string[]; rounds: RoundRow[] }>();
  for (const r of counted) {
    const path = pathAt(r.line);
    const key = path.join('\u0001');
    const s = sections.get(key) ?? { path, rounds: [] };
    s.rounds.push(r);
    sections.set(key, s);
  }
  const drop = new Set<BatchRow>();
  for (const b of open) {
    const path = pathAt(b.line);
    const within = counted.filter((r) => startsWith(pathAt(r.line), path));
    let restated = matches(within, b) ? within : null;
    if (!restated && (path.length <= 1 || SUMMARY.test(path.slice(1).join(' '))))
      restated = [...sections.values()].map((s) => s.rounds).find((rs) => matches(rs, b)) ?? null;
    if (!restated) continue;
    const nums = restated.map((r) => r.round_no);
    const first = Math.min(...(nums as number[]));
    const last = Math.max(...(nums as number[]));
    if (
      nums.every((n) => n != null) &&
      new Set(nums).size === nums.length &&
      last - first + 1 === nums.length
    ) {
      b.round_first = first;
      b.round_last = last;
    } else drop.add(b);
  }
  if (drop.size) rows.batches = rows.batches.filter((b) => !drop.has(b));
}

function matches(rounds: readonly RoundRow[], b: BatchRow): boolean {
  return (
    rounds.length > 0 &&
    rounds.length === b.rounds &&
    rounds.filter((r) => r.status === 'pass').length === b.passed
  );
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}
