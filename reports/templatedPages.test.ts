/**
 * Templated pages: a page with `each: NAME` becomes one page per row of its
 * cell NAME, with the row bound as SQL parameters (never spliced), in its text
 * as `page`, in its title, under a safe unique file name, listed for links.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../store/db.ts';
import { buildReports } from './build.ts';
import { PageBuildError } from './errors.ts';
import { valuesSlug } from './templatedPages.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';

let db: Db;
let tmp: string;
before(async () => {
  db = await fixtureDb();
  // A config name that would break out of a quoted SQL string, a path, or a file name if spliced.
  await db.run(
    `INSERT INTO rates VALUES ('x''); DROP TABLE rates; --/../../evil', DATE '2025-03-01', 1, 2, 0.5, 0.1, 0.9)`,
  );
  tmp = mkdtempSync(join(tmpdir(), 'rb-templated-'));
});
after(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

function pagesDir(pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmp, 'pages-'));
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
  return dir;
}

const TEMPLATE = `---
title: "Is {{ page.config }} safe?"
description: "Sessions of {{ page.config }}."
each: configs
---

\`\`\`sql configs hidden
SELECT DISTINCT config FROM rates ORDER BY config
\`\`\`

\`\`\`sql sessions hidden
SELECT session, k, n FROM rates WHERE config = $config ORDER BY session
\`\`\`

**{{ page.config }}**: {{ sessions.k }} of {{ sessions.n }}.
{{#each sessions}}
- {{ session | date }}
{{/each}}
`;

const INDEX = `---
title: Home
---

{{#each pages_config}}
- [{{ title }}]({{ slug }}.md)
{{/each}}
`;

describe('templated pages', () => {
  test('valuesSlug keeps letters, digits and single dots, and cannot climb out of the folder', () => {
    assert.equal(valuesSlug(['native', '2.9.1']), 'native-2.9.1');
    assert.equal(valuesSlug(['v2.4_nr', null]), 'v2.4-nr-none');
    assert.equal(valuesSlug(['../../etc/passwd']), 'etc-passwd');
    assert.equal(valuesSlug(['Crème Brûlée']), 'creme-brulee');
    assert.equal(valuesSlug(['...']), 'x');
    assert.equal(valuesSlug(['a'.repeat(100)]).length, 40);
  });

  test('one page per row, each with its own rows by a bound parameter, listed for links', async () => {
    const out = join(tmp, 'site');
    const result = await buildReports({
      db,
      pagesDirs: [pagesDir({ 'config.md': TEMPLATE, 'index.md': INDEX })],
      outDir: out,
      formats: ['md'],
    });
    assert.deepEqual(result.pages, [
      'config-native',
      'config-v2.3',
      'config-x-drop-table-rates-evil',
      'index',
    ]);
    const files = readdirSync(out);
    assert.ok(!files.includes('config.md'), 'the template itself is not a page');
    const native = readFileSync(join(out, 'config-native.md'), 'utf8');
    assert.match(native, /^# Is native safe\?/m);
    assert.match(native, /\*\*native\*\*: 18 of 20\./);
    assert.match(native, /- 2025-01-10\n- 2025-02-14/);
    const v23 = readFileSync(join(out, 'config-v2.3.md'), 'utf8');
    assert.match(v23, /\*\*v2\.3\*\*: 20 of 20\./);
    // The hostile value is a bound parameter: it finds its own row and drops nothing.
    const evil = readFileSync(join(out, 'config-x-drop-table-rates-evil.md'), 'utf8');
    assert.match(evil, /: 1 of 2\./);
    assert.equal((await db.all('SELECT count(*)::INT AS n FROM rates'))[0].n, 5);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    assert.match(index, /\[Is native safe\?\]\(config-native\.md\)/);
    assert.match(index, /\(config-x-drop-table-rates-evil\.md\)/);
    // Generated pages stay out of the navigation.
    assert.doesNotMatch(index.split('\n# ')[0] ?? '', /config-v2\.3/);
  });

  test('a slug taken by another page gets a number; errors name the template line once', async () => {
    const out = join(tmp, 'site2');
    const result = await buildReports({
      db,
      pagesDirs: [pagesDir({ 'config.md': TEMPLATE, 'config-native.md': '# mine\n' })],
      outDir: out,
      formats: ['md'],
    });
    assert.ok(result.pages.includes('config-native-2'), result.pages.join());
    try {
      await buildReports({
        db,
        pagesDirs: [pagesDir({ 'config.md': TEMPLATE.replace('$config', '$nope') })],
        outDir: join(tmp, 'site3'),
      });
      assert.fail('expected errors');
    } catch (err) {
      assert.ok(err instanceof PageBuildError, String(err));
      const bad = err.errors.filter((e) =>
        /no parameter \$nope: the parameters are \$config/.test(e.message),
      );
      assert.equal(bad.length, 1, err.message);
      assert.equal(bad[0].line, 11);
    }
  });

  test('a page without each has no parameters, and each must name a cell', async () => {
    try {
      await buildReports({
        db,
        pagesDirs: [
          pagesDir({
            'plain.md': '```sql q\nSELECT * FROM rates WHERE config = $config\n```\n',
            'bad.md': '---\neach: missing\n---\n\nhi\n',
          }),
        ],
        outDir: join(tmp, 'site4'),
      });
      assert.fail('expected errors');
    } catch (err) {
      assert.ok(err instanceof PageBuildError, String(err));
      assert.match(
        err.message,
        /plain\.md:1: SQL error in `q`: no parameter \$config: this query has no parameters/,
      );
      assert.match(err.message, /bad\.md:2: front matter: each: `missing` names no SQL cell of this page/);
    }
  });
});
