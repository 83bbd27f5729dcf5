/**
 * What every page of a site shares: cited paths relative to the ingested
 * roots (never the machine's absolute paths), linked with `--link-base`, and
 * the demo-data banner on a site built from the shipped examples (and only there).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { buildReports } from './build.ts';
import { citedSource, isLinkBase, relativeToRoots } from './citedSource.ts';
import { DEMO_DATA_DIR, demoDataBanner } from './demoData.ts';
import { PageBuildError } from './errors.ts';
import { sourceRootsFor } from './sourceRoots.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rb-site-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const REPORT = join(DEMO_DATA_DIR, 'reports', 'verification_rounds_4100-4119_N5012_2026-01-14.md');

/** A page citing every verdict's evidence, with its own folder. */
function citingPages(): string {
  const dir = mkdtempSync(join(tmp, 'pages-'));
  writeFileSync(
    join(dir, 'index.md'),
    '```sql ev hidden\nSELECT source_path, line, rounds FROM verdict_evidence ORDER BY source_path, line LIMIT 1\n```\n\n' +
      'Rounds: {{ ev.rounds | source }}.\n',
  );
  return dir;
}

async function dbOf(paths: string[]): Promise<Db> {
  const db = await Db.open(':memory:');
  await ingestPaths(db, paths, { workers: 0, now: () => new Date('2026-02-01T00:00:00Z') });
  await analyze(db);
  return db;
}

describe('cited paths', () => {
  test('shown relative to the first root that holds them, linked only with a link base', () => {
    const site = { pages: [], sourceRoots: ['/corpus', '/home/me/proj'] };
    assert.deepEqual(citedSource('/home/me/proj/data/a b.md:12', site), { path: 'data/a b.md', line: ':12' });
    assert.deepEqual(citedSource('/corpus/r/x.md:?', site), { path: 'r/x.md', line: ':?' });
    assert.deepEqual(citedSource('/elsewhere/x.md:3', site), { path: '/elsewhere/x.md', line: ':3' });
    const linked = { ...site, linkBase: 'https://github.com/o/r/blob/abc123/' };
    assert.equal(
      citedSource('/home/me/proj/data/a b.md:12', linked).href,
      'https://github.com/o/r/blob/abc123/data/a%20b.md#L12',
    );
    assert.equal(citedSource('/corpus/r/x.md:?', linked).href, 'https://github.com/o/r/blob/abc123/r/x.md');
    assert.equal(
      citedSource('/elsewhere/x.md:3', linked).href,
      undefined,
      'no link for a path under no root',
    );
    assert.equal(relativeToRoots('/corpusX/a.md', ['/corpus']), '/corpusX/a.md');
  });

  test('roots: the project folder, a git work tree, else the deepest folder holding the rest', () => {
    const repo = join(tmp, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'logs'), { recursive: true });
    const roots = sourceRootsFor(
      ['/p/data/a.md', join(repo, 'logs', 'r.jsonl'), '/corpus/reports/b.md', '/corpus/crashes/c.ips'],
      '/p',
    );
    assert.deepEqual(roots.sort(), ['/corpus', '/p', repo].sort());
  });

  test('a link base must be an http(s) URL', async () => {
    assert.ok(isLinkBase('https://github.com/o/r/blob/abc'));
    for (const bad of ['javascript:alert(1)', 'file:///etc', 'github.com/o/r', 'https://u:p@h/x'])
      assert.ok(!isLinkBase(bad), bad);
    const db = await Db.open(':memory:');
    try {
      await assert.rejects(
        buildReports({ db, pagesDirs: [citingPages()], outDir: join(tmp, 'bad'), linkBase: 'javascript:x' }),
        (err) =>
          err instanceof PageBuildError &&
          /--link-base:1: "javascript:x" is not an http\(s\) URL/.test(err.message),
      );
    } finally {
      db.close();
    }
  });
});

describe('a site built from data', () => {
  test('the shipped examples: relative cited paths, linked, and the demo banner on every page', async () => {
    const db = await dbOf([REPORT]);
    const out = join(tmp, 'demo');
    try {
      await buildReports({
        db,
        pagesDirs: [citingPages()],
        outDir: out,
        linkBase: 'https://github.com/o/r/blob/abc123',
      });
    } finally {
      db.close();
    }
    const md = readFileSync(join(out, 'index.md'), 'utf8');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const rel = 'data/examples/reports/verification_rounds_4100-4119_N5012_2026-01-14.md';
    assert.match(
      md,
      new RegExp(
        `\\[\\^src-1\\]: \\[\`${rel}:\\d+\`\\]\\(https://github\\.com/o/r/blob/abc123/${rel}#L\\d+\\)`,
      ),
    );
    assert.match(
      html,
      new RegExp(
        `<a href="https://github\\.com/o/r/blob/abc123/${rel}#L\\d+"><code><bdi>${rel}</bdi>:\\d+</code></a>`,
      ),
    );
    assert.doesNotMatch(
      md + html,
      new RegExp(DEMO_DATA_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'no absolute path',
    );
    assert.match(
      md,
      /^> \*\*Demo data: every file behind this site is one of the examples shipped with roundbook/m,
    );
    assert.match(html, /<p class="banner" role="note">Demo data: every file/);
  });

  test('the same report copied elsewhere: no banner, its path relative to the folder ingested', async () => {
    const mine = join(tmp, 'mine', 'reports');
    mkdirSync(mine, { recursive: true });
    cpSync(REPORT, join(mine, 'N5012.md'));
    const db = await dbOf([mine]);
    const out = join(tmp, 'mine-site');
    try {
      assert.equal(await demoDataBanner(db), undefined);
      await buildReports({ db, pagesDirs: [citingPages()], outDir: out });
    } finally {
      db.close();
    }
    const md = readFileSync(join(out, 'index.md'), 'utf8');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    assert.doesNotMatch(md + html, /Demo data/);
    assert.match(md, /\[\^src-1\]: `N5012\.md:\d+`$/m);
    assert.doesNotMatch(
      md + html,
      new RegExp(tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'no absolute path',
    );
  });
});
