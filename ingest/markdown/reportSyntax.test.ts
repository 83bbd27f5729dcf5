import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { reportSyntax } from './reportSyntax.ts';
import { walk } from './walk.ts';

const gfm = unified().use(remarkParse).use(remarkGfm);
const ours = unified().use(remarkParse).use(reportSyntax);
/** Walked blocks, with adjacent segments of the same weight merged (a bare URL is one text node or several). */
const blocksOf = (p: typeof gfm, md: string) =>
  walk(p.parse(md)).map((b) =>
    'segments' in b
      ? {
          ...b,
          segments: b.segments.reduce<{ text: string; strong: boolean }[]>((out, s) => {
            const last = out.at(-1);
            if (last && last.strong === s.strong) out[out.length - 1] = { ...last, text: last.text + s.text };
            else out.push({ ...s });
            return out;
          }, []),
        }
      : b,
  );

const REPORT = `# Verification Report N=1760

**Result**: 17/20 passed (85%)[^1] ~~18/20~~ — see https://github.com/x/y/pull/17/20 and www.example.com/5/5

| Round | Result | Efficiency |
|------:|--------|-----------:|
| 1740 | PASS | 19.8% |
| 1741 | ~~FAIL~~ PASS | https://ci.example/run/3 |

- [x] native 3/5
- [ ] v2.3 20/20, mail admin@example.com

[^1]: Footnote with 9/10 rounds
    continued on an indented line.
`;

test('report syntax reads a report as full GFM does: tables, strikethrough, task lists, footnotes, bare URLs', () => {
  const theirs = blocksOf(gfm, REPORT);
  assert.ok(theirs.some((b) => b.kind === 'table'));
  assert.deepEqual(blocksOf(ours, REPORT), theirs);
});

test('property: report syntax and full GFM walk to the same blocks (words separated by white space)', () => {
  const piece = fc.constantFrom(
    'https://x.org/a_b_c/17/20',
    'www.a.com',
    'a@b.co',
    '17/20',
    '**8 threads**',
    '~~x~~',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '- [x] done',
    '[^n]',
    '[^n]: note 3/5',
    '`code`',
    '> quote',
    '\n',
    ' ',
    '_',
    '*',
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(piece, fc.constantFrom(' ', '\n', '\n\n')), { maxLength: 30 }), (parts) => {
      const md = parts.flat().join('');
      assert.deepEqual(blocksOf(ours, md), blocksOf(gfm, md));
    }),
    { numRuns: 500 },
  );
});
