/**
 * Single-run reports → `rounds` (origin 'report'): a report that records one
 * run of a test (a test table's row, a heading with its section; see
 * testStatements.ts) yields one round of that test's workload; `(8x) 8/8
 * PASS` yields 8, `CRASH (3/3)` three crashed rounds, an attempt table one
 * round of that many attempts. Every test run in the report counts, each as
 * a round of its own workload (the suite, the extended stress test, the soak
 * test, …).
 *
 * One run stated twice is one round. Statements of one test (and one fix
 * variant) are the same run when they stand in different places (a summary
 * table's row and the test's section) and their labels do not tell them
 * apart; two rows of one table, rows of two tables neither of which sums
 * the report up (a Summary/Overview table, or one directly under the title:
 * `verification_N2992…:26` and `:36` are runs of two configurations), a
 * label saying `(repeat)`, or labels naming
 * different modes (`(Individual Categories)` / `(Full Suite)`) are different
 * runs, and so are two statements of several runs each that count them
 * differently (`(3x)` and `(8x)`). A merged run is counted as often as its largest statement says, and
 * ends as the worst of its statements; when they disagree (a pass beside a
 * crash, `4/4 PASS` beside `Exit Code: 139`), the worse is kept and the
 * disagreement becomes a problem naming both lines. Runs listed row by row
 * in a round table (rounds.ts reads those) make no rounds here.
 *
 * Outcome → row: pass → `pass` (attempts unknown unless an attempt table
 * shows them); crash → `fail` with one crashed attempt (unless a retry
 * wrapper is in force, when the attempts are unknown); a wrong result →
 * `fail` with one attempt and none crashed; timeout and error as such.
 * Crash-log counts before/after stay metrics beside the round (metrics.ts):
 * a supporting signal, never the round's outcome. Round numbers: none (a
 * single run has no round id); uids `L<line>`, `L<line>.<i>` for the i-th of
 * several.
 */
import type { ConfigLabels } from '../../store/configKey.ts';
import type { RoundRow } from '../../store/rawTables.ts';
import type { ExtractContext } from './extractContext.ts';
import { rowEnvironment } from './rowEnvironment.ts';
import { ROUND_STATUS, type RunOutcome, worseOutcome } from './runOutcome.ts';
import { type StatedRun, type TestStatement, testStatements } from './testStatements.ts';
import type { WalkedBlock } from './walk.ts';

/** The statements of one run (or of one set of runs stated together). */
interface Occasion {
  workload: string;
  fix: string | null;
  qualifier: string;
  /** The most runs one of its statements states. */
  count: number;
  containers: Set<object>;
  statements: TestStatement[];
}

/**
 * The rounds of a report's single-run statements (see the module comment).
 * Disagreements between statements of one run become problems.
 *
 * @example extractSingleRuns(walk(tree), {worker_n: 3617, problems: []}).length // 1
 */
export function extractSingleRuns(blocks: WalkedBlock[], report: ExtractContext): RoundRow[] {
  const occasions: Occasion[] = [];
  for (const s of testStatements(blocks)) {
    const fix = rowEnvironment(s.context, s.own).fix_variant;
    const count = Math.max(s.runs.length, s.listed);
    const compatible = (o: Occasion) =>
      o.workload === s.workload &&
      o.fix === fix &&
      !o.containers.has(s.container) &&
      (o.qualifier === s.qualifier || o.qualifier === '' || s.qualifier === '') &&
      // Two statements of several runs each restate each other only when they count alike.
      (o.count === count || o.count <= 1 || count <= 1) &&
      // Rows of two tables are two runs unless one table sums the report up.
      (s.from === 'section' ||
        o.statements.some((x) => x.from === 'section' || summarises(x) || summarises(s)));
    const o = s.repeat ? undefined : occasions.find(compatible);
    if (o) {
      o.statements.push(s);
      o.containers.add(s.container);
      if (!o.qualifier) o.qualifier = s.qualifier;
      o.count = Math.max(o.count, count);
    } else
      occasions.push({
        workload: s.workload,
        fix,
        qualifier: s.qualifier,
        count,
        containers: new Set([s.container]),
        statements: [s],
      });
  }
  const rows: RoundRow[] = [];
  for (const o of occasions) rows.push(...occasionRounds(o, report));
  return rows.sort((a, b) => a.line - b.line);
}

