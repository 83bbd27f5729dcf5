/**
 * The working form of a batch while a report is read: a `BatchRow` plus the
 * section it came from, so that efficiency statements and round ranges can be
 * attached afterwards. Shared by batchTables.ts and batches.ts.
 */

import type { BatchRow } from '../../store/rawTables.ts';
import type { BatchKind, Wrapper } from '../../store/vocabulary.ts';
import type { BlockContext } from './blocks.ts';
import type { RoundRange } from './headingContext.ts';
import { rowEnvironment } from './rowEnvironment.ts';

/** A batch being assembled. */
export interface BatchDraft extends BatchRow {
  /** Heading path joined with " / ". */
  section: string;
  /** The heading path it stands under. */
  path: string[];
  /** Where it was read: a text statement, a table row, a key/value table, a round table's summary row. */
  from: 'text' | 'table' | 'kv' | 'summary';
  /** The worker N its row or line names (`| N=2937 | 1640-1659 | 85.0% |`), or null. */
  worker?: number | null;
  /** Its count is named runs or rounds (a Rounds column, "9/10 rounds"), not only a fraction. */
  explicit?: boolean;
}

/** Overrides a row or line may state over the block context. */
export interface DraftLabels {
  fix_variant?: string | null;
  threads?: number | null;
  wrapper?: Wrapper | null;
  workload?: string | null;
  serialised?: string | null;
}

/** Builds a draft from the block context, a row/line's own labels and the counts. */
export function makeDraft(
  ctx: BlockContext,
  own: DraftLabels,
  line: number,
  label: string,
  rounds: number,
  passed: number | null,
  kind: BatchKind,
  range: RoundRange | null,
  from: BatchDraft['from'],
): BatchDraft {
  return {
    line,
    label: label.slice(0, 160),
    ...rowEnvironment(ctx, own),
    rounds,
    passed,
    efficiency_avg: null,
    efficiency_min: null,
    efficiency_max: null,
    round_first: range?.first ?? null,
    round_last: range?.last ?? null,
    kind,
    section: ctx.headingPath.join(' / '),
    path: ctx.headingPath,
    from,
  };
}

/** Passed count from a percentage of `rounds` when it is (within rounding) a whole number. */
export function passedFromPercent(pct: number, rounds: number): number | null {
  const k = (pct / 100) * rounds;
  const r = Math.round(k);
  // The stated percent is rounded to at most one decimal: accept when r/rounds rounds back to it.
  return Math.abs((r / rounds) * 100 - pct) <= 0.5 + 1e-9 ? r : null;
}
