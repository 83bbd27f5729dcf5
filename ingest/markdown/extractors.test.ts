import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Problem } from '../../store/rawTables.ts';
import { EXTRACTORS, type Extractor, runExtractors } from './extractors.ts';
import { parseReport } from './parseReport.ts';
import { reportSyntax } from './reportSyntax.ts';
import { walk } from './walk.ts';

const report = `# Verification Rounds 1-2

| Round | Status | Retries |
|---|---|---|
| 1 | PASS | 0 |
| 2 | PASS | 1 |

| Round | Efficiency (8T) |
|---|---|
| 1 | 14.2% |

CONFIRMED: 14.7% efficiency at 8 threads
`;
const blocks = () => walk(unified().use(remarkParse).use(reportSyntax).parse(report) as Root);

test('a report has one key per registered table, in registry order, between report and problems', () => {
  const keys = Object.keys(parseReport(report, 'r.md'));
  assert.deepEqual(keys, ['report', ...new Set(EXTRACTORS.map((x) => x.table)), 'problems']);
});

test('an extractor that throws becomes a problem with the line it was reading; the others still run', () => {
  const broken: Extractor = {
    table: 'scaling',
    scope: 'table',
    run: (t) => {
      if (t.header.length === 2) throw new Error('boom');
      return [];
    },
  };
  const whole: Extractor = {
    table: 'claims',
    scope: 'report',
    run: () => {
      throw new Error('bang');
    },
  };
  const problems: Problem[] = [];
  const rows = runExtractors(blocks(), [EXTRACTORS[0], broken, whole], problems);
  assert.deepEqual(problems, [
    { line: 8, message: 'scaling extractor failed on this table: boom' },
    { line: null, message: 'claims extractor failed on this report: bang' },
  ]);
  assert.deepEqual(
    rows.rounds.map((r) => [r.round_no, r.status, r.efficiency_pct]),
    [
      [1, 'pass', 14.2],
      [2, 'pass', null],
    ],
    'the rounds extractor read both tables, the second merged into the first',
  );
  assert.deepEqual([rows.scaling, rows.claims], [[], []]);
});

test('per block, table and block extractors run in registry order; paragraphs after blocks; the report last', () => {
  const seen: string[] = [];
  const spy = (name: string, scope: Extractor['scope']): Extractor =>
    ({
      table: 'metrics',
      scope,
      run: (input: { line?: number }) => {
        seen.push(`${name}@${Array.isArray(input) ? 'all' : input.line}`);
        return [];
      },
    }) as Extractor;
  runExtractors(
    blocks(),
    [spy('report', 'report'), spy('para', 'paragraph'), spy('table', 'table'), spy('block', 'block')],
    [],
  );
  assert.deepEqual(seen, [
    'block@1',
    'table@3',
    'block@3',
    'table@8',
    'block@8',
    'block@12',
    'para@1',
    'para@12',
    'report@all',
  ]);
});
