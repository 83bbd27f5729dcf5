import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Db } from '../store/db.ts';
import { buildReports } from './build.ts';
import { PageBuildError, type PageError } from './errors.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';

const DEMO = join(import.meta.dirname, 'testdata', 'pages');
let db: Db;
let tmp: string;
before(async () => {
  db = await fixtureDb();
  tmp = mkdtempSync(join(tmpdir(), 'rb-build-'));
});
after(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes pages (name → lines) into a fresh folder. */
function pagesDir(pages: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmp, 'pages-'));
  for (const [name, lines] of Object.entries(pages)) writeFileSync(join(dir, name), lines.join('\n'));
  return dir;
}

/** HTML without the `<bdi>` around each value. */
const noBdi = (html: string) => html.replace(/<\/?bdi>/g, '');

/** 1-based line of the first line containing `marker`. */
const lineOf = (lines: string[], marker: string) => {
  const i = lines.findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `marker ${marker}`);
  return i + 1;
};

async function buildErrors(dir: string): Promise<{ errors: PageError[]; out: string }> {
  const out = join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  try {
    await buildReports({ db, pagesDirs: [dir], outDir: out });
  } catch (err) {
    assert.ok(err instanceof PageBuildError, String(err));
    return { errors: err.errors, out };
  }
  assert.fail('expected a PageBuildError');
}

function expectError(errors: PageError[], file: string, line: number, pattern: RegExp): void {
  const hit = errors.find((e) => e.file.endsWith(file) && e.line === line && pattern.test(e.message));
  assert.ok(
    hit,
    `no error ${file}:${line} ${pattern}\ngot:\n${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n')}`,
  );
}

