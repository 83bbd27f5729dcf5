/**
 * One streaming pass over a round log (the runner's JSONL) before DuckDB reads
 * it: the sha256 of its complete prefix (the bytes up to its last newline,
 * which identify it: a torn last line, from a runner still writing or killed
 * mid-write, is outside it and waits for the next ingest), its blank lines, and
 * whether every line carries its number as `seq` (the runner writes event k
 * on line k as `{"v":2,"seq":k,…`), which lets DuckDB's parallel reader number
 * the rows without a numbered scan.
 *
 * Lines end with LF (CRLF is LF after a CR DuckDB ignores); a file without a
 * single LF whose lines end with CR (old Mac style, which a JSON line cannot
 * hold inside it) has CR line ends and is read from a copy with LF ends. A
 * file with no complete line (empty, or one line still being written) or in
 * UTF-16/UTF-32 is `unreadable`: it is recorded with that problem, identified
 * by all its bytes, and has no events.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Problem } from '../store/rawTables.ts';
import { READ_ROUND_LOG_VERSIONS } from '../store/roundLog.ts';
import { textEncodingOf } from './decodeText.ts';

/** What `scanRoundLog` learns about a file in one streaming pass. */
export interface RoundLogScan {
  /** sha256 (hex) of the complete prefix (up to and including the last line end); of all bytes when no line is complete. */
  source_id: string;
  /** Bytes of the complete prefix. */
  bytes: number;
  /** Complete lines (blank ones included). */
  lines: number;
  /** 1-based numbers of blank (whitespace-only) complete lines, which DuckDB's reader skips. */
  blank: number[];
  /** Bytes after the last newline, left for the next ingest. */
  tornBytes: number;
  /**
   * Every complete line k begins `{"v":<n>,"seq":k` (so none is blank), and a
   * torn tail is whitespace or the start of line lines+1: an event's line
   * number is then its `seq`.
   */
  seqLines: boolean;
  /** The byte that ends lines: LF, or CR in a file without any LF. */
  lineEnd: 'LF' | 'CR';
  /** Why the file gives no events at all (empty, no complete line, not UTF-8), or null. */
  unreadable: Problem | null;
}

/** Bytes of a line's start that the scan keeps to check `{"v":<n>,"seq":<k>`. */
const HEAD = 40;
const SEQ_HEAD = /^\{"v":\d{1,9},"seq":(\d{1,15})[,}]/;

/**
 * Streams a file once: sha256 of its complete prefix, its complete lines, its
 * blank lines, the size of a torn tail, and whether every line carries its
 * line number as `seq` (`seqLines`). Memory stays constant.
 */
export async function scanRoundLog(path: string): Promise<RoundLogScan> {
  const size = statSync(path).size;
  let lineEnd: 'LF' | 'CR' = 'LF';
  let prefix = lastByte(path, size, LF) + 1;
  if (prefix === 0) {
    const cr = lastByte(path, size, CR) + 1;
    if (cr > 0) [lineEnd, prefix] = ['CR', cr];
  }
  const endByte = lineEnd === 'LF' ? LF : CR;
  const hash = createHash('sha256');
  const blank: number[] = [];
  let lines = 0;
  let onlySpace = true; // the current line holds only whitespace so far
  let head = ''; // the current line's first bytes (latin1), when they span two chunks
  let lineSeq: number | null | undefined; // the current line's `seq` (null: none), once its head is read
  let seqLines = true;
  if (prefix > 0) {
    for await (const chunk of chunksOf(path, prefix)) {
      hash.update(chunk);
      let from = 0;
      while (from < chunk.length) {
        const nl = chunk.indexOf(endByte, from);
        const end = nl < 0 ? chunk.length : nl;
        if (seqLines && lineSeq === undefined) {
          if (head === '' && (nl >= 0 || end - from >= HEAD)) lineSeq = seqAtBytes(chunk, from, end);
          else {
            // The line's head is cut by the chunk's end: gathered as text across chunks.
            head += chunk.toString('latin1', from, Math.min(end, from + HEAD - head.length));
            if (head.length >= HEAD || nl >= 0) lineSeq = seqOf(head);
          }
        }
        if (onlySpace && end > from) {
          for (let i = from; i < end && onlySpace; i++) {
            const b = chunk[i];
            if (b !== 32 && b !== 9 && b !== 13) onlySpace = false;
          }
        }
        if (nl < 0) break;
        lines++;
        if (onlySpace) blank.push(lines);
        if (seqLines && (onlySpace || lineSeq !== lines)) seqLines = false;
        lineSeq = undefined;
        head = '';
        onlySpace = true;
        from = nl + 1;
      }
    }
  }
  const tornBytes = size - prefix;
  if (lineEnd === 'CR') seqLines = false; // DuckDB reads the LF copy, numbered by its scan
  if (seqLines && tornBytes > 0) seqLines = tailIsNextLine(path, prefix, tornBytes, lines + 1);
  let unreadable: Problem | null = null;
  const encoding = textEncodingOf(headOf(path, size));
  if (size === 0) unreadable = { line: null, message: 'empty file' };
  else if (encoding !== 'UTF-8')
    unreadable = { line: null, message: `${encoding} text: a round log is UTF-8 JSON lines; not read` };
  else if (prefix === 0)
    unreadable = {
      line: 1,
      message: `no complete line: the ${size} bytes end without a line break (a runner still writing, or a file cut short); read once the line is complete`,
    };
  if (prefix === 0 && size > 0) for await (const chunk of chunksOf(path, size)) hash.update(chunk);
  return {
    source_id: hash.digest('hex'),
    bytes: prefix,
    lines,
    blank,
    tornBytes,
    seqLines,
    lineEnd,
    unreadable,
  };
}

