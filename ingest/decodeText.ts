import type { Problem } from '../store/rawTables.ts';

export interface DecodedText {
  text: string;
  /** True when the bytes are not text at all (NUL bytes in the first 8 KB). */
  binary: boolean;
  problems: Problem[];
}

const lenient = new TextDecoder('utf-8', { fatal: false });
const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8 without ever throwing. Binary content (a NUL
 * byte near the start) is flagged; invalid UTF-8 sequences are replaced with
 * U+FFFD and each affected line is named in a problem (at most five listed).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0))
    return {
      text: '',
      binary: true,
      problems: [{ line: null, message: 'binary file (NUL bytes): not text' }],
    };
  try {
    return { text: strict.decode(bytes), binary: false, problems: [] };
  } catch {
    // invalid UTF-8: decode leniently and name the lines that lost characters
  }
  const text = lenient.decode(bytes);
  const problems: Problem[] = [];
  {
    const lines: number[] = [];
    let line = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 0xfffd && lines.at(-1) !== line) lines.push(line);
    }
    const shown = lines.slice(0, 5).join(', ');
    problems.push({
      line: lines[0] ?? null,
      message: `invalid UTF-8 on line${lines.length > 1 ? 's' : ''} ${shown}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''} (replaced with U+FFFD)`,
    });
  }
  return { text, binary: false, problems };
}
