/**
 * What a heading (or a short label such as a table row label) says about the
 * configuration: fix variant, thread count (threadsIn.ts), retry wrapper,
 * workload (workload.ts), serialisation (serialisation.ts), cumulative scope
 * and round range. Used by the tree walk for heading context and by
 * extractors for row labels. Pure string functions; null means "not said".
 */
import type { Wrapper } from '../../store/vocabulary.ts';
import { fixVariantOf } from './fixVariant.ts';
import { serialisationIn } from './serialisation.ts';
import { threadsIn } from './threadsIn.ts';
import { workloadIn } from './workload.ts';

/**
 * The retry-wrapper mode a label states: `none` for "no wrapper retry",
 * "without retry", "No Retries", "raw pass rate"; `retry` for "with wrapper
 * retry", "with retry", "3 retries"; null otherwise.
 *
 * @example wrapperIn('### Rounds 1760-1779 (no wrapper retry)') // 'none'
 */
export function wrapperIn(text: string): Wrapper | null {
  if (!text) return null;
  if (
    /\b(?:no|without)\s+(?:wrapper\s+)?retr(?:y|ies)\b|\bno[- ]retry\b|\bretr(?:y|ies)\s*(?:disabled|off)\b|MPS_TEST_MAX_RETRIES=1\b/i.test(
      text,
    )
  )
    return 'none';
  if (
    /\bwith\s+(?:the\s+)?(?:wrapper\s+)?retr(?:y|ies)\b|\bwrapper retry\b|\b\d\s+retries\b|MPS_TEST_MAX_RETRIES=[2-9]/i.test(
      text,
    )
  )
    return 'retry';
  return null;
}

/**
 * True when a heading introduces cumulative totals ("Cumulative Statistics
 * (Since N=2700)", "Cumulative v2.4 NR Results", "All-time", "Since Round 176").
 *
 * @example isCumulativeHeading('## Cumulative N=2941 Session Results') // true
 */
export function isCumulativeHeading(text: string): boolean {
  return /\bcumulative\b|\bsince\s+(?:n\s*=|round\b|n\d)|\ball[- ]time\b|\brunning totals?\b|\bcampaign totals?\b/i.test(
    text,
  );
}

/** A closed range of round numbers. */
export interface RoundRange {
  first: number;
  last: number;
}

/**
 * The round range a label states ("Rounds 1760-1779", "Round Range 2161-2180",
 * a bare "1740-1759" when `bare` is true). Worker-style ranges (`N=2506-2507`)
 * are not round ranges. Null when absent or reversed.
 *
 * @example roundRangeIn('### Rounds 1760-1779 (no wrapper retry)') // {first: 1760, last: 1779}
 */
export function roundRangeIn(text: string, bare = false): RoundRange | null {
  if (!text) return null;
  const re = bare
    ? /(?<![=\w.])(\d{1,6})\s*[-–]\s*(\d{1,6})(?![\d%.]|\s*(?:%|threads?|t\b|ops))/i
    : /\brounds?\s*(?:range\s*)?:?\s*(\d{1,6})\s*[-–]\s*(\d{1,6})(?![\d%.])/i;
  const m = re.exec(text);
  if (!m) return null;
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (!(last >= first) || last - first > 100000) return null;
  return { first, last };
}

/** Configuration labels a heading or label states; absent parts are null. */
export interface LabelContext {
  fix_variant: string | null;
  threads: number | null;
  wrapper: Wrapper | null;
  workload: string | null;
  serialised: string | null;
}

/**
 * Fix variant, thread count, wrapper, workload and serialisation stated by
 * one heading or label. A label about the `test_semaphore_recommended`
 * comparison test states no serialisation (it compares constructs; it does
 * not run under one).
 *
 * @example labelContext('### Native PyTorch (5 rounds)').fix_variant // 'native'
 * @example labelContext('### complete_story_test_suite.py (Uses Python-level `_mps_lock`)')
 *   // {…, workload: 'complete_story', serialised: 'python_lock'}
 * @example labelContext('v2.5 + GRAPH_PATH + _mps_lock') // {fix_variant: 'v2.5', …, serialised: 'graph_path+python_lock'}
 */
export function labelContext(text: string): LabelContext {
  const workload = workloadIn(text);
  return {
    fix_variant: fixVariantOf(text),
    threads: threadsIn(text),
    wrapper: wrapperIn(text),
    workload,
    serialised: workload === 'semaphore_recommended' ? null : serialisationIn(text),
  };
}
