/**
 * Writes a file only when its bytes differ from what is there, so rebuilding
 * with unchanged inputs leaves every file (and its mtime) alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type WriteStatus = 'written' | 'unchanged';

/** Writes `content` to `path` (creating folders) unless the file already holds exactly these bytes. */
export function writeIfChanged(path: string, content: string | Uint8Array): WriteStatus {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  try {
    if (readFileSync(path).equals(bytes)) return 'unchanged';
  } catch {
    // missing: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return 'written';
}
