/**
 * Reading the output files of a launched attempt (`launcher.ts`): the child
 * writes its stdout and stderr to files in a private folder; when the attempt
 * ends the runner keeps their tails and removes them.
 */
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { MAX_OUTPUT } from './spawner.ts';

/**
 * Contents of an output file (its last `MAX_OUTPUT` bytes, read from the end),
 * which is then removed. A missing or empty file reads as `''`.
 *
 * @example takeTail('/tmp/rb-launch-x/1.out') // 'ALL CLAIMS VERIFIED\n'
 */
export function takeTail(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return '';
    const len = Math.min(size, MAX_OUTPUT);
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, size - len + got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString('utf8', 0, got);
  } finally {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
