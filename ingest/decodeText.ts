import type { Problem } from '../store/rawTables.ts';

/** The encodings a text file is read in. */
export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

export interface DecodedText {
  text: string;
  /** True when the bytes are not text at all (NUL bytes in the first 8 KB of what is no UTF-16 or UTF-32). */
  binary: boolean;
  /** The encoding the text was read in (by its byte-order mark, else by where its NUL bytes fall). */
  encoding: TextEncoding;
  problems: Problem[];
}

/** Bytes looked at for NUL bytes and for the pattern of UTF-16 and UTF-32. */
const HEAD = 8192;

const decoders = {
  'UTF-8': [new TextDecoder('utf-8', { fatal: true }), new TextDecoder('utf-8')],
  'UTF-16LE': [new TextDecoder('utf-16le', { fatal: true }), new TextDecoder('utf-16le')],
  'UTF-16BE': [new TextDecoder('utf-16be', { fatal: true }), new TextDecoder('utf-16be')],
} as const;

/**
 * Decodes a file's bytes without ever throwing. UTF-8 unless a byte-order
 * mark or the pattern of NUL bytes in the first 8 KB says UTF-16 or UTF-32
 * (ASCII text in UTF-16LE has a NUL in every odd byte), in which case the
 * text is decoded from that. Other bytes with a NUL among the first 8 KB are
 * binary, with a problem naming the line of the first NUL. Sequences invalid
 * in the encoding are replaced with U+FFFD and the affected lines named in a
 * problem (at most five listed).
 *
 * @example decodeText(Buffer.from('\uFEFF# Report\n', 'utf16le')).text // '# Report\n'
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = textEncodingOf(bytes);
  const head = bytes.subarray(0, HEAD);
  if (encoding === 'UTF-8') {
    const nul = head.indexOf(0);
    if (nul >= 0) return binary(encoding, lineOfByte(bytes, nul));
  }
  const { text, valid } = decode(bytes, encoding);
  // A UTF-16 or UTF-32 guess that gives control characters is binary after all.
  if (encoding !== 'UTF-8') {
    const nul = text.slice(0, HEAD).indexOf('\0');
    if (nul >= 0 || controlShare(text.slice(0, HEAD)) > 0.1)
      return binary(encoding, nul >= 0 ? lineOfChar(text, nul) : null);
  }
  return { text, binary: false, encoding, problems: valid ? [] : [replacedLines(text, encoding)] };
}

function binary(encoding: TextEncoding, line: number | null): DecodedText {
  return {
    text: '',
    binary: true,
    encoding,
    problems: [
      { line, message: `binary file (NUL byte${line !== null ? ` on line ${line}` : 's'}): not text` },
    ],
  };
}

/**
 * The encoding of a text's bytes (its first 8 KB are enough): by byte-order
 * mark, else by the share of NUL bytes at each position of 2- and 4-byte
 * units (UTF-16LE Latin text has a NUL in most odd bytes and in no even one).
 * UTF-8 when nothing says otherwise (binary data included).
 */
export function textEncodingOf(b: Uint8Array): TextEncoding {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'UTF-8';
  if (b[0] === 0xff && b[1] === 0xfe)
    return b[2] === 0 && b[3] === 0 && b.length % 4 === 0 ? 'UTF-32LE' : 'UTF-16LE';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32BE';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16BE';
  const n = Math.min(b.length, HEAD) & ~3;
  if (n < 4) return 'UTF-8';
  const zeros = [0, 0, 0, 0]; // NUL bytes at offsets 0…3 of each 4-byte unit
  for (let i = 0; i < n; i++) if (b[i] === 0) zeros[i & 3]++;
  if (zeros[0] + zeros[1] + zeros[2] + zeros[3] === 0) return 'UTF-8';
  const units = n / 4;
  const mostly = (k: number) => zeros[k] >= 0.9 * units;
  const rarely = (k: number) => zeros[k] <= 0.1 * units;
  if (b.length % 4 === 0) {
    if (rarely(0) && mostly(1) && mostly(2) && mostly(3)) return 'UTF-32LE';
    if (mostly(0) && mostly(1) && mostly(2) && rarely(3)) return 'UTF-32BE';
  }
  // UTF-16: the high byte of most characters (in Latin text) is NUL, the low byte never.
  const even = zeros[0] + zeros[2];
  const odd = zeros[1] + zeros[3];
  if (b.length % 2 === 0 && even <= 0.05 * units * 2 && odd >= 0.4 * units * 2) return 'UTF-16LE';
  if (b.length % 2 === 0 && odd <= 0.05 * units * 2 && even >= 0.4 * units * 2) return 'UTF-16BE';
  return 'UTF-8';
}

function decode(bytes: Uint8Array, encoding: TextEncoding): { text: string; valid: boolean } {
  if (encoding === 'UTF-32LE' || encoding === 'UTF-32BE') return decodeUtf32(bytes, encoding === 'UTF-32LE');
  const [strict, lenient] = decoders[encoding];
  try {
    return { text: strict.decode(bytes), valid: true };
  } catch {
    return { text: lenient.decode(bytes), valid: false };
  }
}

/** UTF-32 (TextDecoder has none): code points past U+10FFFF, surrogates and a cut last unit become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, le: boolean): { text: string; valid: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  let valid = bytes.length % 4 === 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    let p = view.getUint32(i, le);
    if (i === 0 && p === 0xfeff) continue;
    if (p > 0x10ffff || (p >= 0xd800 && p <= 0xdfff)) {
      p = 0xfffd;
      valid = false;
    }
    chunk.push(p);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (bytes.length % 4) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return { text: parts.join(''), valid };
}

/** Share of control characters other than tab, CR and LF. */
function controlShare(text: string): number {
  if (!text.length) return 0;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) odd++;
  }
  return odd / text.length;
}

/** 1-based line of byte `at`. */
function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i >= 0 && i < at; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** 1-based line of character `at`. */
function lineOfChar(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function replacedLines(text: string, encoding: TextEncoding): Problem {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 0xfffd && lines.at(-1) !== line) lines.push(line);
  }
  const shown = lines.slice(0, 5).join(', ');
  return {
    line: lines[0] ?? null,
    message: `invalid ${encoding} on line${lines.length > 1 ? 's' : ''} ${shown}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''} (replaced with U+FFFD)`,
  };
}
