/**
 * Character offsets where each element of the array under top-level `key`
 * starts in a JSON text (`{"crashes": [ {…}, {…} ]}` → offsets of each `{`).
 * A small scanner that honours strings and escapes; it does not validate the
 * JSON (parse it separately). Returns [] when the key is not found.
 */
export function jsonArrayOffsets(text: string, key: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let target = -1;
  let expectElement = false;
  let lastString: string | null = null;
  let pendingKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (
      expectElement &&
      depth === target &&
      c !== ' ' &&
      c !== '\n' &&
      c !== '\r' &&
      c !== '\t' &&
      c !== ']'
    ) {
      out.push(i);
      expectElement = false;
    }
    switch (c) {
      case '"': {
        const start = i;
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
        if (depth === 1) lastString = text.slice(start + 1, i);
        break;
      }
      case ':':
        if (depth === 1) pendingKey = lastString;
        break;
      case '[':
      case '{':
        if (c === '[' && depth === 1 && target < 0 && pendingKey === key) {
          target = 2;
          expectElement = true;
        }
        depth++;
        break;
      case ']':
      case '}':
        depth--;
        if (target >= 0 && depth < target) return out;
        break;
      case ',':
        if (depth === 1) pendingKey = null;
        if (depth === target) expectElement = true;
        break;
    }
  }
  return out;
}
