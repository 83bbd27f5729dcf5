import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate } from './checkTemplate.ts';
import { expandTemplate } from './expandTemplate.ts';
import { applyFormats } from './formatters.ts';
import { parseTemplate } from './template.ts';

const results = new Map([
  [
    'r',
    {
      columns: ['name', 'rate', 'n', 'source_path', 'line'],
      rows: [
        { name: 'a', rate: 0.1234, n: 12345, source_path: 'x.md', line: 3 },
        { name: 'b', rate: null, n: 0, source_path: 'y.md', line: 9 },
      ],
    },
  ],
  ['none', { columns: ['v'], rows: [] }],
]);

function run(text: string): string {
  const t = parseTemplate(text, 1, 'p.md');
  assert.deepEqual(t.errors, []);
  assert.deepEqual(checkTemplate(t.nodes, results, 'p.md'), []);
  return expandTemplate(t.nodes, results, (v) => (v.source ? `${v.text}[${v.source}]` : v.text));
}

test('values, formatters, loops, conditionals, whole-line tags', () => {
  assert.equal(
    run('{{ r.name }} {{ r.rate | pct }} {{ r.rate|pct:2 }} {{ r.n | int }}'),
    'a 12.3% 12.34% 12,345',
  );
  assert.equal(
    run('{{#each r}}\n- {{ name }}: {{ rate | fixed:1 | default:n/a }}\n{{/each}}\n'),
    '- a: 0.1\n- b: n/a\n',
  );
  assert.equal(run('{{#each none}}x{{else}}no rows{{/each}}'), 'no rows');
  assert.equal(run('{{#each r}}{{#if n}}{{ name }}{{else}}zero{{/if}};{{/each}}'), 'a;zero;');
  assert.equal(run('{{#if none}}yes{{else}}empty{{/if}} {{ none.v }}'), 'empty —');
  assert.equal(run('{{#each r}}{{ name | source }} {{/each}}'), 'a[x.md:3] b[y.md:9] ');
  assert.equal(run('{{ r.source_path | source }}'), '[x.md:3]');
});

test('formatters', () => {
  assert.equal(applyFormats(0.5, [{ name: 'pct', arg: '0' }]), '50%');
  assert.equal(applyFormats(-1234567.6, [{ name: 'int' }]), '-1,234,568');
  assert.equal(applyFormats('2025-03-04T05:06:07.000Z', [{ name: 'date' }]), '2025-03-04');
  assert.equal(applyFormats('2025-03-04T05:06:07.000Z', [{ name: 'datetime' }]), '2025-03-04 05:06');
  assert.equal(applyFormats(0.000123456, [{ name: 'sig', arg: '2' }]), '0.00012');
  assert.equal(applyFormats(null, [{ name: 'pct' }]), '—');
  assert.equal(applyFormats('text', [{ name: 'fixed' }]), 'text');
  assert.equal(applyFormats(1, [{ name: 'count', arg: 'runner log' }]), '1 runner log');
  assert.equal(applyFormats(0, [{ name: 'count', arg: 'runner log' }]), '0 runner logs');
  assert.equal(applyFormats(12345, [{ name: 'count', arg: 'file' }]), '12,345 files');
  assert.equal(applyFormats(1, [{ name: 'count', arg: 'crash is/crashes are' }]), '1 crash is');
  assert.equal(applyFormats(2, [{ name: 'count', arg: 'crash is/crashes are' }]), '2 crashes are');
  assert.equal(applyFormats(null, [{ name: 'count', arg: 'file' }]), '—');
});

test('syntax errors carry their line', () => {
  const t = parseTemplate('a\n{{#each r}}\nb {{ x\n{{/if}}', 10, 'p.md');
  assert.deepEqual(
    t.errors.map((e) => [e.line, e.message.slice(0, 20)]),
    [
      [12, '"{{" is not closed b'],
      [13, '{{/if}} closes the {'],
      [11, '{{#each}} opened her'],
    ],
  );
});