describe('builder errors: every one with page and line, nothing rendered', () => {
  const charts = [
    '---',
    'title: Charts',
    '---',
    '```sql pts',
    'SELECT config, threads, throughput FROM scaling',
    '```',
    '```chart unknown-result',
    'data: nope',
    'marks:',
    '  - {type: dot, x: threads, y: throughput}',
    '```',
    '```chart unknown-column',
    'data: pts',
    'marks:',
    '  - {type: line, x: threads, y: throughput}',
    '  - {type: dot, x: thread, y: throughput}  # typo',
    '```',
    '```chart mark-data',
    'marks:',
    '  - {type: ruleY, data: ghost, y: v}  # ghost',
    '```',
    '```chart bad-type',
    'data: pts',
    'marks:',
    '  - {type: pie, x: threads}',
    '```',
    '```chart bad-key',
    'data: pts',
    'marks:',
    '  - type: dot',
    '    x: threads',
    '    onclick: alert',
    '```',
    '```chart yaml',
    'data: pts',
    'marks: [ {type: dot',
    '```',
    '```chart empty-zero',
    'data: empty',
    'marks:',
    '  - {type: dot, x: a, y: zz}  # zero rows',
    '```',
    '```sql empty',
    'SELECT 1 AS a, 2 AS b WHERE false',
    '```',
  ];
  const values = [
    '---',
    'title: Values',
    '---',
    '```sql top hidden',
    'SELECT config, throughput FROM scaling LIMIT 1',
    '```',
    'Unknown result {{ nothing.config }} here.',
    'Unknown column {{ top.confg }} here.',
    'Unknown formatter {{ top.throughput | percent }}.',
    'Bad argument {{ top.throughput | fixed:x }}.',
    'No source columns {{ top.config | source }}.',
    'Bare outside loop {{ config }}.',
    'Malformed {{ top.config | }}.',
    'Unclosed {{ top.config here',
    '{{#each top}}',
    '- {{ confog }}',
    '{{/each}}',
    '{{#each ghosts}}',
    '{{/each}}',
    '{{/if}}',
    '{{#if top.nope}}x{{/if}}',
    '{{#each top}}',
    'never closed',
  ];
  const sql = [
    '---',
    'title: SQL',
    '---',
    '```sql broken',
    'SELECT config,',
    '  FROM nowhere_table',
    '```',
    '```sql',
    'SELECT 1',
    '```',
    '```sql twice',
    'SELECT 1 AS x',
    '```',
    '```sql twice',
    'SELECT 2 AS x',
    '```',
    '```sql opts hiden',
    'SELECT 1 AS y',
    '```',
    '```sql chained',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: page SQL, not a JS template
    'SELECT * FROM ${missing_cell}',
    '```',
    'Value from a failed query: {{ broken.config }} (not reported twice)',
    '```sql open',
    'SELECT 1',
  ];
  const badFront = ['---', 'title: [unclosed', '---', 'Body'];
  const wrongType = ['---', 'title: Ok', 'order: first', '---', 'Body'];
  const unclosedFront = ['---', 'title: x', 'Body without end'];
  const render = [
    '---',
    'title: Render',
    '---',
    '```sql p',
    'SELECT 1 AS a, 2 AS b',
    '```',
    '```chart scheme',
    'data: p',
    'color: {scheme: nosuchscheme}',
    'marks:',
    '  - {type: dot, x: a, y: b, fill: a}',
    '```',
  ];

  test('charts: unknown result, unknown column (even with zero rows), bad spec', async () => {
    const { errors, out } = await buildErrors(pagesDir({ 'charts.md': charts }));
    expectError(errors, 'charts.md', lineOf(charts, 'data: nope'), /unknown result `nope`/);
    expectError(
      errors,
      'charts.md',
      lineOf(charts, '# typo'),
      /mark 2 \(dot\): x: unknown column `thread` in `pts`/,
    );
    expectError(errors, 'charts.md', lineOf(charts, '# ghost'), /unknown result `ghost`/);
    expectError(errors, 'charts.md', lineOf(charts, 'type: pie'), /marks\.0\.type/);
    expectError(errors, 'charts.md', lineOf(charts, 'onclick'), /Unrecognized key.*onclick/);
    expectError(errors, 'charts.md', lineOf(charts, 'marks: [ {type: dot'), /chart `yaml`: YAML/);
    expectError(
      errors,
      'charts.md',
      lineOf(charts, '# zero rows'),
      /unknown column `zz` in `empty` \(columns: a, b\)/,
    );
    assert.equal(existsSync(out), false, 'nothing written');
  });

  test('inline values, loops and conditionals', async () => {
    const { errors } = await buildErrors(pagesDir({ 'values.md': values }));
    expectError(errors, 'values.md', lineOf(values, 'Unknown result'), /unknown result `nothing`/);
    expectError(errors, 'values.md', lineOf(values, 'Unknown column'), /unknown column `confg` in `top`/);
    expectError(errors, 'values.md', lineOf(values, 'Unknown formatter'), /unknown formatter "percent"/);
    expectError(errors, 'values.md', lineOf(values, 'Bad argument'), /fixed expects a digit/);
    expectError(errors, 'values.md', lineOf(values, 'No source'), /source needs columns source_path, line/);
    expectError(errors, 'values.md', lineOf(values, 'Bare outside'), /not inside \{\{#each\}\}/);
    expectError(errors, 'values.md', lineOf(values, 'Malformed'), /malformed value/);
    expectError(errors, 'values.md', lineOf(values, 'Unclosed {{'), /not closed by "\}\}"/);
    expectError(errors, 'values.md', lineOf(values, '{{/if}}'), /without an open \{\{#if\}\}/);
    expectError(
      errors,
      'values.md',
      values.lastIndexOf('{{#each top}}') + 1,
      /\{\{#each\}\} opened here is not closed/,
    );
    expectError(errors, 'values.md', lineOf(values, '- {{ confog }}'), /unknown column `confog` in `top`/);
    expectError(errors, 'values.md', lineOf(values, '{{#each ghosts}}'), /unknown result `ghosts`/);
    expectError(errors, 'values.md', lineOf(values, '{{#if top.nope}}'), /unknown column `nope`/);
  });

  test('SQL errors at the failing line, cell names and options', async () => {
    const { errors } = await buildErrors(pagesDir({ 'sql.md': sql }));
    expectError(errors, 'sql.md', lineOf(sql, 'FROM nowhere_table'), /SQL error in `broken`:.*nowhere_table/);
    expectError(errors, 'sql.md', lineOf(sql, '```sql') + 4, /SQL cell needs a name/);
    expectError(errors, 'sql.md', sql.lastIndexOf('```sql twice') + 1, /duplicate SQL cell name `twice`/);
    expectError(errors, 'sql.md', lineOf(sql, 'opts hiden'), /unknown SQL cell option "hiden"/);
    expectError(
      errors,
      'sql.md',
      lineOf(sql, '```sql chained'),
      /\$\{missing_cell\} names no earlier SQL cell/,
    );
    expectError(errors, 'sql.md', lineOf(sql, '```sql open'), /code fence opened here is not closed/);
    assert.equal(
      errors.filter((e) => e.message.includes('broken')).length,
      1,
      'a failed query is reported once',
    );
  });

  test('front matter: YAML syntax, wrong type, unclosed', async () => {
    const { errors } = await buildErrors(
      pagesDir({ 'a.md': badFront, 'b.md': wrongType, 'c.md': unclosedFront }),
    );
    expectError(errors, 'a.md', 2, /front matter:/);
    expectError(errors, 'b.md', 3, /front matter: order:.*number/);
    expectError(errors, 'c.md', 1, /front matter opened with --- is not closed/);
  });

  test('a chart Plot rejects while rendering is still an error before anything is written', async () => {
    const { errors, out } = await buildErrors(pagesDir({ 'render.md': render, 'fine.md': ['# fine'] }));
    expectError(errors, 'render.md', lineOf(render, '```chart scheme'), /chart `scheme`:.*scheme/i);
    assert.equal(
      errors.filter((e) => e.file.endsWith('render.md')).length,
      1,
      'reported once, not once per format',
    );
    assert.equal(existsSync(out), false);
  });

  test('every error of every page at once, sorted, in the message', async () => {
    const dir = pagesDir({ 'charts.md': charts, 'sql.md': sql, 'b.md': wrongType });
    const { errors } = await buildErrors(dir);
    const files = new Set(errors.map((e) => e.file.split('/').pop()));
    assert.deepEqual([...files].sort(), ['b.md', 'charts.md', 'sql.md']);
    try {
      await buildReports({ db, pagesDirs: [dir], outDir: join(tmp, 'x') });
    } catch (err) {
      assert.match((err as Error).message, /b\.md:3: front matter/);
      assert.match((err as Error).message, /charts\.md:8: chart `unknown-result`/);
    }
  });
});

describe('building the demo pages', () => {
  test('escapes data in HTML and Markdown: <script> and javascript: links are inert', async () => {
    const out = join(tmp, 'escape');
    await buildReports({ db, pagesDirs: [DEMO], outDir: out });
    const html = readFileSync(join(out, 'evidence.html'), 'utf8');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.match(html, /&#x3C;script>alert\(1\)&#x3C;\/script> and \[x\]\(javascript:alert\(1\)\)/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;/);
    assert.doesNotMatch(html, /(?:src|href)="(?:https?:)?\/\//, 'no external reference');
    const md = readFileSync(join(out, 'evidence.md'), 'utf8');
    assert.match(md, /\\<script>alert\(1\)\\<\/script>/);
    assert.match(md, /The dylib is necessary \\\| 20\/20/);
    // Parse the Markdown as GitHub would: no HTML node, no javascript: link.
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
    const kinds: string[] = [];
    const urls: string[] = [];
    const walk = (n: { type: string; url?: string; children?: unknown[] }) => {
      kinds.push(n.type);
      if (n.url) urls.push(n.url);
      for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
    };
    walk(tree as never);
    assert.equal(kinds.includes('html'), false);
    assert.equal(
      urls.some((u) => /^javascript:/i.test(u)),
      false,
    );
  });

  test('renders values, loops, tables, footnotes and charts', async () => {
    const out = join(tmp, 'content');
    const result = await buildReports({ db, pagesDirs: [DEMO], outDir: out });
    assert.deepEqual(result.pages, ['evidence', 'scaling']);
    assert.deepEqual(readdirSync(out).sort(), [
      '.roundbook-site.json',
      'evidence-rate-by-session.svg',
      'evidence.html',
      'evidence.md',
      'index.html',
      'index.md',
      'scaling-throughput.svg',
      'scaling.html',
      'scaling.md',
    ]);
    const withBdi = readFileSync(join(out, 'scaling.html'), 'utf8');
    // Every value is isolated in a <bdi>; the other checks read the page without them.
    assert.match(
      withBdi,
      /Throughput at 8 threads for <strong><bdi>native<\/bdi><\/strong>: <bdi>330\.8<\/bdi> ops\/s/,
    );
    const scaling = noBdi(withBdi);
    assert.match(scaling, /Throughput at 8 threads for <strong>native<\/strong>: 330\.8 ops\/s/);
    assert.match(scaling, /<figure class="chart" id="chart-throughput"><svg class="rb-plot"/);
    assert.doesNotMatch(scaling, /id="result-points"/, 'a result a chart uses is not shown as a table');
    assert.doesNotMatch(scaling, /id="result-top"/, 'hidden');
    assert.match(scaling, /id="result-everything".*<td class="num">290<\/td>/s);
    const evidence = noBdi(readFileSync(join(out, 'evidence.html'), 'utf8'));
    assert.match(evidence, /<strong>native<\/strong> on 2025-01-10: 18\/20 = 90\.0% \(69\.9%–97\.2%\)/);
    assert.match(evidence, /<a href="#src-1" title="reports\/a\.md:12">\[1\]<\/a>/);
    assert.match(evidence, /<li id="src-2"><code>reports\/&#x3C;b>evil&#x3C;\/b>\.md:3<\/code><\/li>/);
    assert.match(evidence, /supported by its data: <strong>no<\/strong>/);
    assert.match(evidence, /<a href="scaling\.html">Scaling demo<\/a>/);
    const md = readFileSync(join(out, 'scaling.md'), 'utf8');
    assert.match(md, /!\[Throughput by threads\]\(scaling-throughput\.svg\)/);
    assert.match(md, /\| config \| threads \| throughput \|\n\| :----- \| ------: \| ---------: \|/);
    const svg = readFileSync(join(out, 'scaling-throughput.svg'), 'utf8');
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /prefers-color-scheme: dark/);
    const index = noBdi(readFileSync(join(out, 'index.html'), 'utf8'));
    assert.match(index, /<a href="evidence\.html">Evidence demo<\/a>: Pass rates with intervals/);
  });

  test('deterministic: a second build writes nothing and keeps mtimes; bytes match a fresh build', async () => {
    const a = join(tmp, 'det-a');
    const b = join(tmp, 'det-b');
    const first = await buildReports({ db, pagesDirs: [DEMO], outDir: a });
    assert.ok(first.files.every((f) => f.status === 'written'));
    const mtimes = first.files.map((f) => statSync(f.path).mtimeMs);
    const second = await buildReports({ db, pagesDirs: [DEMO], outDir: a });
    assert.ok(
      second.files.every((f) => f.status === 'unchanged'),
      JSON.stringify(second.files),
    );
    assert.deepEqual(
      second.files.map((f) => statSync(f.path).mtimeMs),
      mtimes,
    );
    await buildReports({ db, pagesDirs: [DEMO], outDir: b });
    for (const name of readdirSync(a))
      assert.ok(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name);
  });

  test('a user page overrides a built-in page of the same file name; formats can be chosen', async () => {
    const user = pagesDir({
      'scaling.md': [
        '---',
        'title: My scaling',
        '---',
        'Mine: {{ n.c }}',
        '```sql n hidden',
        'SELECT count(*) AS c FROM scaling',
        '```',
      ],
    });
    const out = join(tmp, 'override');
    const result = await buildReports({ db, pagesDirs: [DEMO, user], outDir: out, formats: ['html'] });
    assert.equal(result.overrides.length, 1);
    assert.equal(result.overrides[0].name, 'scaling.md');
    const html = noBdi(readFileSync(join(out, 'scaling.html'), 'utf8'));
    assert.match(html, /<h1>My scaling<\/h1>/);
    assert.match(html, /Mine: 8/);
    assert.equal(existsSync(join(out, 'scaling.md')), false);
  });

  test('without a page named index the default index page lists the pages in the navigation; an index.md replaces it', async () => {
    const dir = pagesDir({
      'a.md': ['---', 'title: Alpha | <b>', 'description: First *page*', 'order: 2', '---', 'A'],
      'b.md': ['---', 'order: 1', '---', 'B'],
      'hidden.md': ['---', 'nav: false', 'description: not listed', '---', 'H'],
    });
    const out = join(tmp, 'default-index');
    const result = await buildReports({ db, pagesDirs: [dir], outDir: out });
    assert.deepEqual(result.pages, ['b', 'a', 'hidden'], 'the index is not one of the pages');
    assert.equal(result.files.at(-1)?.path, join(out, 'index.md'), 'written last');
    assert.equal(
      readFileSync(join(out, 'index.md'), 'utf8'),
      '[b](b.md) · [Alpha | \\<b>](a.md)\n\n# Reports\n\n*Every page of this report.*\n\n' +
        '- [b](b.md)\n- [Alpha | \\<b>](a.md): First \\*page\\*\n',
    );
    const html = noBdi(readFileSync(join(out, 'index.html'), 'utf8'));
    assert.match(
      html,
      /<li><a href="b\.html">b<\/a><\/li>\s*<li><a href="a\.html">Alpha \| &#x3C;b><\/a>: First \*page\*<\/li>/,
    );
    assert.match(html, /<footer>Built by roundbook from index\.md<\/footer>/);
    assert.doesNotMatch(
      readFileSync(join(out, 'a.html'), 'utf8'),
      /href="index\.html"/,
      'not in the navigation',
    );

    const own = pagesDir({ 'index.md': ['---', 'title: Mine', '---', 'My own index.'], 'b.md': ['B'] });
    const mine = join(tmp, 'own-index');
    const built = await buildReports({ db, pagesDirs: [own], outDir: mine, formats: ['md'] });
    assert.deepEqual(built.pages, ['b', 'index']);
    assert.match(
      readFileSync(join(mine, 'index.md'), 'utf8'),
      /^\[b\]\(b\.md\) · \*\*Mine\*\*\n\n# Mine\n\nMy own index\.\n$/,
    );
  });

  test('queries cannot change the database', async () => {
    const dir = pagesDir({
      'w.md': ['```sql w hidden', 'DELETE FROM scaling RETURNING *', '```', 'Deleted {{ w.config }}'],
    });
    await buildReports({ db, pagesDirs: [dir], outDir: join(tmp, 'w') });
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM scaling');
    assert.equal(n, 8);
  });

  test('a page cannot end the transaction its query runs in: one statement per cell, no COMMIT', async () => {
    const lines = [
      '```sql commit',
      'COMMIT; DELETE FROM scaling',
      '```',
      '```sql two',
      'SELECT 1 AS a; DELETE FROM rates',
      '```',
      '```sql rollback',
      'ROLLBACK',
      '```',
      '```sql fine',
      'SELECT count(*) AS n FROM scaling;',
      '```',
    ];
    const { errors } = await buildErrors(pagesDir({ 'tx.md': lines }));
    expectError(errors, 'tx.md', 1, /SQL cell `commit` holds 2 statements: a cell runs one/);
    expectError(errors, 'tx.md', 4, /SQL cell `two` holds 2 statements: a cell runs one/);
    expectError(errors, 'tx.md', 7, /SQL cell `rollback`: a page cannot end or start a transaction/);
    assert.equal(errors.length, 3, errors.map((e) => e.message).join('\n'));
    const [{ s, r }] = await db.all<{ s: number; r: number }>(
      'SELECT (SELECT count(*) FROM scaling) AS s, (SELECT count(*) FROM rates) AS r',
    );
    assert.deepEqual([s, r], [8, 4]);
  });

  test('queries cannot reach the filesystem: COPY TO and read_text fail at their page line', async () => {
    const target = join(tmp, 'copied.csv');
    const lines = [
      '```sql host',
      "SELECT content FROM read_text('/etc/hostname')",
      '```',
      '```sql copy',
      `COPY (SELECT 42 AS x) TO '${target}'`,
      '```',
      '```sql files hidden',
      "SELECT * FROM glob('/etc/*')",
      '```',
      '```sql attach',
      `ATTACH '${join(tmp, 'other.duckdb')}' AS other`,
      '```',
    ];
    const { errors } = await buildErrors(pagesDir({ 'fs.md': lines }));
    const noFiles = /pages read only the database \(no file or network access\)/;
    // At the SQL line when DuckDB names one, else at the cell.
    expectError(errors, 'fs.md', lineOf(lines, 'read_text'), noFiles);
    expectError(errors, 'fs.md', lineOf(lines, 'sql copy'), noFiles);
    expectError(errors, 'fs.md', lineOf(lines, 'glob'), noFiles);
    expectError(errors, 'fs.md', lineOf(lines, 'sql attach'), noFiles);
    assert.equal(errors.length, 4);
    assert.equal(existsSync(target), false, 'COPY wrote a file');
    assert.equal(existsSync(join(tmp, 'other.duckdb')), false, 'ATTACH made a database');
    // Nor can a page turn access back on or change any other setting.
    const again = ['```sql on', 'SET enable_external_access = true', '```'];
    const second = await buildErrors(pagesDir({ 'on.md': again }));
    expectError(second.errors, 'on.md', 1, /configuration has been locked/);
  });

  test('a huge cell feeds others in full as SQL; the page keeps its first rows and says there were more', async () => {
    const dir = pagesDir({
      'big.md': [
        '```sql big hidden',
        'SELECT i, i % 7 AS k FROM range(250000) t(i) ORDER BY i',
        '```',
        '```sql total hidden',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: page SQL, not a JS template
        'SELECT count(*) AS n, sum(i) AS s FROM ${big}',
        '```',
        'All {{ total.n | int }} rows, sum {{ total.s | int }}; first {{ big.i }}.',
        '```sql big_table',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: page SQL, not a JS template
        'SELECT * FROM ${big}',
        '```',
      ],
    });
    const out = join(tmp, 'big');
    await buildReports({ db, pagesDirs: [dir], outDir: out, formats: ['md'] });
    const md = readFileSync(join(out, 'big.md'), 'utf8');
    assert.match(md, /All 250,?000 rows, sum 31,?249,?875,?000; first 0\./);
    assert.match(md, /99,?500\+ more rows not shown\./);
    // The connection is usable after a cut-off stream, and nothing was written.
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM scaling');
    assert.equal(n, 8);
  });
});
