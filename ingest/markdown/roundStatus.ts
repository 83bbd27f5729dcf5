/**
 * Status for rounds listed without one (`Round|Efficiency`, `Run|Efficiency`):
 * taken from a companion batch of the same report only when that batch covers
 * the round by its round range and settles it — all passed (passed = rounds)
 * or all failed (passed = 0). Otherwise the status stays null.
 */
import type { BatchRow, RoundRow } from '../../store/rawTables.ts';

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
