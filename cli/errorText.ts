/**
 * How `roundbook` prints an error: one line for people, or under `--json` one
 * JSON object `{"error": "...", "exit": N}` on stderr for a program to read.
 */
import { terminalLines } from './terminalText.ts';

/**
 * The stderr text for an error of command `name` (null: before a command was found) with exit code `exit`.
 *
 * @example errorText('verdict', 'data/x.duckdb: no such database …', 1, true) // '{"error":"…","exit":1}\n'
 */
export function errorText(name: string | null, message: string, exit: number, json: boolean): string {
  if (json) return `${JSON.stringify({ error: message, exit, ...(name ? { command: name } : {}) })}\n`;
  return `roundbook${name ? ` ${name}` : ''}: ${terminalLines(message)}\n`;
}

/** Whether the arguments ask for JSON output (`--json`, before or after the first `--`-less positional). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--json' || a === '--json=true');
}
