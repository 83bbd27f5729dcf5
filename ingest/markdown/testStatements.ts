/**
 * Statements that a test ran: a table row naming its test with the run's
 * outcome (`| complete_story_test_suite.py | PASS |`, `| complete_story (8x) |
 * 8/8 PASS |`, `| complete_story | 8 | - | CRASH (3/3) |`), and a heading
 * naming its test (`### complete_story_test_suite.py - ALL PASS`) with the
 * outcome in the heading or in its section (chapter bullets or table, a
 * `**Status**:` line, an attempt table, an exit code). Read by singleRuns.ts,
 * which merges the statements of one run and makes the rounds.
 *
 * What is a part, not a run: the rows and lines inside a test's section
 * (chapters, sub-tests, models, configurations), and the chapters of the
 * suite wherever they stand; a `k/n` beside an outcome counts chapters or
 * tests of one run unless the label says `(Nx)` / `(N runs)` or the fraction
 * says runs. A table of at least three suite chapters outside any test's
 * section (and not under a heading saying they ran as separate processes)
 * is one run of the suite.
 */
import type { ConfigLabels } from '../../store/configKey.ts';
import type { BlockContext, TableBlock } from './blocks.ts';
import { fixVariantOf } from './fixVariant.ts';
import { normHeader } from './normHeader.ts';
import { roundColumns } from './rounds.ts';
import { lineOutcome, outcomeAt, type RunOutcome, type StatedOutcome, worseOutcome } from './runOutcome.ts';
import { threadsIn } from './threadsIn.ts';
import type { WalkedBlock } from './walk.ts';
import { suiteChapter, workloadName, workloadWords } from './workload.ts';

/** One run a statement records. */
export interface StatedRun {
  outcome: RunOutcome;
  /** Attempts and crashed attempts when the statement shows them (an attempt table), else null. */
  attempts: number | null;
  crashed: number | null;
}

/** A statement that a test ran, with its runs. */
export interface TestStatement {
  workload: string;
  /** Where the rounds it makes are anchored: the row's line, or the heading's. */
  line: number;
  /** The context of the row or heading (its environment comes from here and `own`). */
  context: BlockContext;
  /** What the statement itself states: its workload, and threads / fix variant when it names them. */
  own: Partial<ConfigLabels>;
  /** The table or section it was read from: two statements of one container are two runs. */
  container: object;
  /** Words that tell this run from another of the same test (`full suite`, `individual categories`); '' when none. */
  qualifier: string;
  /** The label says this is another run of the same test (`(repeat)`, `again`). */
  repeat: boolean;
  /** `row` (a test table's row) or `section` (a heading and its section). */
  from: 'row' | 'section';
  runs: StatedRun[];
  /** Runs listed row by row in a round table of its section (read by rounds.ts): this statement makes no rounds. */
  listed: number;
  /** The efficiency (%) at 8 threads the run states (complete-story suite only), or null. */
  efficiency: number | null;
  /** The outcomes it was read from, with lines, for naming a conflict. */
  stated: { outcome: RunOutcome; line: number }[];
}

