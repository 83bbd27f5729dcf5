/**
 * For tests of the commands in this process: what a command writes to stdout
 * and stderr, captured while it runs. Strings are the command's output;
 * binary chunks are the test runner's own reports and pass through.
 */
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `fn` with stdout and stderr captured; its result is the exit code. */
export async function captureOutput(fn: () => Promise<number>): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write.call(process.stdout, chunk, ...rest);
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return writeErr.call(process.stderr, chunk, ...rest);
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await fn(), stdout, stderr };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

/** Parses `argv` for `command` and runs it in this process, capturing its output. */
export function runCaptured(command: Command, argv: string[]): Promise<Captured> {
  const { positionals, values } = parseCommandArgs(argv, command.options);
  return captureOutput(() => command.run(positionals, values));
}
