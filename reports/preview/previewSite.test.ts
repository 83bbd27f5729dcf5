/**
 * The preview's site in memory: the first build serves what `buildReports`
 * writes; an edit rebuilds that page only, a title edit re-renders every page
 * (the navigation), the database changing rebuilds every page; errors are
 * served as `file:line: message` and a fix recovers; nothing is written.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildReports } from '../build.ts';
import { fixtureDb } from '../testdata/fixtureDb.ts';
import { injectReload, PreviewSite } from './index.ts';

let tmp: string;
let pages: string;
let site: PreviewSite;
let opens = 0;
let failOpen = false;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rb-preview-site-'));
  pages = join(tmp, 'pages');
  cpSync(join(import.meta.dirname, '..', 'testdata', 'pages'), pages, { recursive: true });
  site = new PreviewSite({
    pagesDirs: [pages],
    openDb: async () => {
      if (failOpen) throw new Error('Could not set lock on file: Conflicting lock is held');
      opens++;
      return fixtureDb();
    },
    dbLabel: 'rb.duckdb',
  });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const sorted = (a: string[]) => [...a].sort();
const edit = (name: string, from: string | RegExp, to: string) => {
  const file = join(pages, name);
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  return file;
};

test('the first build serves, page for page, the HTML buildReports writes, and writes nothing', async () => {
  const u = await site.update({ files: [], database: true });
  assert.deepEqual(sorted(u.queried), ['evidence', 'index', 'scaling']);
  assert.deepEqual(u.errors, []);
  assert.deepEqual(site.slugs(), ['evidence', 'scaling', 'index']);
  const out = join(tmp, 'site');
  const db = await fixtureDb();
  try {
    await buildReports({ db, pagesDirs: [pages], outDir: out, formats: ['html'] });
  } finally {
    db.close();
  }
  for (const slug of site.slugs())
    assert.equal(site.page(slug)?.html, readFileSync(join(out, `${slug}.html`), 'utf8'), slug);
  assert.deepEqual(readdirSync(pages).sort(), ['evidence.md', 'scaling.md']);
  assert.doesNotMatch(site.page('index')?.html ?? '', /<script/);
});

test('an edited page is the only one compiled and rendered again; only its version changes', async () => {
  const versions = site.pageVersions();
  const before = opens;
  const file = edit('scaling.md', 'Throughput at 8 threads', 'Throughput (edited) at 8 threads');
  const u = await site.update({ files: [file], database: false });
  assert.deepEqual(u.queried, ['scaling']);
  assert.equal(u.databaseOpened, false, 'its SQL ran before on the same database: taken from its cache');
  assert.equal(opens, before);
  assert.deepEqual(u.rendered, ['scaling']);
  assert.deepEqual(u.changed, ['scaling']);
  assert.match(site.page('scaling')?.html ?? '', /Throughput \(edited\) at 8 threads/);
  const now = site.pageVersions();
  assert.notEqual(now.scaling, versions.scaling);
  assert.equal(now.evidence, versions.evidence);
});

test('an edited query runs against the database, and its chart is drawn from the new rows', async () => {
  const before = opens;
  const file = edit(
    'evidence.md',
    'FROM rates ORDER BY config, session',
    "FROM rates WHERE config = 'native' ORDER BY config, session",
  );
  const u = await site.update({ files: [file], database: false });
  assert.deepEqual([u.queried, u.databaseOpened, opens], [['evidence'], true, before + 1]);
  const html = site.page('evidence')?.html ?? '';
  assert.equal((html.match(/<circle/g) ?? []).length, 2, 'two sessions of native, no v2.3 dot');
});

test('a title edit renders every page again (the navigation) and queries the index that lists it', async () => {
  const file = edit('scaling.md', 'title: Scaling demo', 'title: Scaling, renamed');
  const u = await site.update({ files: [file], database: false });
  assert.deepEqual(sorted(u.queried), ['index', 'scaling']);
  assert.deepEqual(sorted(u.rendered), ['evidence', 'index', 'scaling']);
  assert.match(site.page('evidence')?.html ?? '', /Scaling, renamed/);
});

test('a page with a SQL error is served as its file:line error, escaped; the others carry a banner; a fix recovers', async () => {
  const broken = join(pages, 'broken.md');
  writeFileSync(broken, '# Broken <b>page</b>\n\n```sql bad\nSELECT nope FROM rates\n```\n');
  const u = await site.update({ files: [broken], database: false });
  assert.deepEqual(sorted(u.rendered), ['broken', 'evidence', 'index', 'scaling']);
  assert.equal(u.errors.length, 1);
  assert.match(
    u.errors[0],
    new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: SQL error in \`bad\``),
  );
  const html = site.page('broken')?.html ?? '';
  assert.ok(html.includes(`${broken}:4: SQL error in `), html);
  assert.match(html, /&quot;nope&quot;/);
  assert.match(site.page('evidence')?.html ?? '', /roundbook-preview-errors[\s\S]*broken\.md:4/);

  writeFileSync(broken, '# Fixed\n\n```sql good\nSELECT count(*) AS n FROM rates\n```\n');
  const fixed = await site.update({ files: [broken], database: false });
  assert.deepEqual(fixed.errors, []);
  assert.doesNotMatch(site.page('broken')?.html ?? '', /roundbook-preview-errors/);
  assert.doesNotMatch(site.page('evidence')?.html ?? '', /roundbook-preview-errors/);
  assert.ok(fixed.changed.includes('evidence'), 'the banner went away');

  unlinkSync(broken);
  const removed = await site.update({ files: [broken], database: false });
  assert.equal(site.page('broken'), undefined);
  assert.ok(removed.changed.includes('broken'));
  assert.deepEqual(site.slugs(), ['evidence', 'scaling', 'index']);
});

test('a database that cannot be opened is shown; the pages wait and are built once it opens', async () => {
  failOpen = true;
  const file = edit('evidence.md', "WHERE config = 'native'", "WHERE config <> ''");
  const u = await site.update({ files: [file], database: false });
  assert.equal(u.databaseFailed, true);
  assert.match(u.errors[0], /^rb\.duckdb: Could not set lock/);
  assert.match(site.page('scaling')?.html ?? '', /rb\.duckdb: Could not set lock/);
  failOpen = false;
  const retried = await site.update({ files: [], database: false });
  assert.deepEqual(retried.queried, ['evidence']);
  assert.deepEqual(retried.errors, []);
  assert.equal((site.page('evidence')?.html.match(/<circle/g) ?? []).length, 4);
});

test('the database changing queries every page, over a database opened for that rebuild', async () => {
  const before = opens;
  const u = await site.update({ files: [], database: true });
  assert.deepEqual(sorted(u.queried), ['evidence', 'index', 'scaling']);
  assert.equal(opens, before + 1);
  const none = await site.update({ files: [], database: false });
  assert.deepEqual([none.queried, none.rendered, none.changed], [[], [], []]);
  assert.equal(opens, before + 1, 'nothing to build: the database is not opened');
});

test('the reload script goes only into served HTML, allowed by its hash in the page policy', () => {
  const html = site.page('evidence')?.html ?? '';
  const served = injectReload(html, 7);
  assert.match(
    served,
    /<script data-v="7">[^<]*EventSource\('\/__roundbook\/events'\)[^<]*<\/script><\/body>/,
  );
  assert.match(
    served,
    /Content-Security-Policy" content="default-src[^"]*; script-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'"/,
  );
  assert.doesNotMatch(html, /<script/);
});

test('a templated page: the pages of its rows are served as the build writes them, and editing it makes them again', async () => {
  const file = join(pages, 'per-config.md');
  writeFileSync(
    file,
    '---\ntitle: "Config {{ page.config }}"\neach: configs\n---\n\n```sql configs hidden\nSELECT DISTINCT config FROM rates ORDER BY config\n```\n\n```sql sessions hidden\nSELECT session, k, n FROM rates WHERE config = $config ORDER BY session\n```\n\n**{{ page.config }}**: {{ sessions.k }} of {{ sessions.n }}.\n',
  );
  const u = await site.update({ files: [file], database: false });
  assert.deepEqual(u.errors, []);
  const made = site.slugs().filter((s) => s.startsWith('per-config-'));
  assert.ok(made.length >= 2, `pages made: ${made}`);
  assert.ok(!site.slugs().includes('per-config'), 'the template itself is not a page');
  const out = join(tmp, 'site-templated');
  const db = await fixtureDb();
  try {
    await buildReports({ db, pagesDirs: [pages], outDir: out, formats: ['html'] });
  } finally {
    db.close();
  }
  for (const slug of made)
    assert.equal(site.page(slug)?.html, readFileSync(join(out, `${slug}.html`), 'utf8'), slug);
  edit('per-config.md', '**{{ page.config }}**:', 'Configuration {{ page.config }}:');
  await site.update({ files: [file], database: false });
  for (const slug of made) assert.match(site.page(slug)?.html ?? '', /Configuration /);
  unlinkSync(file);
  await site.update({ files: [file], database: false });
  assert.deepEqual(
    site.slugs().filter((s) => s.startsWith('per-config-')),
    [],
    'a removed template takes its pages with it',
  );
});

test('an edit of one templated page rebuilds its pages only, not another template’s', async () => {
  const page = (title: string) =>
    `---\ntitle: "${title} {{ page.config }}"\neach: configs\n---\n\n\`\`\`sql configs hidden\nSELECT DISTINCT config FROM rates ORDER BY config\n\`\`\`\n\n{{ page.config }}\n`;
  const one = join(pages, 'one.md');
  const two = join(pages, 'two.md');
  writeFileSync(one, page('One'));
  writeFileSync(two, page('Two'));
  const first = await site.update({ files: [one, two], database: false });
  assert.deepEqual(first.errors, []);
  writeFileSync(one, page('First'));
  const u = await site.update({ files: [one], database: false });
  assert.ok(u.queried.length >= 2, `rebuilt: ${u.queried}`);
  assert.ok(
    u.queried.every((s) => s.startsWith('one-')),
    `rebuilt: ${u.queried}`,
  );
  unlinkSync(one);
  unlinkSync(two);
  await site.update({ files: [one, two], database: false });
  assert.deepEqual(
    site.slugs().filter((s) => /^(one|two)-/.test(s)),
    [],
  );
});
