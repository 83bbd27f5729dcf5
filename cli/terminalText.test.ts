import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { terminalJson, terminalLines, terminalText } from './terminalText.ts';

/** Anything a terminal acts on instead of showing (the newline included). */
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

test('terminalText shows ESC, C0, DEL, C1 and bidi controls as escapes and leaves other text alone', () => {
  assert.equal(terminalText('a\u001b[31mb\u0007.md'), 'a\\u001b[31mb\\u0007.md');
  assert.equal(terminalText('x\ny\r\tz'), 'x\\ny\\r\\tz');
  assert.equal(terminalText('\u0000\u007f\u0085\u009b'), '\\u0000\\u007f\\u0085\\u009b');
  assert.equal(terminalText('safe\u202Egnp.md'), 'safe\\u202egnp.md');
  assert.equal(
    terminalText('\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u2028\u2029'),
    '\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029',
  );
  const plain = 'Ünïcödé 日本 — 12.5% [4.1–30.2%] C:\\path\\x1b "quoted" 🙂';
  assert.equal(terminalText(plain), plain);
});

test('terminalText never lets a raw control through, and changes nothing else', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const shown = terminalText(s);
      assert.doesNotMatch(shown, RAW);
      // Removing the escapes of what was escaped gives the text back.
      assert.equal(
        shown.replace(/\\(n|r|t|u[0-9a-f]{4})/g, (e) => JSON.parse(`"${e}"`)),
        s.replace(/\\(n|r|t|u[0-9a-f]{4})/g, (e) => JSON.parse(`"${e}"`)),
      );
    }),
  );
});

test('terminalLines keeps the newlines between lines and escapes the rest', () => {
  assert.equal(terminalLines('a.md:1: x\u001b[2J\nb.md:2: \u202ey'), 'a.md:1: x\\u001b[2J\nb.md:2: \\u202ey');
});

test('terminalJson is JSON that parses to the same value, with no raw control on any line', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
      for (const v of [value, { s }, [s, value]]) {
        const text = terminalJson(v);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(v)));
        for (const line of text.split('\n')) assert.doesNotMatch(line, RAW);
      }
    }),
  );
});
