/**
 * Deciding what an attempt was (pass, crash, fail, timeout), whether the
 * wrapper would retry it, and what a round's status is — the team's wrapper
 * semantics: retry only crashes it is told to (SIGSEGV / exit 139 by default),
 * pass = exit 0 + required text + (strict) no new crash report.
 */
import { constants } from 'node:os';
import type { PassSpec, RetrySpec } from './campaignSchema.ts';
import { type SpawnResult, signalName } from './spawn/index.ts';

export type AttemptOutcome = 'pass' | 'crash' | 'fail' | 'timeout';
export type RoundStatus = 'pass' | 'fail' | 'error' | 'timeout';

export interface Classified {
  outcome: AttemptOutcome;
  /** Why it is not a pass (null for a pass). */
  reason: string | null;
  /** Signal that ended it: the kill signal, or the one encoded by a shell's exit status 128+n. */
  crashSignal: string | null;
  retried: boolean;
}

/** Signal name behind a shell-style exit status 128+n (139 → SIGSEGV), else null. */
export function signalOfExitCode(code: number | null): string | null {
  if (code == null || code <= 128 || code > 128 + 64) return null;
  return signalName(code - 128);
}

/**
 * Classifies one attempt. A crash is a death by signal (or exit status 128+n);
 * it is `retried` when its signal or exit status is listed in `retry`.
 *
 * @example classifyAttempt({signal: 'SIGSEGV', exitCode: null, …}, pass, retry, 0).outcome // 'crash'
 */
export function classifyAttempt(
  result: Pick<SpawnResult, 'exitCode' | 'signal' | 'timedOut' | 'error' | 'stdout' | 'stderr'>,
  pass: PassSpec,
  retry: RetrySpec,
  newCrashReports: number,
): Classified {
  if (result.timedOut) return { outcome: 'timeout', reason: 'timed out', crashSignal: null, retried: false };
  if (result.error)
    return { outcome: 'fail', reason: `could not start: ${result.error}`, crashSignal: null, retried: false };
  const crashSignal = result.signal ?? signalOfExitCode(result.exitCode);
  if (crashSignal) {
    const retried =
      retry.on_signals.includes(crashSignal) ||
      (result.exitCode != null && retry.on_exit_codes.includes(result.exitCode)) ||
      (result.signal != null &&
        retry.on_exit_codes.includes(128 + (constants.signals[result.signal as NodeJS.Signals] ?? 0)));
    return { outcome: 'crash', reason: `killed by ${crashSignal}`, crashSignal, retried };
  }
  if (result.exitCode != null && retry.on_exit_codes.includes(result.exitCode))
    return { outcome: 'crash', reason: `exit status ${result.exitCode}`, crashSignal: null, retried: true };
  if (result.exitCode !== pass.exit_code)
    return { outcome: 'fail', reason: `exit status ${result.exitCode}`, crashSignal: null, retried: false };
  const output = `${result.stdout}\n${result.stderr}`;
  for (const text of pass.must_contain)
    if (!output.includes(text)) return fail(`output lacks ${JSON.stringify(text)}`);
  for (const text of pass.must_not_contain)
    if (output.includes(text)) return fail(`output contains ${JSON.stringify(text)}`);
  if (pass.strict && newCrashReports > 0) return fail(`strict: ${newCrashReports} new crash report(s)`);
  return { outcome: 'pass', reason: null, crashSignal: null, retried: false };
}

function fail(reason: string): Classified {
  return { outcome: 'fail', reason, crashSignal: null, retried: false };
}

/** A round's status from its last attempt (a start failure is `error`). */
export function roundStatus(last: Classified): RoundStatus {
  if (last.outcome === 'pass') return 'pass';
  if (last.outcome === 'timeout') return 'timeout';
  if (last.reason?.startsWith('could not start')) return 'error';
  return 'fail';
}
