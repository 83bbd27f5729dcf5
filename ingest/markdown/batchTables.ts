/**
 * Batch tables → batch drafts:
 * - column tables: `Batch|Rounds|Pass Rate|Avg Eff`, `Batch|Rounds|Pass|Fail|Pass Rate`,
 *   `Sessions|Rounds|Passed|Pass Rate`, `Session|Worker|Rounds|Passed|Pass Rate`,
 *   `Round Range|Passed|Failed|Pass Rate`, `Run|Pass/Total|Failure Rate`,
 *   `Configuration|Pass Rate` with `x% (k/n)`; one batch per row; a bold
 *   `**Total**` row sums the rows above and is kind 'cumulative';
 * - comparison tables (`Environment | TransformerEncoderLayer (8T x 20) | Pass
 *   Rate`, `Native PyTorch | 20/20 | 100%`): one batch per side, its count the
 *   cell whose share is the row's pass rate, its label (fix variant) stated on
 *   the row, its workload and threads by that cell's column header; a row
 *   label `complete_story (5 runs)` gives the count its rate is a share of;
 * - not batches: counts beside a `Max Diff`/`Tolerance`/`Failure Rate` column
 *   (with no rounds column) or a `RACE` status count iterations of a
 *   numerical check (`apple_mps_bug_investigation_N1270.md`);
 * - key/value tables (`Metric|Value`, `Metric|Result`, `Statistic|Value`): rows
 *   Rounds / Passed / Failed / Pass Rate / Completed (k/n) make one batch;
 * - per-round tables: a bold `**Summary**`/`**Total**` row with `k/n` is a batch
 *   over the rows' round range (kind 'primary': it restates the rows, and the
 *   analysis de-duplicates by round range).
 * Efficiency rows (`Avg Efficiency`, `Mean`, `Efficiency Range`) are returned as
 * statistics for the section.
 */

import { type BatchDraft, makeDraft, passedFromPercent } from './batchDraft.ts';
import type { TableBlock } from './blocks.ts';
import { type EfficiencyStats, efficiencyStats } from './efficiencyStats.ts';
import { labelContext, type RoundRange, roundRangeIn } from './headingContext.ts';
import { normHeader } from './normHeader.ts';
import { parseFraction, parseNumber, parsePercent } from './numbers.ts';
import { passFractions } from './passFractions.ts';
import { roundColumns } from './rounds.ts';
import { threadsIn } from './threadsIn.ts';
import { workloadName } from './workload.ts';

