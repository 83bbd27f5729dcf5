/**
 * Settling what a round table alone cannot say, from the rest of its report.
 *
 * Status for rounds listed without one (`Round|Efficiency`, `Run|Efficiency`):
 * taken from a companion batch of the same report only when that batch covers
 * the round by its round range and settles it — all passed (passed = rounds)
 * or all failed (passed = 0). Otherwise the status stays null.
 */
import type { BatchRow, Problem, RoundRow } from '../../store/rawTables.ts';
import { FAILED_AFTER_RETRIES } from './rounds.ts';
import type { WalkedBlock } from './walk.ts';

/**
 * Fills `status` (and `attempts` when crashed attempts are known) in place.
 *
 * @example fillStatusFromBatches(rounds, [{round_first: 2181, round_last: 2185, rounds: 5, passed: 5, …}])
 */
export function fillStatusFromBatches(rounds: RoundRow[], batches: BatchRow[]): void {
  const settled = batches.filter(
    (b) => b.round_first != null && b.round_last != null && (b.passed === b.rounds || b.passed === 0),
  );
  if (!settled.length) return;
  for (const r of rounds) {
    if (r.status != null || r.round_no == null) continue;
    const b = settled.find(
      (x) =>
        (x.round_first as number) <= (r.round_no as number) &&
        (r.round_no as number) <= (x.round_last as number),
    );
    if (!b) continue;
    r.status = b.passed === 0 ? 'fail' : 'pass';
    if (r.crashed_attempts != null)
      r.attempts = r.status === 'pass' ? r.crashed_attempts + 1 : r.crashed_attempts;
  }
}

/** `MPS_TEST_MAX_RETRIES=3` on a command line, or "max retries: 3" / "3 retries max" in prose. */
const MAX_RETRIES =
  /\bMPS_TEST_MAX_RETRIES\s*=\s*(\d{1,2})\b|\bmax(?:imum)?[ _-]?retries\s*[:=]\s*(\d{1,2})\b/gi;

/**
 * The crashed attempts of rounds that failed after retries (rounds.ts
 * `FAILED_AFTER_RETRIES`: `FAIL | 3 (exhausted)`, "SIGSEGV after 3 retries").
 * A retry count counts the attempts after the first. When the file states
 * the wrapper's maximum R (`MPS_TEST_MAX_RETRIES=3`), an exhausted round made
 * R + 1 attempts, all crashed (a pass after 3 retries, as in the same files,
 * shows the first attempt is not one of the R). With no maximum stated the
 * cell's count is kept (the wrapper in DESIGN.md makes 3 attempts in all,
 * so "3" may be every attempt) and the ambiguity is a problem on the source.
 * Two different maxima in one file are a problem too, and the cells are kept.
 *
 * @example settleRetries(rounds, blocks, problems) // FAIL | 3 (exhausted) under MPS_TEST_MAX_RETRIES=3 → 4 crashed attempts
 */
export function settleRetries(rounds: RoundRow[], blocks: readonly WalkedBlock[], problems: Problem[]): void {
  const failed = rounds.filter((r) => FAILED_AFTER_RETRIES.has(r));
  if (!failed.length) return;
  const maxima = new Map<number, number>();
  for (const b of blocks) {
    const texts = b.kind === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text)) : [b.text];
    for (const t of texts)
      for (const m of t.matchAll(MAX_RETRIES)) {
        const n = Number(m[1] ?? m[2]);
        if (!maxima.has(n)) maxima.set(n, b.line);
      }
  }
  const names = failed.map((r) => (r.round_no != null ? `round ${r.round_no}` : `line ${r.line}`)).join(', ');
  if (maxima.size === 1) {
    const [max, line] = [...maxima][0];
    for (const r of failed) {
      if (r.crashed_attempts !== max)
        problems.push({
          line: r.line,
          message: `a failed round states ${r.crashed_attempts} retries but the wrapper's maximum is ${max} (line ${line}): counted as ${max + 1} crashed attempts`,
        });
      r.crashed_attempts = max + 1;
      r.attempts = max + 1;
    }
    return;
  }
  problems.push({
    line: failed[0].line,
    message:
      maxima.size === 0
        ? `${failed.length === 1 ? 'a round' : `${failed.length} rounds`} (${names}) failed after retries, and the file states no maximum (MPS_TEST_MAX_RETRIES): the retry count is kept as the crashed attempts, one fewer than if it counted only the retries after a first attempt`
        : `${names} failed after retries, and the file states ${maxima.size} different maxima (${[...maxima.keys()].join(', ')}): the retry counts are kept as the crashed attempts`,
  });
}
