/**
 * Which `k/n` fractions in a line of text are pass statements about rounds.
 *
 * Rule (documented judgment): a fraction is a pass count when
 *  (a) the noun after it is rounds/runs ("9/10 rounds", "3/3 runs PASS"), or
 *  (b) "Pass Rate" stands right before it ("Pass Rate: 17/20", "Pass rate: 100%
 *      (25/25)"), or another pass label ("Pass: 12/20", "Passed:", "Result: 17/20
 *      PASS") does and the line or its headings speak of rounds, runs, cycles,
 *      sessions or batches (a "Result: 24/24 PASS" of a test suite counts tests), or
 *  (c) it is followed by a pass-rate note ("48/50 (96% pass rate)"), or
 *  (d) it reads "k/n PASS" / "PASS (k/n)" and the line or its headings speak of rounds or runs.
 * It is never one when another noun follows (ops, operations, chapters, tests,
 * checks, cases, models, files, gaps, …: those are not rounds), when it counts
 * failures, crashes, retries or cycles ("6/20 runs needed retry", "CRASH
 * (3/3)", "0/384 failed", "Cycle 85 (1/3)", "3620/3620 balanced"), or when it
 * joins worker ids ("N=1419/1420"). Range fractions ("27-28/30") are not points.
 * Nor is it one when its label names what else it counts (survey §3.1 rule 3)
 * and neither a rounds/runs noun nor "Pass Rate" says otherwise: specs,
 * benchmarks, harnesses, checks, claims, test cases, `tests`, a test
 * binary or script (`record_stream_test: 6/6 PASS`, `Correctness Benchmark:
 * 38/40 PASS`, `Specs: 10/10 PASS`, `tests/run_all_tests.sh: 24/24 PASS`).
 */

/** A pass fraction found in text, with its character offset. */
export interface PassFraction {
  passed: number;
  rounds: number;
  index: number;
  /** Text before the fraction on the same line (its last `BEFORE_CHARS` characters). */
  before: string;
  /** The noun after it names rounds or runs ("9/10 rounds"). */
  named: boolean;
}

/**
 * Characters before a fraction that the rule (and a batch's label) looks at:
 * more than any line of the reports says before a pass count, and a bound
 * that keeps a megabyte-long line linear (every test anchored at the end of
 * the text before would otherwise read the whole line again per fraction).
 */
export const BEFORE_CHARS = 500;

const FRACTION = /(\d[\d,]*)\s*\/\s*(\d[\d,]*)/g;
const NON_ROUND =
  /^(?:ops?|operations?|chapters?|tests?|test cases?|checks?|cases?|edge cases?|models?|propert(?:y|ies)|files?|gaps?|subtests?|scenarios?|categories|invariants?|iterations?|samples?|threads?|items?|steps?|claims?|attempts?|verifications?|proofs?|specs?|configs?|configurations?|platforms?|suites?|tasks?|bugs?|issues?|layers?|batches|workers?|modules?|functions?|lemmas?|theorems?|properties|assertions?|kernels?|patterns?|commands?|scripts?|dylibs?)\b/i;
const BAD_BEFORE =
  /(?:crash(?:es|ed)?|fail(?:ed|ures?|s)?|errors?|cycle[\s\d]*|attempts?|gaps?|\bN\s*=|#)\s*[:=(]?\s*$/i;
const BAD_AFTER =
  /^\s*(?:\([^)]*\)\s*)?(?:(?:runs?|rounds?)\s+)?(?:needed|required|with retr|retried|crash|fail|error|balanced|closed|gaps|timed out|hung)/i;
const LABEL_BEFORE =
  /(?:pass(?:ed|es|ing)?(?:\s+rate)?|success(?:\s+rate)?|result|outcome)\s*[:=]?\s*(?:~?\d+(?:\.\d+)?%\s*\(\s*)?$/i;
const RATE_BEFORE = /(?:pass(?:ing)?|success)\s+rate\s*[:=]?\s*(?:~?\d+(?:\.\d+)?%\s*\(\s*)?$/i;
const ROUND_CONTEXT = /\b(?:rounds?|runs?|cycles?|sessions?)\b/i;
/** Label words of counts that are not runs (the label: the text before the fraction, from its last `(`, `;`, `|` or sentence end). */
const LABEL_NOT_RUNS =
  /\b(?:specs?|benchmarks?|harness(?:es)?|claims?|checks?|test cases?|unit tests?|tests|assertions?|lemmas?|theorems?|proofs?|tlc|apalache|cbmc|pytest|scenarios?)\b|(?:^|[\s/._])(?:[a-z0-9]+_tests?|test_[a-z0-9_]+)(?:\.\w+)?\b/i;

/**
 * The pass fractions of one line of text (see the module rule); `headings` is
 * the heading path above it, joined (it supplies the rounds/runs context).
 *
 * @example passFractions('Pass Rate: 17/20 (85.0%)') // [{passed: 17, rounds: 20, …}]
 * @example passFractions('6/20 runs needed retry') // []
 */
export function passFractions(line: string, headings = ''): PassFraction[] {
  const out: PassFraction[] = [];
  if (!line.includes('/')) return out;
  const roundsWord = ROUND_CONTEXT.test(line) || ROUND_CONTEXT.test(headings);
  for (const m of line.matchAll(FRACTION)) {
    const before = line.slice(Math.max(0, m.index - BEFORE_CHARS), m.index);
    const after = line.slice(m.index + m[0].length);
    const passed = Number(m[1].replace(/,/g, ''));
    const rounds = Number(m[2].replace(/,/g, ''));
    if (!(rounds > 0) || passed > rounds) continue;
    if (/^[\d.,/]/.test(after) || /[\w.\-–/]$/.test(before) || /\d\s*[-–]\s*$/.test(before)) continue;
    if (BAD_BEFORE.test(before.slice(-24)) && !LABEL_BEFORE.test(before.slice(-40))) continue;
    if (BAD_AFTER.test(after)) continue;
    const noun = /^\s*(?:\([^)]*\)\s*)?(?:PASS(?:ED)?\s+)?([A-Za-z][A-Za-z -]{0,20})/.exec(after)?.[1] ?? '';
    if (NON_ROUND.test(noun)) continue;
    const isRounds = /^(?:rounds?|runs?)\b/i.test(noun);
    const rateLabel = RATE_BEFORE.test(before.slice(-40));
    if (!isRounds && !rateLabel && LABEL_NOT_RUNS.test(labelOf(before))) continue;
    const labelled = rateLabel || (roundsWord && LABEL_BEFORE.test(before.slice(-40)));
    const rateNote = /^\s*\(\s*~?\d+(?:\.\d+)?%\s*(?:pass(?:ing)?\s*rate|pass)\b/i.test(after);
    const passWord = /^\s*PASS(?:ED)?\b/.test(after) || /PASS(?:ED)?\s*\(\s*$/.test(before);
    if (isRounds || labelled || rateNote || (passWord && roundsWord))
      out.push({ passed, rounds, index: m.index, before, named: isRounds });
  }
  return out;
}

/** The label a fraction stands under: the text before it from its last `(`, `;`, `|` or sentence end. */
function labelOf(before: string): string {
  const tail = before.slice(-80);
  const cut = Math.max(
    tail.lastIndexOf('('),
    tail.lastIndexOf(';'),
    tail.lastIndexOf('|'),
    tail.lastIndexOf('. '),
  );
  return tail.slice(cut + 1);
}
