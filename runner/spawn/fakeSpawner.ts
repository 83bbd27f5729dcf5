/**
 * A scripted spawner for tests: each call takes the next scripted result (or
 * asks a function), records the request, and never starts a process.
 */
import type { Spawner, SpawnRequest, SpawnResult } from './spawner.ts';

/** What a fake attempt does: `pass`, `crash` (SIGSEGV), `exit139`, `fail` (exit 1), `timeout`, or a full result. */
export type FakeStep = 'pass' | 'crash' | 'exit139' | 'fail' | 'timeout' | Partial<SpawnResult>;

/** A fake spawner that also keeps every request it was given, for tests to inspect. */
export interface FakeSpawner extends Spawner {
  /** Every request seen, in order. */
  calls: SpawnRequest[];
}

/** Result of a step; `stdout` defaults to the suite's verdict line for passes. */
export function fakeResult(step: FakeStep, stdout = 'ALL CLAIMS VERIFIED\n'): SpawnResult {
  const base: SpawnResult = {
    pid: 4242,
    exitCode: 0,
    signal: null,
    timedOut: false,
    aborted: false,
    error: null,
    stdout,
    stderr: '',
    durationMs: 5,
    leftovers: [],
  };
  if (step === 'pass') return base;
  if (step === 'crash') return { ...base, exitCode: null, signal: 'SIGSEGV', stdout: '' };
  if (step === 'exit139') return { ...base, exitCode: 139, stdout: '' };
  if (step === 'fail') return { ...base, exitCode: 1, stdout: 'SOME CLAIMS NOT VERIFIED\n' };
  if (step === 'timeout') return { ...base, exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: '' };
  return { ...base, ...step };
}

/**
 * A fake from a list of steps (consumed in order; `pass` once exhausted) or a
 * function of the request and the call index. `onRun` runs side effects such as
 * writing a crash report.
 */
export function fakeSpawner(
  script: FakeStep[] | ((request: SpawnRequest, index: number) => FakeStep),
  onRun?: (request: SpawnRequest, index: number) => void | Promise<void>,
): FakeSpawner {
  const calls: SpawnRequest[] = [];
  return {
    calls,
    async run(request) {
      const index = calls.length;
      calls.push(request);
      await onRun?.(request, index);
      const step = typeof script === 'function' ? script(request, index) : (script[index] ?? 'pass');
      return fakeResult(step);
    },
  };
}
