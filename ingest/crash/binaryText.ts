/**
 * True when a text decoded from a file is evidently binary: it holds NUL
 * characters, or more than 10% of its first 4 KiB are control characters
 * other than tab, CR and LF, or U+FFFD replacement characters.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const head = text.slice(0, 4096);
  if (!head.length) return false;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd / head.length > 0.1;
}
