/**
 * Deciding what an attempt was (pass, crash, fail, timeout; error when it
 * could not start), whether the wrapper would retry it, and what a round's
 * status is — the team's wrapper semantics: retry only crashes it is told to
 * (SIGSEGV / exit 139 by default), pass = exit 0 + required text + (strict)
 * no new crash report.
 */
import { constants } from 'node:os';
import type { AttemptOutcome, RoundStatus } from '../store/vocabulary.ts';
import type { PassSpec, RetrySpec } from './campaignSchema.ts';
import { type SpawnResult, signalName } from './spawn/index.ts';

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
  if (result.error) return { outcome: 'error', reason: result.error, crashSignal: null, retried: false };
  if (result.timedOut) return { outcome: 'timeout', reason: 'timed out', crashSignal: null, retried: false };
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
  return (
    outcomeWithReports('pass', pass, newCrashReports) ?? {
      outcome: 'pass',
      reason: null,
      crashSignal: null,
      retried: false,
    }
  );
}

/**
 * The outcome an attempt's crash reports give it when it differs from its
 * outcome at exit, else null: in strict mode an exit that passed but left a
 * new crash report fails. The reports are taken after the settle wait, when
 * the attempt is already recorded with its outcome at exit.
 *
 * @example outcomeWithReports('pass', { ...pass, strict: true }, 1)?.outcome // 'fail'
 */
export function outcomeWithReports(
  atExit: AttemptOutcome,
  pass: PassSpec,
  reports: number,
): Classified | null {
  if (atExit === 'pass' && pass.strict && reports > 0) return fail(`strict: ${reports} new crash report(s)`);
  return null;
}

function fail(reason: string): Classified {
  return { outcome: 'fail', reason, crashSignal: null, retried: false };
}

/**
 * Whether an attempt spends one of the round's attempts: an attempt killed
 * with the runner (`interrupted`) or that could not start (`error`) says
 * nothing of the workload, and the round runs another in its place.
 */
export function spendsAttempt(outcome: AttemptOutcome): boolean {
  return outcome !== 'interrupted' && outcome !== 'error';
}

/** A round's status from the outcome of its last attempt that spent one. */
export function roundStatus(last: AttemptOutcome): RoundStatus {
  if (last === 'pass') return 'pass';
  if (last === 'timeout') return 'timeout';
  return 'fail';
}
