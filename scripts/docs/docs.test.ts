/**
 * The reference docs are the code's: the committed docs/ files equal what
 * `npm run docs` writes (CI fails on drift), every table and column has a
 * meaning, the JSON Schema accepts the shipped campaign files (and rejects a
 * wrong one), and the page example in reports/README.md builds, verbatim,
 * against the demo data.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { buildReports } from '../../reports/build.ts';
import { columnDoc, TABLE_DOCS } from '../../store/columnDocs.ts';
import { Db } from '../../store/db.ts';
import { campaignJsonSchema } from './campaignDocs.ts';
import { generateDocs } from './generateDocs.ts';
import { DOCUMENTED_RELATIONS } from './tablesMarkdown.ts';
import { validateJsonSchema } from './validateJsonSchema.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'rb-docs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the committed reference docs are what npm run docs writes', () => {
  for (const [path, text] of Object.entries(generateDocs())) {
    let committed = '';
    try {
      committed = readFileSync(join(root, path), 'utf8');
    } catch {
      assert.fail(`${path} is missing: run npm run docs`);
    }
    assert.ok(committed === text, `${path} differs from the code: run npm run docs and commit it`);
  }
});

test('every table, view and column has a meaning', () => {
  const missing: string[] = [];
  for (const { specs } of DOCUMENTED_RELATIONS)
    for (const spec of specs) {
      if (!TABLE_DOCS[spec.name]?.description) missing.push(spec.name);
      for (const column of Object.keys(spec.columns))
        if (!columnDoc(spec.name, column)) missing.push(`${spec.name}.${column}`);
    }
  assert.deepEqual(missing, [], 'add them to store/columnDocs.ts');
});

test('every key of the campaign schema has a description', () => {
  const missing: string[] = [];
  const walk = (s: ReturnType<typeof campaignJsonSchema>, at: string) => {
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      if (!p.description) missing.push(`${at}${k}`);
      walk(p, `${at}${k}.`);
      if (p.items) walk(p.items, `${at}${k}[].`);
      if (typeof p.additionalProperties === 'object') walk(p.additionalProperties, `${at}${k}.<name>.`);
      for (const v of p.anyOf ?? []) walk(v, `${at}${k}.`);
    }
  };
  walk(campaignJsonSchema(), '');
  assert.deepEqual(missing, []);
});

test('the JSON Schema accepts the shipped campaign files and rejects a wrong one', () => {
  const schema = campaignJsonSchema();
  const files = readdirSync(join(root, 'data', 'campaigns')).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 3);
  for (const f of files) {
    const errors = validateJsonSchema(
      schema,
      parse(readFileSync(join(root, 'data', 'campaigns', f), 'utf8')),
    );
    assert.deepEqual(errors, [], f);
  }
  const demo = parse(readFileSync(join(root, 'data', 'campaigns', 'demo.yaml'), 'utf8'));
  assert.deepEqual(validateJsonSchema(schema, { ...demo, rounds: 0, retires: {} }), [
    'rounds: not above 0',
    'retires: unknown key',
  ]);
  assert.deepEqual(validateJsonSchema(schema, { configs: { a: {} } }), ['(root): command is required']);
});

test('the page example of reports/README.md builds, verbatim, against the demo data', async () => {
  const readme = readFileSync(join(root, 'reports', 'README.md'), 'utf8');
  const example = /## Page format\n+````markdown\n([\s\S]*?)\n````\n/.exec(readme)?.[1];
  assert.ok(example, 'reports/README.md has a ````markdown block under "## Page format"');
  const pages = join(dir, 'pages');
  mkdirSync(pages);
  writeFileSync(join(pages, 'example.md'), `${example}\n`);
  const db = await Db.open(join(dir, 'demo.duckdb'));
  try {
    await ingestPaths(db, [join(root, 'data', 'examples')]);
    await analyze(db);
    const site = await buildReports({ db, pagesDirs: [pages], outDir: join(dir, 'site'), formats: ['md'] });
    assert.deepEqual(site.pages, ['example']);
    const md = readFileSync(join(dir, 'site', 'example.md'), 'utf8');
    assert.match(md, /Native 2\.9\.1: \*\*(safe|unsafe|undecided)\*\*/);
  } finally {
    db.close();
  }
});
