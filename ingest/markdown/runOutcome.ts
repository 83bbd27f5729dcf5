/**
 * How a statement says one run of a test ended: the outcome words of result
 * cells, headings and result lines (`PASS`, `ALL PASS`, `4/4 PASS`, `PASS
 * (4/4)`, `CRASH (3/3)`, `SIGSEGV (exit 139)`, `FAIL (exit -11)`, `FAIL (test
 * artifact)`, `SPORADIC CRASH`, `TIMEOUT`), and how outcomes of the parts of
 * one run (chapters, sub-tests) combine.
 *
 * Decisions: a crash is a signal or a signal's exit code (139 SIGSEGV, 134
 * SIGABRT, 133 SIGTRAP, 138 SIGBUS, or a negative exit code), or the words
 * CRASH/SIGSEGV/SIGBUS/SIGTRAP/segfault; `FAIL` without a signal is a wrong
 * result or an assertion (`fail`); `SKIP` means the test did not run (no
 * outcome). An outcome must *begin* the text it is read from (a cell, or the
 * value after a key), so "0 crashes" or "Crashes: 0 new" are never crashes.
 */

import type { RoundStatus } from '../../store/vocabulary.ts';

/** How one run ended. */
export type RunOutcome = 'pass' | 'fail' | 'crash' | 'timeout' | 'error';

/** The `rounds.status` of a run that ended so: a crash and a wrong result are both a failed round. */
export const ROUND_STATUS: Readonly<Record<RunOutcome, RoundStatus>> = {
  pass: 'pass',
  crash: 'fail',
  fail: 'fail',
  timeout: 'timeout',
  error: 'error',
};

/** An outcome as stated, with the `k/n` fraction and exit code written beside it. */
export interface StatedOutcome {
  outcome: RunOutcome;
  /** `4/4 PASS`, `PASS (18/18)`, `CRASH (3/3)`: what the fraction counts is the caller's to decide. */
  fraction: { k: number; n: number } | null;
  /** The noun after the fraction (`runs`, `chapters`, `tests`), lower case, or null. */
  noun: string | null;
  /** An exit code written with it (`exit 139`, `Exit Code: 139`), or null. */
  exit: number | null;
}

/** Exit codes of a process killed by a signal (128 + signal): SIGTRAP, SIGABRT, SIGBUS, SIGSEGV. */
const SIGNAL_EXITS = new Set([133, 134, 135, 138, 139]);

/** Worst first: the outcome of a run whose parts ended differently is the worst of theirs. */
const SEVERITY: Record<RunOutcome, number> = { crash: 4, fail: 3, timeout: 2, error: 1, pass: 0 };

/**
 * The worse of two outcomes (crash > fail > timeout > error > pass); null is no outcome.
 *
 * @example worseOutcome('pass', 'crash') // 'crash'
 */
