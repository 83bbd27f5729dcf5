import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { balanceBidi, isolateText, needsIsolation } from './bidiIsolation.ts';
import { compilePage } from './compilePage.ts';
import { parsePage } from './page/parsePage.ts';
import { RENDERERS } from './renderers.ts';

const RLO = '\u202E';
const LRE = '\u202A';
const PDF = '\u202C';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

describe('balanceBidi', () => {
  test('closes what the value opens, innermost first', () => {
    assert.equal(balanceBidi(`${RLO}abc`), `${RLO}abc${PDF}`);
    assert.equal(balanceBidi(`${RLI}a${RLO}b`), `${RLI}a${RLO}b${PDF}${PDI}`);
  });
  test('drops a closer with nothing of its kind open (a stray PDI would close the isolate around the value)', () => {
    assert.equal(balanceBidi(`${PDI}${RLO}abc`), `${RLO}abc${PDF}`);
    assert.equal(balanceBidi(`a${PDF}b`), 'ab');
    // A PDF cannot close an isolate; a PDI closes its isolate and the embeddings inside it.
    assert.equal(balanceBidi(`${RLI}a${PDF}b${PDI}`), `${RLI}ab${PDI}`);
    assert.equal(balanceBidi(`${RLI}${LRE}a${PDI}b`), `${RLI}${LRE}a${PDI}b`);
  });
  test('leaves balanced text and text without controls exactly as it is', () => {
    for (const s of ['', 'plain', 'שלום', `${RLO}abc${PDF}`, `${RLI}x${PDI}`])
      assert.equal(balanceBidi(s), s);
  });
});

describe('isolateText', () => {
  test('left-to-right values gain nothing; right-to-left letters and controls are wrapped in FSI … PDI', () => {
    assert.equal(isolateText('2.9.1 · 8 threads'), '2.9.1 · 8 threads');
    assert.equal(needsIsolation('مرحبا'), true);
    assert.equal(isolateText('שלום'), `${FSI}שלום${PDI}`);
    assert.equal(isolateText(`${PDI}${RLO}Python`), `${FSI}${RLO}Python${PDF}${PDI}`);
  });
});

test('the Markdown twin isolates a hostile value in text, code and table cells; the page text after it stays outside', () => {
  const { page } = parsePage(
    [
      'Process {{ c.process }} captured.',
      '',
      'Code `{{ c.process }}` after.',
      '',
      '```sql c',
      'SELECT 1',
      '```',
    ].join('\n'),
    'pages/p.md',
  );
  const results = new Map([['c', { columns: ['process'], rows: [{ process: `${PDI}${RLO}Python` }] }]]);
  const { compiled, errors } = compilePage(page, results);
  assert.deepEqual(errors, []);
  const md = RENDERERS.md.render(compiled, []).page.text;
  const isolated = `${FSI}${RLO}Python${PDF}${PDI}`;
  assert.ok(md.includes(`Process ${isolated} captured.`), md);
  assert.ok(md.includes(`Code \`${isolated}\` after.`), md);
  assert.ok(md.includes(`| ${isolated} |`), md);
  const html = RENDERERS.html.render(compiled, []).page.text;
  assert.ok(html.includes(`Process <bdi>${RLO}Python${PDF}</bdi> captured.`), 'HTML: balanced, in <bdi>');
});
