import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText } from './decodeText.ts';
import { parseSource } from './parseSource.ts';

const text = '# Report N=7\n\n**Date**: 2025-12-22 — ünïcode ✓ 𝄞\n\n- **Pass Rate**: 17/20\n';

function utf16(s: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\uFEFF' : '') + s, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

function utf32(s: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const points = [...((bom ? '\uFEFF' : '') + s)].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  for (const [i, p] of points.entries()) {
    if (endian === 'le') out.writeUInt32LE(p, i * 4);
    else out.writeUInt32BE(p, i * 4);
  }
  return out;
}

test('UTF-16 and UTF-32, with a byte-order mark or without, are decoded, not called binary', () => {
  const cases: [string, Buffer][] = [
    ['UTF-16LE with BOM', utf16(text, 'le', true)],
    ['UTF-16BE with BOM', utf16(text, 'be', true)],
    ['UTF-16LE without BOM', utf16(text, 'le', false)],
    ['UTF-16BE without BOM', utf16(text, 'be', false)],
    ['UTF-32LE with BOM', utf32(text, 'le', true)],
    ['UTF-32BE with BOM', utf32(text, 'be', true)],
    ['UTF-32LE without BOM', utf32(text, 'le', false)],
  ];
  for (const [name, bytes] of cases) {
    const d = decodeText(bytes);
    assert.equal(d.binary, false, name);
    assert.equal(d.text, text, name);
    assert.deepEqual(d.problems, [], name);
    assert.equal(d.encoding, name.split(' ')[0], name);
  }
  const parsed = parseSource(utf16(text, 'le', true), 'r.md');
  assert.equal(parsed.status, 'ok');
  assert.equal(parsed.tables.batches?.[0].passed, 17);
});

test('broken UTF-16 names its encoding and the lines that lost characters', () => {
  const bytes = Buffer.concat([utf16('# ok\nline two\n', 'le', true), Buffer.from([0x00, 0xd8, 0x41, 0x00])]);
  const d = decodeText(bytes);
  assert.equal(d.binary, false);
  assert.deepEqual(d.problems, [{ line: 3, message: 'invalid UTF-16LE on line 3 (replaced with U+FFFD)' }]);
});

test('a NUL byte in text that is no UTF-16 or UTF-32 is binary, and the problem names its line', () => {
  const bytes = Buffer.from('# Report\n\nline three \0 here\nmore text that is plain ASCII\n');
  const d = decodeText(bytes);
  assert.equal(d.binary, true);
  assert.deepEqual(d.problems, [{ line: 3, message: 'binary file (NUL byte on line 3): not text' }]);
  const parsed = parseSource(bytes, 'r.md');
  assert.equal(parsed.status, 'rejected');
  assert.deepEqual(parsed.problems, [{ line: 3, message: 'binary file (NUL byte on line 3): not text' }]);
});

test('binary data that merely holds zeros is not taken for UTF-16', () => {
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  assert.equal(decodeText(png).binary, true);
  const zeros = Buffer.alloc(4096);
  assert.equal(decodeText(zeros).binary, true);
});