export function worseOutcome(a: RunOutcome | null, b: RunOutcome | null): RunOutcome | null {
  if (a == null) return b;
  if (b == null) return a;
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** True for an exit code that means the process was killed by a signal. */
export function isSignalExit(code: number): boolean {
  return code < 0 || SIGNAL_EXITS.has(code);
}

const LEAD = /^(?:[\s*_`>|✅✓❌✗🔴🟢•–-]|\u26A0\uFE0F?)*/u;
const SIGNAL_WORD =
  /\b(?:sigsegv|sigbus|sigtrap|sigabrt|sigill|segfault|segmentation fault|pac (?:failure|trap))\b/i;
const EXIT = /\bexit(?:\s+code)?\s*[:=]?\s*(-?\d{1,3})\b/i;

const PATTERNS: readonly { re: RegExp; outcome: RunOutcome }[] = [
  {
    re: /^(?:sporadic|intermittent)?\s*(?:crash(?:ed)?|sigsegv|sigbus|sigtrap|sigabrt|segfault|killed by signal)\b/i,
    outcome: 'crash',
  },
  {
    re: /^(?:all\s+(?:\d+\s+)?(?:(?:chapters?|tests?|claims?)\s+)?pass(?:ed)?|pass(?:ed)?|ok)\b/i,
    outcome: 'pass',
  },
  {
    re: /^(?:\d+\s*\/\s*\d+\s+(?:(?:runs?|rounds?|chapters?|tests?|claims?)\s+)?pass(?:ed)?)\b/i,
    outcome: 'pass',
  },
  { re: /^fail(?:ed)?\b/i, outcome: 'fail' },
  { re: /^(?:timeout|timed out|hung)\b/i, outcome: 'timeout' },
  { re: /^error\b/i, outcome: 'error' },
];

/**
 * The outcome a text begins with (after emphasis, emoji and list marks), or
 * null: a result cell, a heading's outcome part, the value of a `Status:`
 * key. `4/4 PASS` with k < n is a failed run (some of its parts failed),
 * `FAIL (exit -11)` and `FAIL … SIGSEGV` are crashes, `exit 139` alone is a
 * crash and `exit 0` a pass. `SKIP`, `N/A`, `Clean`, `CLOSED` are no outcome.
 *
 * @example outcomeAt('**PASS** (160/160 ops)') // {outcome: 'pass', fraction: {k: 160, n: 160}, …}
 * @example outcomeAt('CRASH (3/3)') // {outcome: 'crash', fraction: {k: 3, n: 3}, …}
 * @example outcomeAt('0 crashes') // null
 */
export function outcomeAt(text: string): StatedOutcome | null {
  const s = text.replace(LEAD, '').replace(/\*\*/g, '').trim();
  // A check mark alone (or before a number) is a pass; before a word ("✅ CLOSED") it is that word.
  if (/^\s*(?:✅|✓)/u.test(text) && !/^[a-z]/i.test(s)) return stated('pass', s);
  if (!s) return null;
  const exitOnly = /^(?:exit(?:\s+code)?\s*[:=]?\s*(-?\d{1,3}))\b/i.exec(s);
  if (exitOnly) {
    const code = Number(exitOnly[1]);
    return stated(code === 0 ? 'pass' : isSignalExit(code) ? 'crash' : 'fail', s);
  }
  for (const p of PATTERNS) {
    if (!p.re.test(s)) continue;
    let outcome = p.outcome;
    const st = stated(outcome, s);
    if (outcome === 'fail' && (SIGNAL_WORD.test(s) || (st.exit != null && isSignalExit(st.exit))))
      outcome = 'crash';
    if (outcome === 'pass') {
      if (st.fraction && st.fraction.k < st.fraction.n)
        outcome = SIGNAL_WORD.test(s) || /crash/i.test(s) ? 'crash' : 'fail';
      else if (st.exit != null && st.exit !== 0) outcome = isSignalExit(st.exit) ? 'crash' : 'fail';
    }
    return { ...st, outcome };
  }
  return null;
}

function stated(outcome: RunOutcome, s: string): StatedOutcome {
  const f = /(\d{1,6})\s*\/\s*(\d{1,6})(?:\s+([a-z]+))?/i.exec(s);
  const fraction = f && Number(f[2]) > 0 ? { k: Number(f[1]), n: Number(f[2]) } : null;
  const e = EXIT.exec(s);
  return {
    outcome,
    fraction: fraction && fraction.k <= fraction.n ? fraction : null,
    noun: f?.[3] && !/^(?:pass(?:ed)?|fail(?:ed)?|crash(?:ed)?)$/i.test(f[3]) ? f[3].toLowerCase() : null,
    exit: e ? Number(e[1]) : null,
  };
}

/** Keys whose value is a count or a note, never a run's outcome ("Crashes: 0 new", "New crashes: 0"). */
const COUNT_KEY = /crash|error|fail|warning|leak|skip|note|issue|bug|gap|todo|cause|reason|trigger|finding/i;

/**
 * The outcome a line of text states for the run it stands in: `key: OUTCOME`
 * (`- thread_safety: PASS (160/160 ops)`, `**Status**: ALL PASS`, `**Final
 * result**: All 4 chapters passed`, `Exit Code: 139 (SIGSEGV …)`), a trailing
 * `… - PASS` / `…, PASS`, or a line that begins with one. Keys that count
 * things (crashes, errors, warnings, leaks) and notes are not outcomes.
 *
 * @example lineOutcome('- extended_stress (8 threads): 4986.8 ops/s - PASS')?.outcome // 'pass'
 * @example lineOutcome('- Crashes: 0 new') // null
 */
export function lineOutcome(line: string): StatedOutcome | null {
  const s = line
    .replace(/^\s*(?:[-*+•]|\d{1,2}[.)])\s+/, '')
    .replace(/\*\*/g, '')
    .trim();
  if (!s) return null;
  const kv = /^([^:]{1,60}):\s*(.+)$/.exec(s);
  if (kv) {
    const key = kv[1].trim();
    if (/^exit(?:\s+code)?$/i.test(key)) return outcomeAt(`exit ${kv[2]}`);
    if (COUNT_KEY.test(key)) return null;
    const v = outcomeAt(kv[2]);
    if (v) return v;
  } else {
    const v = outcomeAt(s);
    if (v) return v;
  }
  const tail = /[,–-]\s*((?:all\s+)?(?:pass(?:ed)?|fail(?:ed)?|crash(?:ed)?)\b[^,]*)$/i.exec(s);
  if (tail && !(kv && COUNT_KEY.test(kv[1]))) return outcomeAt(tail[1]);
  return null;
}
