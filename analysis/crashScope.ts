/**
 * Is a crash one of the process under test? The experiments run a Python test
 * command (`python3 tests/complete_story_test_suite.py`), and the team's
 * wrapper copies only crash reports of Python (DESIGN.md); the runner ties the
 * crashes it captures to the attempt that left them. But a crash folder also
 * holds reports of other programs — the corpus keeps a 2022 iOS app's crash as
 * a format fixture — and those must not pass for the suite's crashes: not as
 * the example of a signature, not in the crash counts, not stretching a time
 * axis back by years. They are shown apart, with the reason.
 */

/** What the rule knows beyond the crash itself. */
export interface ScopeContext {
  /** Processes of crashes the runner tied to an attempt: whatever a campaign's command runs is under test. */
  testProcesses: ReadonlySet<string>;
  /** The time span of the evidence (report dates, runner rounds), or null when there is none. */
  span: { first: string; last: string } | null;
}

/** Whether a crash is one of the process under test, and if not, why. */
export interface CrashScope {
  under_test: boolean;
  apart_reason: string | null;
}

/**
 * How far outside the evidence's span a crash may still be one of its
 * campaign: crash folders are collected on their own schedule (the project's
 * example crashes are three weeks older than its example reports), so only a
 * crash a season away (a fixture, an old crash folder) is set apart for its time.
 */
export const SPAN_MARGIN_MS = 90 * 86_400_000;

/** A Python interpreter's process name: `Python`, `python3`, `python3.14` (as macOS names them). */
export function isPythonProcess(name: string): boolean {
  return /python/i.test(name);
}

/**
 * The rule, in order:
 * 1. a crash the runner tied to a round is under test (it came from the attempt);
 * 2. a crash whose process is named and is neither a Python interpreter nor a
 *    process of a crash the runner tied to a round is apart (an unnamed
 *    process is not evidence against it);
 * 3. a crash with a time more than {@link SPAN_MARGIN_MS} (90 days) outside the
 *    evidence's span is apart;
 * 4. everything else is under test.
 *
 * @example crashScope({ process: 'iOSCrashingTest', captured_at: '2022-09-18T06:28:37Z', round_uid: null }, ctx)
 *   // { under_test: false, apart_reason: 'process iOSCrashingTest is not the process under test (Python)' }
 */
export function crashScope(
  crash: { process: string | null; captured_at: string | null; round_uid: string | null },
  ctx: ScopeContext,
): CrashScope {
  if (crash.round_uid) return { under_test: true, apart_reason: null };
  const p = crash.process?.trim();
  if (p && !isPythonProcess(p) && !ctx.testProcesses.has(p)) {
    const tested = ['Python', ...[...ctx.testProcesses].filter((t) => !isPythonProcess(t)).sort()];
    return {
      under_test: false,
      apart_reason: `process ${p} is not the process under test (${tested.join(', ')})`,
    };
  }
  const at = crash.captured_at ? Date.parse(crash.captured_at) : Number.NaN;
  if (ctx.span && !Number.isNaN(at)) {
    const first = Date.parse(ctx.span.first);
    const last = Date.parse(ctx.span.last);
    if (at < first - SPAN_MARGIN_MS || at > last + SPAN_MARGIN_MS) {
      const day = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);
      return {
        under_test: false,
        apart_reason: `crashed ${day(crash.captured_at as string)}, outside the evidence's span (${day(ctx.span.first)} – ${day(ctx.span.last)})`,
      };
    }
  }
  return { under_test: true, apart_reason: null };
}