/** Where an outcome starts inside a label or heading (after the name). */
const OUTCOME_TOKEN =
  /(?:^|[\s(:\-–—|])((?:all\s+(?:\d+\s+)?(?:chapters?\s+)?)?pass(?:ed)?\b|\d+\s*\/\s*\d+\s+pass\b|fail(?:ed)?\b|crash(?:ed)?\b|sigsegv\b|exit\s+-?\d)/i;
const REPEAT = /\b(?:repeat(?:ed)?|again|re-?run|second run|2nd run|third run|3rd run)\b/i;
const TIMES = /\(\s*(\d{1,3})\s*x\s*\)|\b(\d{1,3})\s+(?:runs|rounds)\b/i;
const FILLER = new Set(
  'a an and the of with without test tests suite results result details summary output py sh thread threads t s sec seconds iter iterations iteration ops op runs run rounds round x chapters chapter pass passed all fail failed crash crashed repeat repeated again rerun re isolated quick'.split(
    ' ',
  ),
);
/** Sections whose chapter rows ran as separate processes: not one run of the suite. */
const SEPARATE = /separate process|individual(?:ly)?|isolat|one (?:chapter|test) (?:at a time|per process)/i;

/** What a test's row label or heading says: which test, how often, and with what outcome. */
export interface TestLabel {
  workload: string;
  qualifier: string;
  repeat: boolean;
  /** `(8x)`, `(3 runs)`: the runs it stands for, or null. */
  times: number | null;
  /** The outcome written in the label itself (`- ALL PASS`, `(4/4 PASS)`), or null. */
  outcome: StatedOutcome | null;
}

/**
 * What a row label or a heading says about a test run, or null when it names
 * no test (see workload.ts).
 *
 * @example testLabel('complete_story (8x)') // {workload: 'complete_story', times: 8, …}
 * @example testLabel('complete_story_test_suite.py - ALL PASS')?.outcome?.outcome // 'pass'
 */
export function testLabel(text: string): TestLabel | null {
  const workload = workloadName(text);
  if (!workload) return null;
  const plain = text.replace(/[*`]/g, '');
  const at = OUTCOME_TOKEN.exec(plain);
  const outcome = at ? outcomeAt(plain.slice(at.index + at[0].length - at[1].length)) : null;
  const t = TIMES.exec(plain);
  return {
    workload,
    qualifier: qualifierOf(plain, workload),
    repeat: REPEAT.test(plain),
    times: t ? Number(t[1] ?? t[2]) : null,
    outcome,
  };
}

/**
 * The words of a label that tell one run of a test from another: the label
 * without the test's name, numbers with their units (`60s`, `8T`, `8x`),
 * outcomes and filler words, sorted. `(Full Suite)` → `full`,
 * `(Uses Python-level _mps_lock)` → `level lock mps python uses`, `(60s)` → ''.
 */
function qualifierOf(label: string, workload: string): string {
  const name = workloadWords(workload);
  const words = label
    .toLowerCase()
    .replace(/\.(?:py|sh)\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !/\d/.test(w) && !FILLER.has(w) && !name.has(w));
  return [...new Set(words)].sort().join(' ');
}

/** The one efficiency (%) at 8 threads a text states for the suite (`16.2% at 8 threads`, `13.0% efficiency @ 8t`). */
const EFFICIENCY =
  /(\d{1,2}(?:\.\d{1,2})?)\s*%\s*(?:efficiency|eff\b|at\s+8\s*(?:threads?|t)\b|@\s*8\s*t\b)|efficiency[^|%\d\n]{0,40}?(\d{1,2}(?:\.\d{1,2})?)\s*%/gi;

function efficienciesIn(text: string, into: Set<number>): void {
  for (const m of text.matchAll(EFFICIENCY)) {
    const v = Number(m[1] ?? m[2]);
    if (v > 0 && v <= 100) into.add(v);
  }
}

/** A section being read: a heading that names a test, and what its body says. */
interface Section {
  depth: number;
  heading: WalkedBlock;
  label: TestLabel;
  parts: RunOutcome | null;
  partLines: { outcome: RunOutcome; line: number }[];
  /** Outcomes of the section's summary lines (`Status:`, `Result:`, `Exit Code:`), with lines. */
  summaries: { outcome: RunOutcome; line: number }[];
  attempts: StatedRun | null;
  resultRuns: { k: number; n: number; outcome: RunOutcome } | null;
  listed: number;
  threads: Set<number>;
  efficiency: Set<number>;
}

/**
 * Every test statement of a report, in document order (see the module
 * comment): sections of headings that name a test, rows of test tables
 * outside those sections, and chapter tables standing for one run of the
 * suite.
 *
 * @example testStatements(walk(tree)).map((s) => s.workload) // ['complete_story', 'stress_extended']
 */
export function testStatements(blocks: readonly WalkedBlock[]): TestStatement[] {
  const out: TestStatement[] = [];
  const open: Section[] = [];
  const close = (depth: number) => {
    while (open.length && open[open.length - 1].depth >= depth) {
      const s = sectionStatement(open.pop() as Section);
      if (s) out.push(s);
    }
  };
  let first = true;
  for (const b of blocks) {
    if (b.kind === 'text' && b.role === 'heading') {
      const depth = b.context.headingPath.length;
      close(depth);
      // The report's title names the report, not one run.
      const label = first && depth === 1 ? null : testLabel(b.text);
      first = false;
      if (label) open.push(newSection(b, depth, label));
      continue;
    }
    first = false;
    const sec = open[open.length - 1];
    if (sec) {
      absorb(sec, b);
      continue;
    }
    if (b.kind === 'table') out.push(...rowStatements(b));
  }
  close(0);
  return out.sort((a, b) => a.line - b.line);
}

function newSection(heading: WalkedBlock, depth: number, label: TestLabel): Section {
  const s: Section = {
    depth,
    heading,
    label,
    parts: null,
    partLines: [],
    summaries: [],
    attempts: null,
    resultRuns: null,
    listed: 0,
    threads: new Set(),
    efficiency: new Set(),
  };
  const t = threadsIn(heading.kind === 'text' ? heading.text : '');
  if (t != null) s.threads.add(t);
  if (label.workload === 'complete_story' && heading.kind === 'text')
    efficienciesIn(heading.text, s.efficiency);
  return s;
}

/** A line that sums the run up rather than one of its parts. */
const SUMMARY_LINE =
  /^\s*(?:[-*+]\s*)?(?:\*\*)?(?:status|result|final result|overall|outcome|verdict|exit code)\b/i;

function addPart(sec: Section, o: StatedOutcome | null, line: number, summary = false): void {
  if (!o) return;
  sec.parts = worseOutcome(sec.parts, o.outcome);
  if (summary) sec.summaries.push({ outcome: o.outcome, line });
  else sec.partLines.push({ outcome: o.outcome, line });
}

/** Reads one block of a test's section into it. */
function absorb(sec: Section, b: WalkedBlock): void {
  const suite = sec.label.workload === 'complete_story';
  if (b.kind === 'text') {
    const o = lineOutcome(b.text);
    const runs = o && /^(?:runs?|rounds?)$/.test(o.noun ?? '') ? o.fraction : null;
    if (runs && !sec.resultRuns) sec.resultRuns = { ...runs, outcome: o!.outcome };
    else addPart(sec, o, b.line, SUMMARY_LINE.test(b.text));
    const t = threadsIn(b.text);
    if (t != null) sec.threads.add(t);
    if (suite) efficienciesIn(b.text, sec.efficiency);
    return;
  }
  if (/^attempts?(?: #| no\.?)?$/.test(normHeader(b.header[0] ?? ''))) {
    sec.attempts = attemptRun(b);
    return;
  }
  if (roundColumns(b.header)) {
    // A round or run table: rounds.ts reads its rows as rounds; this statement only knows how many.
    sec.listed += b.rows.filter((r) => /^\s*#?\d{1,6}\s*$/.test(r.cells[0]?.text ?? '')).length;
    return;
  }
  // Thread columns of a section's tables list its parts' (or chapter 2's scan's) counts: only cells that say "8 threads" count.
  for (const r of b.rows) {
    for (const c of r.cells.slice(1)) {
      const o = outcomeAt(c.text);
      if (o) {
        addPart(sec, o, r.line);
        break;
      }
    }
    for (const c of r.cells) {
      const t = threadsIn(c.text);
      if (t != null) sec.threads.add(t);
      if (suite) efficienciesIn(c.text, sec.efficiency);
    }
  }
}

/** The one run an attempt table describes: its attempts, the crashed ones, and the last attempt's outcome. */
function attemptRun(b: TableBlock): StatedRun | null {
  const outcomes: RunOutcome[] = [];
  for (const r of b.rows) {
    if (!/^\s*#?\d{1,3}\s*$/.test(r.cells[0]?.text ?? '')) continue;
    let o: RunOutcome | null = null;
    for (const c of r.cells.slice(1)) o = worseOutcome(o, outcomeAt(c.text)?.outcome ?? null);
    if (o) outcomes.push(o);
  }
  if (!outcomes.length) return null;
  return {
    outcome: outcomes[outcomes.length - 1],
    attempts: outcomes.length,
    crashed: outcomes.filter((o) => o === 'crash').length,
  };
}

function sectionStatement(sec: Section): TestStatement | null {
  const { label } = sec;
  const line = sec.heading.line;
  const stated: { outcome: RunOutcome; line: number }[] = [];
  if (label.outcome) stated.push({ outcome: label.outcome.outcome, line });
  let runs: StatedRun[] = [];
  if (sec.listed === 0) {
    if (sec.attempts) runs = [sec.attempts];
    else if (sec.resultRuns) runs = splitRuns(sec.resultRuns.n, sec.resultRuns.k, sec.resultRuns.outcome);
    else {
      const outcome = worseOutcome(label.outcome?.outcome ?? null, sec.parts);
      if (!outcome) return null;
      runs = splitRuns(label.times ?? 1, outcome === 'pass' ? (label.times ?? 1) : 0, outcome);
      // The heading's outcome, the summary lines and the worst part: a disagreement is named by singleRuns.ts.
      stated.push(...sec.summaries);
      let worst: RunOutcome | null = null;
      for (const p of sec.partLines) worst = worseOutcome(worst, p.outcome);
      if (worst) stated.push({ outcome: worst, line: firstLine(sec, worst) });
    }
  }
  return {
    workload: label.workload,
    line,
    context: sec.heading.context,
    own: {
      workload: label.workload,
      threads: sec.threads.size === 1 ? [...sec.threads][0] : null,
    },
    container: sec.heading,
    qualifier: label.qualifier,
    repeat: label.repeat,
    from: 'section',
    runs,
    listed: sec.listed,
    efficiency: sec.efficiency.size === 1 ? [...sec.efficiency][0] : null,
    stated,
  };
}

function firstLine(sec: Section, outcome: RunOutcome): number {
  return sec.partLines.find((p) => p.outcome === outcome)?.line ?? sec.heading.line;
}

/** `n` runs of which `k` passed; the others ended as `outcome` (or failed when the outcome is a pass). */
function splitRuns(n: number, k: number, outcome: RunOutcome): StatedRun[] {
  const bad: RunOutcome = outcome === 'pass' ? 'fail' : outcome;
  return Array.from({ length: n }, (_, i) => ({
    outcome: i < k ? 'pass' : bad,
    attempts: null,
    crashed: null,
  }));
}

/** Label columns whose rows are things, not tests: an artifact table's `| deploy_patch.sh | exists | OK |` is no run. */
const NOT_TESTS =
  /^(?:files?|artifacts?|paths?|binar(?:y|ies)|checksums?|gaps?|issues?|specs?|metrics?|fields?|propert(?:y|ies)|dylibs?|librar(?:y|ies)|versions?|scripts?|commits?)$/;

/** The statements of a table outside any test's section: its rows naming a test, or its suite chapters. */
function rowStatements(b: TableBlock): TestStatement[] {
  const out: TestStatement[] = [];
  const h = b.header.map(normHeader);
  if (NOT_TESTS.test(h[0] ?? '')) return out;
  const resultCol = h.findIndex((c, i) => i > 0 && /^(?:result|status|outcome|verdict)s?$/.test(c));
  const threadsCol = h.findIndex((c) => /^threads?$/.test(c));
  const chapters = new Map<string, { line: number; outcome: RunOutcome | null }>();
  let suiteRow = false;
  for (const r of b.rows) {
    const labelText = r.cells[0]?.text ?? '';
    const chapter = suiteChapter(labelText);
    const outcome = rowOutcome(r.cells, resultCol);
    if (chapter && !testLabel(labelText)) {
      const c = chapters.get(chapter);
      if (!c) chapters.set(chapter, { line: r.line, outcome: outcome?.outcome ?? null });
      continue;
    }
    const label = testLabel(labelText);
    if (!label || !outcome) continue;
    if (label.workload === 'complete_story') suiteRow = true;
    const runsNoun = /^(?:runs?|rounds?)$/.test(outcome.noun ?? '');
    const times = label.times ?? (runsNoun && outcome.fraction ? outcome.fraction.n : null);
    let runs: StatedRun[];
    if (times != null) {
      const f = outcome.fraction;
      const k = f && f.n === times ? (outcome.outcome === 'crash' ? times - f.k : f.k) : null;
      runs = splitRuns(times, k ?? (outcome.outcome === 'pass' ? times : 0), outcome.outcome);
    } else if (
      outcome.outcome === 'crash' &&
      outcome.fraction &&
      /^crash/i.test(rowText(r.cells, resultCol))
    ) {
      // `CRASH (3/3)`: k of n runs crashed (the fraction beside a crash counts runs, not chapters).
      const { k, n } = outcome.fraction;
      runs = splitRuns(n, n - k, 'crash');
    } else runs = [{ outcome: outcome.outcome, attempts: null, crashed: null }];
    const text = r.cells.map((c) => c.text).join(' | ');
    const tc = threadsCol >= 0 ? Number(r.cells[threadsCol]?.text) : Number.NaN;
    const eff = new Set<number>();
    if (label.workload === 'complete_story') efficienciesIn(text, eff);
    out.push({
      workload: label.workload,
      line: r.line,
      context: b.context,
      own: {
        workload: label.workload,
        threads: Number.isInteger(tc) && tc > 0 && tc <= 1024 ? tc : threadsIn(text),
        fix_variant: fixVariantOf(labelText),
      },
      container: b,
      qualifier: label.qualifier,
      repeat: label.repeat,
      from: 'row',
      runs,
      listed: 0,
      efficiency: eff.size === 1 ? [...eff][0] : null,
      stated: [{ outcome: outcome.outcome, line: r.line }],
    });
  }
  const caption = `${b.caption ?? ''} ${b.context.headingPath[b.context.headingPath.length - 1] ?? ''}`;
  if (!suiteRow && chapters.size >= 3 && !SEPARATE.test(caption)) {
    let outcome: RunOutcome | null = null;
    for (const c of chapters.values()) outcome = worseOutcome(outcome, c.outcome);
    const firstRow = Math.min(...[...chapters.values()].map((c) => c.line));
    const texts = b.rows.map((r) => r.cells.map((c) => c.text).join(' | ')).join('\n');
    const eff = new Set<number>();
    efficienciesIn(texts, eff);
    if (outcome)
      out.push({
        workload: 'complete_story',
        line: firstRow,
        context: b.context,
        own: { workload: 'complete_story', threads: threadsIn(texts) },
        container: b,
        qualifier: '',
        repeat: false,
        from: 'row',
        runs: [{ outcome, attempts: null, crashed: null }],
        listed: 0,
        efficiency: eff.size === 1 ? [...eff][0] : null,
        stated: [{ outcome, line: firstRow }],
      });
  }
  return out;
}

/** The text of the cell a row's outcome is read from. */
function rowText(cells: { text: string }[], resultCol: number): string {
  if (resultCol >= 0 && outcomeAt(cells[resultCol]?.text ?? '')) return cells[resultCol].text;
  return cells.slice(1).find((c) => outcomeAt(c.text))?.text ?? '';
}

/** A row's outcome: its Result/Status cell, else the first cell after the label that states one. */
function rowOutcome(cells: { text: string }[], resultCol: number): StatedOutcome | null {
  const text = rowText(cells, resultCol);
  return text ? outcomeAt(text) : null;
}