/** Headings of a section that sums the report up: its test table restates the detailed tables. */
const SUMMARY = /summary|overview|highlights|key results|at a glance|tl;?dr|quick status/i;

/** True when a statement stands in the report's summary: directly under the title, or under a summary heading. */
function summarises(s: TestStatement): boolean {
  const path = s.context.headingPath;
  return path.length <= 1 || SUMMARY.test(path.slice(1).join(' '));
}

/** The rounds of one occasion: the runs of its largest statement, each ending as the worst its statements say. */
function occasionRounds(o: Occasion, report: ExtractContext): RoundRow[] {
  if (o.statements.some((s) => s.listed > 0)) return [];
  const withRuns = o.statements.filter((s) => s.runs.length > 0);
  if (!withRuns.length) return [];
  // The statement with the most runs anchors them; on a tie a section (the detailed account) before a row.
  const anchor = withRuns.reduce((best, s) =>
    s.runs.length > best.runs.length ||
    (s.runs.length === best.runs.length && s.from === 'section' && best.from === 'row')
      ? s
      : best,
  );
  const runs: StatedRun[] = anchor.runs.map((r) => ({ ...r }));
  nameConflicts(o, report);
  if (runs.length === 1) {
    let outcome: RunOutcome | null = null;
    for (const s of withRuns) for (const r of s.runs) outcome = worseOutcome(outcome, r.outcome);
    if (outcome && outcome !== runs[0].outcome && runs[0].attempts == null) runs[0].outcome = outcome;
  }
  const own = mergedOwn(o, report);
  const efficiency = o.statements.map((s) => s.efficiency).find((e) => e != null) ?? null;
  const env = rowEnvironment(anchor.context, own);
  return runs.map((r, i) => {
    const retry = env.wrapper === 'retry';
    let attempts = r.attempts;
    let crashed = r.crashed;
    if (attempts == null && !retry) {
      if (r.outcome === 'crash') [attempts, crashed] = [1, 1];
      else if (r.outcome === 'fail') [attempts, crashed] = [1, 0];
    }
    return {
      line: anchor.line,
      round_uid: runs.length > 1 ? `L${anchor.line}.${i + 1}` : `L${anchor.line}`,
      origin: 'report',
      session: null,
      ...env,
      round_no: null,
      status: ROUND_STATUS[r.outcome],
      attempts,
      crashed_attempts: crashed,
      efficiency_pct: r.outcome === 'pass' && runs.length === 1 ? efficiency : null,
      started_at: null,
      duration_s: null,
      host: null,
    };
  });
}

/** A pass and a non-pass stated for one run: the worse is counted, the disagreement recorded. */
function nameConflicts(o: Occasion, report: ExtractContext): void {
  const stated = o.statements.flatMap((s) => (s.runs.length === 1 ? s.stated : []));
  const pass = stated.find((x) => x.outcome === 'pass');
  const other = stated.find((x) => x.outcome !== 'pass');
  if (!pass || !other) return;
  const word = other.outcome === 'crash' ? 'a crash' : `"${other.outcome}"`;
  report.problems.push({
    line: Math.min(pass.line, other.line),
    message: `one run of ${o.workload} is stated as a pass (line ${pass.line}) and as ${word} (line ${other.line}): counted as ${word}`,
  });
}

/** What the statements of one run state themselves, first stated first; a different value stated later is a problem. */
function mergedOwn(o: Occasion, report: ExtractContext): Partial<ConfigLabels> {
  const own: Partial<ConfigLabels> = {};
  const from: Partial<Record<keyof ConfigLabels, number>> = {};
  for (const s of o.statements)
    for (const [k, v] of Object.entries(s.own) as [keyof ConfigLabels, ConfigLabels[keyof ConfigLabels]][]) {
      if (v == null) continue;
      if (own[k] == null) {
        (own as Record<string, unknown>)[k] = v;
        from[k] = s.line;
      } else if (own[k] !== v)
        report.problems.push({
          line: s.line,
          message: `one run of ${o.workload} states ${k} ${own[k]} (line ${from[k]}) and ${v} (line ${s.line}): kept ${own[k]}`,
        });
    }
  return own;
}
