import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineAt } from './jsonFailure.ts';
import { lineIndex } from './lineIndex.ts';

test('lineIndex answers as lineAt does, for every offset of any text', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'é') }), (text) => {
      const index = lineIndex(text);
      for (let offset = 0; offset <= text.length + 1; offset++)
        assert.equal(index(offset), lineAt(text, offset));
    }),
  );
});
