/**
 * Ctrl-C and `kill` for work that stops cleanly (a campaign run): the first
 * SIGINT or SIGTERM aborts the work, which records what finished and ends; a
 * second one ends the process at once.
 */
import { constants } from 'node:os';

export interface Interrupt {
  /** Aborted by the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /**
   * The exit status for an interrupted command: 128 + the signal's number, as
   * a shell shows a job ended by that signal (130 for SIGINT, 143 for SIGTERM);
   * null while no signal came.
   */
  status(): number | null;
  /** Stops listening: a later signal has its default effect again. */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Listens for SIGINT and SIGTERM until `dispose()`. The first one prints
 * `message` on stderr and aborts `signal`; a second one exits with its status.
 *
 * @example
 * const interrupt = onInterrupt('stopping: …');
 * try { await work(interrupt.signal); return interrupt.status() ?? 0; } finally { interrupt.dispose(); }
 */
export function onInterrupt(message: string): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const status = (s: NodeJS.Signals) => 128 + constants.signals[s];
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      if (received !== null) process.exit(status(name));
      received = name;
      process.stderr.write(`\n${message}\n`);
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    status: () => (received === null ? null : status(received)),
    dispose() {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
