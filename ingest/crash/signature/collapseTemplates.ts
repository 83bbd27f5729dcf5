/**
 * Replaces every outermost template argument list in a C++ (or Swift) symbol
 * by `<T>`, so that `AGX::ComputeContext<AGX::HAL200::Encoders, …>::prepareForEnqueue(bool)`
 * becomes `AGX::ComputeContext<T>::prepareForEnqueue(bool)`.
 *
 * Operators whose names contain angle brackets (`operator<`, `operator<<`,
 * `operator<=>`, `operator->`, …) are copied as they are. An unbalanced `<`
 * leaves the rest of the symbol unchanged. Mozilla socorro-siggen's
 * `collapse()` does the same with `<`/`>` pairs.
 *
 * @example collapseTemplates('std::vector<std::pair<int, int>>::push_back') // 'std::vector<T>::push_back'
 */
export function collapseTemplates(symbol: string): string {
  if (!symbol.includes('<')) return symbol;
  let out = '';
  let i = 0;
  while (i < symbol.length) {
    const op = /^operator\s*(?:<=>|<<=|>>=|<<|>>|<=|>=|->\*?|<|>)/.exec(symbol.slice(i, i + 16));
    if (op && (i === 0 || !/[A-Za-z0-9_]/.test(symbol[i - 1]))) {
      out += op[0];
      i += op[0].length;
      continue;
    }
    const ch = symbol[i];
    if (ch !== '<') {
      out += ch;
      i++;
      continue;
    }
    const close = matchingClose(symbol, i);
    if (close < 0) return out + symbol.slice(i);
    out += '<T>';
    i = close + 1;
  }
  return out;
}

/** Index of the `>` closing the `<` at `open`, or -1 when unbalanced. */
function matchingClose(symbol: string, open: number): number {
  let depth = 0;
  for (let j = open; j < symbol.length; j++) {
    const c = symbol[j];
    if (c === '<') depth++;
    else if (c === '>' && symbol[j - 1] !== '-') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}
