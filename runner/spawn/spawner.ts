/**
 * The interface every spawner implements: a request to run one attempt's
 * process and the raw facts of how it ended. The real spawners
 * (`processSpawner.ts`, `directSpawner.ts`, `launcher.ts`) and the fake for
 * tests (`fakeSpawner.ts`) all stand on this module, and it on nothing.
 */

/** What to run, where, with which environment, and when to give up. */
export interface SpawnRequest {
  /** Program and arguments; with `shell`, `argv[0]` is a shell command line (and the rest are appended). */
  argv: readonly string[];
  shell: boolean;
  cwd: string;
  /** The complete environment of the child. */
  env: Readonly<Record<string, string>>;
  /** Kill the process group after this long (ms); 0 = never. */
  timeoutMs: number;
  /** Aborting kills the process group; the result then says `aborted`. */
  signal?: AbortSignal;
}

/**
 * How an attempt's process ended: exit status and signal told apart, whether
 * the runner killed it (timeout, abort), a start failure, and its output (the
 * last `MAX_OUTPUT` bytes of each stream).
 */
export interface SpawnResult {
  pid: number | null;
  /** Exit status when the process exited, else null. */
  exitCode: number | null;
  /** Signal name when the process was killed by a signal, else null. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /**
   * Set on an infrastructure failure, never the workload's, saying what
   * failed: the process could not be started at all (`could not start: spawn
   * <file> ENOENT`, `… E2BIG`, the output folder is full), or its output
   * could not be kept (`could not keep its output: …`).
   */
  error: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /**
   * Processes the attempt left running outside its process group when it
   * ended (`<pid> <name>`), which the spawner found and killed; empty where
   * a spawner cannot see them (Node's own spawn has no subreaper).
   */
  leftovers: string[];
}

/** Runs attempts: the real one spawns processes, the fake replays a script. */
export interface Spawner {
  run(request: SpawnRequest): Promise<SpawnResult>;
}

/** Output kept per stream; beyond it the head is dropped (the tail has the verdict lines). */
export const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * The result of an attempt whose process never started: nothing ran, and
 * `error` says why (an infrastructure failure).
 *
 * @example startFailure('could not start: spawn x E2BIG').error // 'could not start: spawn x E2BIG'
 */
export function startFailure(error: string, durationMs = 0): SpawnResult {
  return {
    pid: null,
    exitCode: null,
    signal: null,
    timedOut: false,
    aborted: false,
    error,
    stdout: '',
    stderr: '',
    durationMs,
    leftovers: [],
  };
}
