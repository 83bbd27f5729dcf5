/**
 * ANSI colour for the CLI's own lines: only on a terminal that has colours,
 * never when NO_COLOR is set (the rule the run's progress line follows too:
 * `colourFor`).
 */
import { colourFor } from '../runner/terminalColour.ts';

/** Colour functions for `stream`: each returns its text wrapped in ANSI codes, or unchanged where colour is off. */
export function paint(stream: NodeJS.WriteStream = process.stdout) {
  const wrap = (code: string) => (s: string) => (colourFor(stream) ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap('32'), red: wrap('31'), yellow: wrap('33'), bold: wrap('1'), dim: wrap('2') };
}
