/**
 * Rounds written as headings → `rounds` (origin 'report'):
 *
 *     ### Round 1544: Linear Operations
 *     - **Config**: 8 threads, 40 batches/thread = 320 total
 *     - **Result**: PASS (320/320 batches)
 *
 * is round 1544, passed; the `320/320` counts batches inside the round, not
 * rounds. A `Round N` heading is a round only when its section states a
 * run's outcome on a `Result`/`Status` line (PASS, FAIL, CRASH, …):
 * code-review files use the same heading for a review round whose result is
 * "No bugs found" or "CLEAN", which is no outcome. Threads come from the
 * section's `Config` line (stated by the round itself); the label after the
 * number names the workload when it is a test's name ("Linear Operations" is
 * the op-level shape test, `op_shape`).
 */
import type { RoundRow } from '../../store/rawTables.ts';
import type { ExtractContext } from './extractContext.ts';
import { rowEnvironment } from './rowEnvironment.ts';
import { lineOutcome, ROUND_STATUS, type RunOutcome } from './runOutcome.ts';
import { threadsIn } from './threadsIn.ts';
import type { WalkedBlock } from './walk.ts';
import { workloadName } from './workload.ts';

const ROUND_HEADING = /^round\s+#?(\d{1,6})\s*(?:[:\-–—]\s*(.*))?$/i;
const RESULT_LINE = /^\s*(?:[-*+]\s*)?(?:\*\*)?(?:result|status|outcome)\b/i;
const CONFIG_LINE = /^\s*(?:[-*+]\s*)?(?:\*\*)?(?:config(?:uration)?|threads)\b/i;

/**
 * The rounds of a report's `Round N` headings whose sections state an
 * outcome (see the module comment), in document order.
 *
 * @example extractHeadingRounds(walk(tree), {worker_n: 2919, problems: []}).map((r) => r.round_no) // [1544, 1545, 1546]
 */
export function extractHeadingRounds(blocks: WalkedBlock[], _report: ExtractContext): RoundRow[] {
  const rows: RoundRow[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const h = blocks[i];
    if (h.kind !== 'text' || h.role !== 'heading') continue;
    const m = ROUND_HEADING.exec(h.text.replace(/[*`]/g, '').trim());
    if (!m) continue;
    const depth = h.context.headingPath.length;
    let outcome: RunOutcome | null = null;
    let threads: number | null = null;
    for (let j = i + 1; j < blocks.length; j++) {
      const b = blocks[j];
      if (b.kind === 'text' && b.role === 'heading' && b.context.headingPath.length <= depth) break;
      if (b.kind !== 'text') continue;
      if (outcome == null && RESULT_LINE.test(b.text)) outcome = lineOutcome(b.text)?.outcome ?? null;
      if (threads == null && CONFIG_LINE.test(b.text)) threads = threadsIn(b.text);
    }
    if (!outcome) continue;
    const workload = m[2] ? workloadName(m[2]) : null;
    const env = rowEnvironment(h.context, { threads, workload });
    rows.push({
      line: h.line,
      round_uid: `L${h.line}`,
      origin: 'report',
      session: null,
      ...env,
      round_no: Number(m[1]),
      status: ROUND_STATUS[outcome],
      attempts: null,
      crashed_attempts: null,
      efficiency_pct: null,
      started_at: null,
      duration_s: null,
      host: null,
    });
  }
  return rows;
}
