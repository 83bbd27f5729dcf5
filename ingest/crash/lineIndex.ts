/**
 * The 1-based line of any character offset in a text, after one pass over it
 * (the offsets where lines start, then a binary search per question): for
 * parsers that ask the line of many offsets, where counting newlines from the
 * start each time (`lineAt`) is quadratic.
 *
 * @example lineIndex('a\nb\nc')(4) // 3
 */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