/** The worker N a row names (`N=2937`, `#2937`), or null. */
function workerIn(text: string): number | null {
  const m = /^\s*(?:N\s*=\s*|#)(\d{2,6})\b/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** What one table yields for batches. */
export interface TableBatches {
  drafts: BatchDraft[];
  stats: EfficiencyStats[];
}

const KV_HEAD = /^(?:metric|statistic|field|property|item|key|measure|parameter|stat|aspect)s?$/;

function heading(block: TableBlock): string {
  return block.caption ?? block.context.headingPath[block.context.headingPath.length - 1] ?? '';
}

function fractionIn(text: string): { k: number; n: number } | null {
  const m = /(\d[\d,]*)\s*\/\s*(\d[\d,]*)/.exec(text);
  if (!m) return null;
  const f = parseFraction(m[0]);
  return f && !f.approx ? { k: f.k, n: f.n } : null;
}

function countIn(text: string): number | null {
  const p = parseNumber(text);
  return p && !p.range && p.unit == null && Number.isInteger(p.value) && p.value >= 0 ? p.value : null;
}

function rangeSize(r: RoundRange | null): number | null {
  return r ? r.last - r.first + 1 : null;
}

/**
 * Batches and efficiency statistics of one table (see the module comment).
 * Returns empty lists for tables of other kinds.
 */
export function tableBatches(block: TableBlock): TableBatches {
  const h = block.header.map(normHeader);
  if (roundColumns(block.header)) return { drafts: summaryRowBatches(block), stats: [] };
  if (
    h.length >= 2 &&
    (KV_HEAD.test(h[0]) || h.length === 2) &&
    !h.some((c) => /^(?:rounds|passed|pass rate)$/.test(c))
  )
    return keyValueBatches(block);
  return { drafts: columnBatches(block), stats: [] };
}

function summaryRowBatches(block: TableBlock): BatchDraft[] {
  const cols = roundColumns(block.header)!;
  const nums = block.rows
    .filter((r) => !r.cells[0]?.bold)
    .map((r) => Number(/^\s*#?(\d{1,6})\s*$/.exec(r.cells[cols.round]?.text ?? '')?.[1] ?? Number.NaN))
    .filter((n) => Number.isFinite(n));
  const out: BatchDraft[] = [];
  for (const r of block.rows) {
    if (!r.cells[0]?.bold || !/summary|total|overall|all/i.test(r.cells[0].text)) continue;
    const f = r.cells
      .slice(1)
      .map((c) => fractionIn(c.text))
      .find((x) => x);
    if (!f) continue;
    let range: RoundRange | null = null;
    if (!cols.isRun && nums.length === f.n) range = { first: Math.min(...nums), last: Math.max(...nums) };
    out.push(
      makeDraft(
        block.context,
        {},
        r.line,
        heading(block),
        f.n,
        f.k,
        block.context.cumulative ? 'cumulative' : 'primary',
        range,
        'summary',
      ),
    );
  }
  return out;
}

function keyValueBatches(block: TableBlock): TableBatches {
  let rounds: number | null = null;
  let range: RoundRange | null = null;
  let passed: number | null = null;
  let failed: number | null = null;
  let rate: number | null = null;
  let threads: number | null = null;
  let line = block.line;
  const stats: EfficiencyStats[] = [];
  const effSection = /efficien/i.test(heading(block));
  // "Completed | 160/160" counts as a pass statement only in a rounds/runs table: in a multi-model
  // test it counts operations (8 models × 20 iterations), which are not rounds and would swamp them.
  const completedCounts = /\brounds?\b|\bruns?\b/i.test(heading(block));
  for (const r of block.rows) {
    if (r.cells.length < 2) continue;
    const key = normHeader(r.cells[0].text);
    const value = r.cells[1].text;
    const st = efficiencyStats(`${key}: ${value}`);
    if (st) {
      // Bare Mean/Min/Max/Range rows count only in an efficiency section.
      if (effSection || /eff/.test(key)) stats.push(st);
      continue;
    }
    if (
      /^(?:total |verification )*rounds(?: completed| run| tested| executed)?(?: this session)?$|^round range$/.test(
        key,
      )
    ) {
      range = roundRangeIn(value, true);
      rounds = countIn(value.replace(/\(.*$/, '')) ?? rangeSize(range);
      line = r.line;
    } else if (
      /^(?:pass(?:ed|es)?|pass count|successful(?: rounds)?|rounds passed)$/.test(key) ||
      (key === 'completed' && completedCounts)
    ) {
      const f = fractionIn(value);
      if (f) {
        passed = f.k;
        rounds ??= f.n;
        if (rounds !== f.n) rounds = f.n;
      } else if (key !== 'completed') passed = countIn(value);
      if (passed != null) line = r.line;
    } else if (/^(?:fail(?:ed|ures?|s)?|fail count|rounds failed)$/.test(key)) {
      failed = countIn(value);
    } else if (/^(?:pass rate|success rate)$/.test(key)) {
      const f = fractionIn(value);
      if (f) {
        passed ??= f.k;
        rounds ??= f.n;
      } else rate = parsePercent(value);
      line = passed == null ? r.line : line;
    } else if (/^(?:config|configuration|threads)$/.test(key)) {
      threads = threadsIn(value) ?? (key === 'threads' ? countIn(value) : null);
    }
  }
  const drafts: BatchDraft[] = [];
  if (rounds != null && rounds > 0) {
    let k = passed;
    if (k == null && failed != null && failed <= rounds) k = rounds - failed;
    if (k == null && rate != null) k = passedFromPercent(rate, rounds);
    if (k != null && k <= rounds) {
      const d = makeDraft(
        block.context,
        { threads },
        line,
        heading(block),
        rounds,
        k,
        block.context.cumulative ? 'cumulative' : 'primary',
        range,
        'kv',
      );
      drafts.push(d);
    }
  }
  return { drafts, stats };
}

/**
 * Columns beside a pass count that say it counts iterations of a numerical
 * check, not runs: a maximum difference, a tolerance, a failure rate with no
 * rounds column (`Operation | Pass Rate | Max Diff | Status`, `Run |
 * Pass/Total | Failure Rate`).
 */
const ITERATION_COLUMN =
  /^(?:max(?:imum)? diff(?:erence)?|diff|max error|tolerance|failure rate|mismatch(?:es)?)$/;
/** Row statuses of a numerical race (`RACE` / `OK`): the counts beside them are iterations. */
const RACE_STATUS = /^(?:race|races|mismatch|wrong)\b/i;

function columnBatches(block: TableBlock): BatchDraft[] {
  const h = block.header.map(normHeader);
  const col = (re: RegExp) => h.findIndex((c) => re.test(c));
  const rounds = col(/^(?:rounds?|total rounds|# rounds|round count|runs)$/);
  const passed = col(/^(?:pass(?:ed|es)?|successes|rounds passed)$/);
  const failed = col(/^(?:fail(?:ed|ures?|s)?|rounds failed)$/);
  const passTotal = col(/^pass\s*\/\s*total$/);
  const rate = col(/^(?:[a-z]+ )?(?:pass rate|success rate)$/);
  const eff = col(/^(?:avg|mean|average)\.?\s*eff/);
  const rangeCol = col(/^(?:round range|batch|rounds range|round ids?)$/);
  const workerCol = col(/^(?:worker|session|n)$/);
  if (passed < 0 && passTotal < 0 && rate < 0) return [];
  // What the k/n counts decides it (survey §3.1 rule 2): iterations beside a difference or a race status.
  if (rounds < 0 && h.some((c) => ITERATION_COLUMN.test(c))) return [];
  if (block.rows.some((r) => r.cells.slice(1).some((c) => RACE_STATUS.test(c.text)))) return [];
  const roundContext = /\b(?:rounds?|runs?|sessions?|batch(?:es)?)\b/i.test(
    block.context.headingPath.join(' '),
  );
  if (rounds < 0 && passTotal < 0 && rate < 0 && !(passed >= 0 && failed >= 0 && roundContext)) return [];
  const out: BatchDraft[] = [];
  for (const r of block.rows) {
    const cell = (i: number) => (i >= 0 ? (r.cells[i]?.text ?? '') : '');
    const first = r.cells[0];
    if (!first) continue;
    const total = first.bold && /total|sum|all|overall|combined/i.test(first.text);
    if (first.bold && /^(?:mean|avg|average|median|range|min|max|std|summary)\b/i.test(first.text)) continue;
    const label = first.text;
    const range =
      roundRangeIn(cell(rangeCol), true) ?? roundRangeIn(label, true) ?? roundRangeIn(cell(rounds), true);
    let n = rounds >= 0 ? countIn(cell(rounds).replace(/\(.*$/, '')) : null;
    if (rounds >= 0 && roundRangeIn(cell(rounds), true) && /^\s*\d+\s*[-–]/.test(cell(rounds)))
      n = rangeSize(range);
    let k: number | null = null;
    const pt = passTotal >= 0 ? fractionIn(cell(passTotal)) : null;
    if (pt) {
      k = pt.k;
      n = pt.n;
    }
    if (k == null && passed >= 0) {
      const f = fractionIn(cell(passed));
      if (f) {
        k = f.k;
        n ??= f.n;
      } else k = countIn(cell(passed));
    }
    const fr = rate >= 0 ? fractionIn(cell(rate)) : null;
    if (k == null && fr) {
      k = fr.k;
      n ??= fr.n;
    }
    let sideCol = -1;
    if (k == null && n == null && rate >= 0) {
      // A comparison table (`Environment | TransformerEncoderLayer (8T x 20) | Pass Rate`): the count in
      // another cell whose share is the row's pass rate is that side's batch.
      const p = parsePercent(cell(rate));
      if (p != null)
        r.cells.forEach((c, i) => {
          const x = i === 0 || i === rate || sideCol >= 0 ? null : fractionIn(c.text);
          if (x && x.n > 0 && Math.abs((x.k / x.n) * 100 - p) <= 0.5 + 1e-9) {
            sideCol = i;
            k = x.k;
            n = x.n;
          }
        });
    }
    // "complete_story (5 runs)": the runs the row stands for, its pass rate their share.
    if (n == null) {
      const runs = /\b(\d{1,4})\s+(?:runs|rounds)\b/i.exec(label);
      if (runs) n = Number(runs[1]);
    }
    const f = failed >= 0 ? countIn(cell(failed)) : null;
    if (n == null && k != null && f != null) n = k + f;
    if (n == null) n = rangeSize(range);
    if (n == null && k == null) {
      // Free text in another cell: "50/50 rounds passed".
      const pf = r.cells.flatMap((c) => passFractions(c.text, block.context.headingPath.join(' / ')))[0];
      if (pf) {
        k = pf.passed;
        n = pf.rounds;
      }
    }
    if (n == null || n <= 0) continue;
    if (k == null && f != null && f <= n) k = n - f;
    if (k == null && rate >= 0) {
      const p = parsePercent(cell(rate));
      if (p != null) k = passedFromPercent(p, n);
    }
    if (k == null || k > n) continue;
    // What the row label states: fix variant, threads, wrapper, workload, serialisation (`v2.5 + GRAPH_PATH + _mps_lock`);
    // a comparison table's side column (`Environment`) names the threads or test of every row.
    const side = sideCol >= 0 ? block.header[sideCol] : '';
    const labelled = labelContext(label);
    const own = {
      ...labelled,
      threads: labelled.threads ?? threadsIn(side),
      workload: workloadName(label) ?? (side ? workloadName(side) : null) ?? labelled.workload,
    };
    const kind = total || block.context.cumulative ? 'cumulative' : 'primary';
    const d = makeDraft(
      block.context,
      own,
      r.line,
      `${heading(block)}: ${label}`,
      n,
      k,
      kind,
      range,
      'table',
    );
    if (eff >= 0) d.efficiency_avg = parsePercent(cell(eff));
    d.worker = workerCol >= 0 ? workerIn(cell(workerCol)) : workerIn(label);
    d.explicit = rounds >= 0 || /\b(?:runs|rounds)\b/i.test(label);
    out.push(d);
  }
  return out;
}
