/**
 * The bottom line of a verdict: one sentence, first in the terminal and in
 * the JSON (`bottom_line`), that a person can act on: Yes / No / Not yet / No
 * evidence, the environment that settles it with its counts and bound, how
 * many environments are safe, and when the last round ran.
 */
import type { EnvironmentAnswer, VerdictRequest, VerdictResult } from '../analysis/derive/index.ts';
import { formatPercent } from '../analysis/stats/index.ts';

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '?' : formatPercent(x, { significant: 2 });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The labels of an environment an answer can rest on (what the bottom line and the nearest-data list read). */
export type EnvironmentLabels = Pick<
  EnvironmentAnswer,
  'fix_variant' | 'torch_version' | 'threads' | 'wrapper' | 'workload' | 'serialised'
>;

/**
 * An environment in words: "native 2.9.1 (8 threads, complete-story suite, no wrapper)"; an unknown label is said so.
 *
 * @example environmentWords({fix_variant: 'native', torch_version: '2.9.1', threads: 8, wrapper: null,
 *   workload: 'complete_story', serialised: null}) // 'native 2.9.1 (8 threads, complete-story suite)'
 */
export function environmentWords(e: EnvironmentLabels): string {
  const head =
    e.fix_variant === null
      ? `PyTorch ${e.torch_version ?? 'not stated'}`
      : `${e.fix_variant}${e.torch_version === null ? '' : ` ${e.torch_version}`}`;
  const details = [
    e.fix_variant === null ? 'fix not stated' : null,
    e.fix_variant !== null && e.torch_version === null ? 'PyTorch not stated' : null,
    e.threads === null ? 'threads not stated' : plural(e.threads, 'thread'),
    e.workload ? `${e.workload.replace(/_/g, '-')} suite` : null,
    e.wrapper === 'retry' ? 'retry wrapper' : e.wrapper === 'none' ? 'no wrapper' : null,
    e.serialised && e.serialised !== 'none' ? `serialised: ${e.serialised}` : null,
  ].filter((x) => x !== null);
  return `${head} (${details.join(', ')})`;
}

/**
 * A request in words: "native, PyTorch 2.9.1, 8 threads" ("any fix, any PyTorch" for what it leaves open).
 *
 * @example requestWords({fix: 'native', torch: '2.9.1', threads: null, wrapper: null, workload: null,
 *   serialised: null, maxCrashRate: 0.01, confidence: 0.95}) // 'native, PyTorch 2.9.1'
 */
export function requestWords(r: VerdictRequest): string {
  return [
    r.fix ?? 'any fix',
    r.torch ? `PyTorch ${r.torch}` : 'any PyTorch',
    r.threads === null ? null : plural(r.threads, 'thread'),
    r.wrapper === 'retry' ? 'retry wrapper' : r.wrapper === 'none' ? 'no wrapper' : null,
    r.workload ? `workload ${r.workload}` : null,
    r.serialised ? `serialised: ${r.serialised}` : null,
  ]
    .filter((x) => x !== null)
    .join(', ');
}

const unitsOf = (e: EnvironmentAnswer) => (e.headline === 'attempt' ? 'attempts' : 'rounds');
const counts = (e: EnvironmentAnswer) =>
  `failed in ${e.crashes ?? 0} of ${plural(e.trials ?? 0, unitsOf(e).slice(0, -1))}`;

/** What the bottom line adds to the answer: when the evidence last ran, the nearest data, unknown values. */
export interface BottomLineContext {
  /** The newest date (YYYY-MM-DD) of the deciding evidence; null when not known. */
  lastRun: string | null;
  /** For NO_EVIDENCE: the environments with data that differ from the request in fewest labels. */
  nearest: readonly EnvironmentAnswer[];
  /** For NO_EVIDENCE: the request's values no evidence has, with the known ones ("fix NATIVE is not in the data …"). */
  unknown: readonly string[];
}

/**
 * The one-sentence bottom line of `result`.
 *
 * @example bottomLine(unsafeResult, {lastRun: '2025-12-23', nearest: [], unknown: []})
 * // 'No — native 2.9.1 (8 threads, complete-story suite) failed in 5 of 10 rounds (50%, at least 13% at 95%);
 * //  0 of 2 environments is safe; last run 2025-12-23.'
 */
export function bottomLine(result: VerdictResult, context: BottomLineContext): string {
  const req = result.request;
  const conf = pct(req.confidence);
  const deciding = result.environments.filter((e) => e.decides);
  const safe = deciding.filter((e) => e.answer === 'safe').length;
  const safeCount = `${safe} of ${plural(deciding.length, 'environment')} ${safe === 1 || deciding.length === 1 ? 'is' : 'are'} safe`;
  const last = context.lastRun ? `; last run ${context.lastRun}` : '';
  const most = (envs: EnvironmentAnswer[]) =>
    envs.reduce((a, b) => ((b.trials ?? 0) > (a.trials ?? 0) ? b : a));
  switch (result.answer) {
    case 'unsafe': {
      const worst = deciding
        .filter((e) => e.answer === 'unsafe')
        .reduce((a, b) => ((b.lower ?? 0) > (a.lower ?? 0) ? b : a));
      return `No — ${environmentWords(worst)} ${counts(worst)} (${pct(worst.crash_rate)}, at least ${pct(worst.lower)} at ${conf}); ${safeCount}${last}.`;
    }
    case 'safe': {
      const e = most(deciding);
      return `Yes — ${environmentWords(e)} ${counts(e)} (${pct(e.crash_rate)}, at most ${pct(e.upper)} at ${conf}, under the ${pct(req.maxCrashRate)} threshold); ${safeCount}${last}.`;
    }
    case 'undecided': {
      const e = most(deciding.filter((x) => x.answer !== 'safe'));
      const more =
        e.rounds_needed !== null && e.rounds_needed !== undefined
          ? `; ${plural(e.rounds_needed, `more ${unitsOf(e).slice(0, -1)}`, `more ${unitsOf(e)}`)} without a failure would show it safe`
          : '';
      return `Not yet — ${environmentWords(e)} ${counts(e)} (${pct(e.crash_rate)}, between ${pct(e.lower)} and ${pct(e.upper)} at ${conf}, around the ${pct(req.maxCrashRate)} threshold)${more}; ${safeCount}${last}.`;
    }
    case 'no_evidence': {
      const throttled = result.environments.filter((e) => (e.trials ?? 0) > 0 && !e.decides);
      const what = throttled.length
        ? `only serialised or throttled runs match ${requestWords(req)}`
        : `no rounds match ${requestWords(req)}`;
      const unknown = context.unknown.length ? `; ${context.unknown.join('; ')}` : '';
      const near = context.nearest.length
        ? `; nearest with data: ${context.nearest.map((e) => `${environmentWords(e)}, ${e.answer ?? 'no answer'}, ${counts(e)}`).join('; ')}`
        : '';
      return `No evidence — ${what}${unknown}${near}.`;
    }
    default:
      return `Refused — ${result.sentence}`;
  }
}