const LF = 10;
const CR = 13;

/** The first 8 KB of a file (what its encoding is told from). */
function headOf(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 8192));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** `seqOf` on bytes `[from, end)` of a buffer (the line's head lies in it), without making a string. */
function seqAtBytes(b: Buffer, from: number, end: number): number | null {
  const lim = Math.min(end, from + HEAD);
  let i = from;
  for (const c of V_OPEN) if (i >= lim || b[i++] !== c) return null;
  const d0 = i;
  while (i < lim && b[i] >= 48 && b[i] <= 57) i++;
  if (i === d0 || i - d0 > 9) return null;
  for (const c of SEQ_KEY) if (i >= lim || b[i++] !== c) return null;
  let n = 0;
  const s0 = i;
  while (i < lim && b[i] >= 48 && b[i] <= 57) n = n * 10 + (b[i++] - 48);
  if (i === s0 || i - s0 > 15 || i >= lim) return null;
  return b[i] === 44 || b[i] === 125 ? n : null;
}
const V_OPEN = Buffer.from('{"v":');
const SEQ_KEY = Buffer.from(',"seq":');

/**
 * The first `bytes` of a file, in chunks of one reused buffer (each chunk is
 * valid until the next is asked for): no fresh memory per chunk.
 */
async function* chunksOf(path: string, bytes: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(bytes, 1 << 20));
    for (let pos = 0; pos < bytes; ) {
      const { bytesRead } = await file.read(buf, 0, Math.min(buf.length, bytes - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

function seqOf(head: string): number | null {
  const m = SEQ_HEAD.exec(head);
  return m ? Number(m[1]) : null;
}

/**
 * A torn tail that DuckDB cannot read as an event numbered 1…lines: only
 * whitespace, the start of line `next` (`{"v":<n>,"seq":<next>`), or a
 * beginning of it too short to say more (`{"v":2,"se`).
 */
function tailIsNextLine(path: string, at: number, bytes: number, next: number): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, 65536));
    let pos = at;
    let first = '';
    let onlySpace = true;
    while (pos < at + bytes) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, at + bytes - pos), pos);
      if (n === 0) break;
      if (pos === at) first = buf.toString('latin1', 0, Math.min(n, HEAD));
      for (let i = 0; i < n && onlySpace; i++) {
        const b = buf[i];
        if (b !== 32 && b !== 9 && b !== 13) onlySpace = false;
      }
      if (!onlySpace) break;
      pos += n;
    }
    if (onlySpace) return true;
    return (
      seqOf(first) === next ||
      (bytes < HEAD && READ_ROUND_LOG_VERSIONS.some((v) => `{"v":${v},"seq":${next},`.startsWith(first)))
    );
  } finally {
    closeSync(fd);
  }
}

/** Offset of the last `byte` in the file, or -1. */
function lastByte(path: string, size: number, byte: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(65536, Math.max(1, size)));
    for (let pos = size; pos > 0; ) {
      const len = Math.min(buf.length, pos);
      pos -= len;
      readSync(fd, buf, 0, len, pos);
      const i = buf.subarray(0, len).lastIndexOf(byte);
      if (i >= 0) return pos + i;
    }
    return -1;
  } finally {
    closeSync(fd);
  }
}
