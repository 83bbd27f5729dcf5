/**
 * Property tests: parseReport never throws and no extractor fails (arbitrary
 * strings, Markdown-ish strings, mutated real reports: lines deleted,
 * duplicated, swapped), and it is deterministic. Real reports come from ../shared when present.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseReport } from './parseReport.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reports = resolve(repo, '../shared/corpus/reports/archive');
const realFiles = [
  '../shared/seeds/000_8cc71363f5458171.txt',
  '../shared/seeds/002_3bd18bb1d3b0e275.txt',
  `${reports}/verification_rounds_remaining/verification_round_1640-1659_2025-12-23-10-01.md`,
  `${reports}/verification_rounds_remaining/verification_rounds_2161_2185_2025-12-23.md`,
  `${reports}/verification_rounds_remaining/verification_cycle_197-199_2025-12-23-09-30.md`,
].map((p) => resolve(repo, p));
const examples = ['verification_rounds_4100-4119_N5012_2026-01-14.md', 'malicious_N5050_2026-01-18.md'].map(
  (n) => resolve(repo, 'data/examples/reports', n),
);

function total(text: string, path = 'p.md'): void {
  const r = parseReport(text, path);
  assert.ok(r && typeof r.report === 'object' && Array.isArray(r.problems));
  for (const row of r.rounds) assert.ok(Number.isInteger(row.line) && row.line >= 1);
  // parseReport records a throwing extractor instead of throwing; the extractors themselves must not throw either.
  assert.deepEqual(
    r.problems.filter((p) => /extractor failed|parser failed/.test(p.message)),
    [],
  );
}

const mdAtom = fc.constantFrom(
  '# ',
  '## ',
  '### ',
  '| ',
  ' |',
  '|---|---|',
  '\n',
  '\n\n',
  '**',
  '`',
  '```',
  '- ',
  '1. ',
  '> ',
  'Pass Rate: ',
  '17/20',
  '(85.0%)',
  'v2.3 dylib',
  'native PyTorch',
  'Round',
  'Status',
  'PASS',
  'FAIL',
  '3 (exhausted)',
  '14.7%',
  'Rounds 1760-1779',
  '(no wrapper retry)',
  '**Worker**: N=',
  '2941',
  '<script>',
  '\\|',
  '\uFFFD',
  '\u0000',
  '🚀',
  '~',
  '±',
  ':',
);

test('never throws on arbitrary strings', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 40 }), (s, p) => total(s, p)),
    { numRuns: 300, seed: 42 },
  );
});

test('never throws on Markdown-like noise', () => {
  fc.assert(
    fc.property(fc.array(mdAtom, { maxLength: 120 }), (atoms) => total(atoms.join(''))),
    { numRuns: 300, seed: 7 },
  );
});

test('never throws on deeply nested or oversized input', () => {
  const deep = parseReport(`# t\n\n${'>'.repeat(5000)} x\n${'- '.repeat(2000)}x\n`, 'deep.md');
  assert.match(deep.problems[0].message, /nesting too deep/);
  total(`| a |\n|---|\n${'| 1 |\n'.repeat(1000)}`);
  const big = parseReport('x'.repeat(4_000_001), 'big.md');
  assert.match(big.problems[0].message, /too large/);
});

const sources = [...realFiles, ...examples].filter((f) => existsSync(f));
const shared = existsSync(realFiles[0])
  ? false
  : '../shared is absent: mutation test runs on the example reports only';

test('never throws on mutated reports (lines deleted, duplicated, swapped)', {
  skip: sources.length ? false : 'no reports',
}, (t) => {
  if (shared) t.diagnostic(shared);
  const texts = sources.map((f) => readFileSync(f, 'utf8').split('\n'));
  const mutation = fc.record({
    file: fc.nat({ max: texts.length - 1 }),
    ops: fc.array(
      fc.record({ kind: fc.constantFrom('delete', 'duplicate', 'swap'), a: fc.nat(), b: fc.nat() }),
      { maxLength: 8 },
    ),
  });
  fc.assert(
    fc.property(mutation, ({ file, ops }) => {
      const lines = [...texts[file]];
      for (const op of ops) {
        if (lines.length === 0) break;
        const a = op.a % lines.length;
        const b = op.b % lines.length;
        if (op.kind === 'delete') lines.splice(a, 1);
        else if (op.kind === 'duplicate') lines.splice(a, 0, lines[a]);
        else [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      total(lines.join('\n'), 'archive/verification_rounds_remaining/x.md');
    }),
    { numRuns: 30, seed: 3 },
  );
});

test('deterministic: the same input gives the same output', () => {
  const inputs = sources.map((f) => readFileSync(f, 'utf8'));
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...(inputs.length ? inputs : ['# x']))),
      (s) => {
        assert.deepEqual(parseReport(s, 'd.md'), parseReport(s, 'd.md'));
      },
    ),
    { numRuns: 15, seed: 11 },
  );
});

test('a paragraph of thousands of emphasis markers is read as plain text, its lines named', () => {
  // micromark resolves emphasis in time quadratic in the markers of one paragraph: 34 KB of them took 10 s.
  const noise = `# T\n\n**Date**: 2025-12-22\n\nfirst\n${'*a* _b_ '.repeat(1500)}\n- * item\n\n${'***\n'}`;
  const r = parseReport(noise, 'noise.md');
  const p = r.problems.find((x) => /emphasis markers/.test(x.message));
  assert.deepEqual(p, {
    line: 6,
    message: '6000 emphasis markers (* and _) in one paragraph: read as plain text on line 6',
  });
  assert.equal(r.report.report_date, '2025-12-22', 'the bold key of another paragraph is still bold');
  // A paragraph under the bound is untouched.
  const calm = parseReport(`# T\n\n${'**x** '.repeat(100)}\n`, 'calm.md');
  assert.ok(!calm.problems.some((x) => /emphasis markers/.test(x.message)));
});
