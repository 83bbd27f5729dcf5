/**
 * Key/value fields of report text: `**Key**: value`, `**Key:** value`,
 * `**Key: value**`, several keys on one line (`**Date**: 2025-12-22 **Result**:
 * ALL PASS`), bullets `- **Key**: v`, plain `Key: value` list items, and
 * two-column key/value table rows (`| PyTorch | 2.9.1 |`).
 */
import { normHeader } from './normHeader.ts';
import type { WalkedBlock } from './walk.ts';

/** One key/value pair with where it was read. */
export interface Field {
  /** Normalised key: lower case, inner whitespace collapsed, trailing punctuation removed. */
  key: string;
  value: string;
  line: number;
  /** Index of the block it came from (document order). */
  block: number;
  /** True when the key was written in bold. */
  bold: boolean;
}

const PLAIN_KEY = /^([A-Za-z][A-Za-z0-9 ./()+_-]{0,40}?)\s*:\s+(\S.*)$/;

/**
 * Normalises a key for lookups: the header rule ({@link normHeader}) with
 * trailing `:`, `.` and `-` removed (`**PyTorch Version:**` → `pytorch version`).
 */
export function normKey(key: string): string {
  return normHeader(key).replace(/[\s:.-]+$/, '');
}

/**
 * All key/value fields of the blocks, in document order.
 *
 * @example fieldsOf(walk(tree)).find((f) => f.key === 'worker')?.value // 'N=2941'
 */
export function fieldsOf(blocks: WalkedBlock[]): Field[] {
  const out: Field[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === 'table') {
      if (b.header.length !== 2) return;
      for (const r of b.rows) {
        if (r.cells.length < 2) continue;
        out.push({
          key: normKey(r.cells[0].text),
          value: r.cells[1].text,
          line: r.line,
          block: i,
          bold: false,
        });
      }
      return;
    }
    if (b.role === 'heading') return;
    const found: Field[] = [];
    let cur: Field | null = null;
    const segs = b.segments;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j];
      if (s.strong) {
        const inner = /^\s*([^:]{1,60}?)\s*:\s*(.*)$/s.exec(s.text);
        const next = segs[j + 1];
        if (inner) {
          cur = { key: normKey(inner[1]), value: inner[2], line: b.line, block: i, bold: true };
          found.push(cur);
          continue;
        }
        if (next && !next.strong && /^\s*:/.test(next.text) && s.text.trim().length <= 60) {
          cur = {
            key: normKey(s.text),
            value: next.text.replace(/^\s*:\s*/, ''),
            line: b.line,
            block: i,
            bold: true,
          };
          found.push(cur);
          j++;
          continue;
        }
      }
      if (cur) cur.value += s.text;
    }
    if (found.length === 0) {
      const m = PLAIN_KEY.exec(b.text);
      if (m) found.push({ key: normKey(m[1]), value: m[2], line: b.line, block: i, bold: false });
    }
    for (const f of found) {
      f.value = f.value.replace(/\s+/g, ' ').trim();
      if (f.key) out.push(f);
    }
  });
  return out;
}
