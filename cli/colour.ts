/** ANSI colour only on a terminal (and never when NO_COLOR is set). */
const on = (stream: NodeJS.WriteStream) => Boolean(stream.isTTY) && !process.env.NO_COLOR;

export function paint(stream: NodeJS.WriteStream = process.stdout) {
  const wrap = (code: string) => (s: string) => (on(stream) ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap('32'), red: wrap('31'), yellow: wrap('33'), bold: wrap('1'), dim: wrap('2') };
}
