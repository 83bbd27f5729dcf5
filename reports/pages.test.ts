/**
 * The built-in pages (`reports/pages/*.md`) build with no error on an empty
 * database (a fresh clone) and on a small database made from the project's own
 * example data plus a runner campaign, answer the three questions there with
 * numbers that name their source, and rebuild byte for byte.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { parseCampaign } from '../runner/campaign.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { fakeSpawner } from '../runner/spawn/index.ts';
import { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';
import { BUILTIN_PAGES_DIR, buildReports } from './build.ts';
import { PageBuildError } from './errors.ts';

const PAGES = ['index', 'safe', 'dylib', 'sessions', 'scaling', 'crashes', 'quality'];
/** Templated pages (`each:`): built once per row, never themselves. */
const TEMPLATES = ['safe-for', 'dylib-for'];
const EXAMPLES = join(import.meta.dirname, '..', 'data', 'examples');
const tmp = mkdtempSync(join(tmpdir(), 'rb-pages-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Builds the built-in pages, turning a PageBuildError into a readable failure. */
async function build(db: Db, outDir: string) {
  try {
    return await buildReports({ db, pagesDirs: [BUILTIN_PAGES_DIR], outDir });
  } catch (err) {
    if (err instanceof PageBuildError) assert.fail(err.message);
    throw err;
  }
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

/** Text a page must never show: a value that leaked through unformatted. */
const LEAKS = /\bNaN\b|\bundefined\b|\[object Object\]|\bnull\b|\{\{|\}\}/;

const campaign = parseCampaign(
  `campaign: pages
command: [node, story.js]
configs:
  native: {env: {WHICH: native}, labels: {fix_variant: native, torch_version: 2.9.1, threads: 8}}
  fixed: {env: {WHICH: fixed}, labels: {fix_variant: v2.9, torch_version: 2.9.1, threads: 8}}
rounds: 6
retry: {attempts: 3, pause: 0}
pass: {must_contain: [ALL CLAIMS VERIFIED]}
metrics:
  regex:
    - pattern: '(?<efficiency_pct>[\\d.]+)% efficiency at (?<threads>\\d+) threads'
`,
  'pages.yaml',
);

/** The project's example data (reports and crash files) and a campaign run with a fake spawner, analysed. */
async function exampleDb(root: string): Promise<Db> {
  const native = [
    'crash',
    'pass',
    'pass',
    'crash',
    'crash',
    'crash',
    'pass',
    'crash',
    'pass',
    'pass',
  ] as const;
  let n = 0;
  const story = 'CONFIRMED: 14.7% efficiency at 8 threads\nALL CLAIMS VERIFIED\n';
  const spawner = fakeSpawner((req) => {
    const step = req.env.WHICH === 'native' ? (native[n++] ?? 'pass') : 'pass';
    return step === 'pass' ? { stdout: story } : step;
  });
  const logs = join(root, 'rounds');
  await runCampaign(campaign, { logsRoot: logs, spawner, host: 'mac1' });
  const db = await Db.open(':memory:');
  await ingestPaths(db, [EXAMPLES, logs], { workers: 0, now: () => new Date('2026-02-01T00:00:00Z') });
  await analyze(db);
  return db;
}

describe('built-in pages', () => {
  test('the built-in folder holds the seven pages and two templates, each with a title and an order', () => {
    const found = readdirSync(BUILTIN_PAGES_DIR)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    assert.deepEqual(found, [...PAGES, ...TEMPLATES].sort());
    for (const p of [...PAGES, ...TEMPLATES]) {
      const text = read(BUILTIN_PAGES_DIR, `${p}.md`);
      assert.match(text, /^---\ntitle: .+\ndescription: .+\norder: \d+\n(each: \w+\n)?---\n/, p);
    }
  });

  test('every page builds on an empty database and says there is no evidence yet', async () => {
    const db = await Db.open(':memory:');
    const out = join(tmp, 'empty');
    try {
      await ensureRawSchema(db);
      await analyze(db); // creates the derived tables, empty
      const result = await build(db, out);
      assert.deepEqual(result.pages, PAGES, 'no rows, so no templated pages');
    } finally {
      db.close();
    }
    const expected: Record<string, RegExp> = {
      index: /The database is empty/,
      safe: /No evidence yet for native PyTorch 2\.9\.1/,
      dylib: /No evidence yet\.\*\* No PyTorch build has rounds both/,
      sessions: /No sessions yet/,
      scaling: /No scaling measurements yet/,
      crashes: /No crashes recorded yet/,
      quality: /No data yet/,
    };
    const charts = readdirSync(out).filter((f) => f.endsWith('.svg'));
    assert.ok(charts.length >= 6, charts.join());
    for (const svg of charts) {
      // A chart with no rows says so instead of drawing empty axes (or a legend of `undefined`).
      const text = read(out, svg);
      assert.match(text, /No data to draw yet\./, svg);
      assert.doesNotMatch(text, /undefined|NaN/, svg);
    }
    for (const p of PAGES) {
      const md = read(out, `${p}.md`);
      assert.match(md, expected[p], `${p}.md`);
      assert.doesNotMatch(md.replace(/`[^`]*`/g, ''), LEAKS, `${p}.md leaks a raw value`);
      const html = read(out, `${p}.html`);
      assert.doesNotMatch(html, /<script/i);
    }
  });

  describe('on the example data', () => {
    let db: Db;
    let out: string;
    const md: Record<string, string> = {};
    before(async () => {
      db = await exampleDb(join(tmp, 'examples'));
      out = join(tmp, 'site');
      const result = await build(db, out);
      assert.deepEqual(result.pages, [
        'index',
        'safe',
        'safe-for-native-2.9.1',
        'safe-for-v2.9-2.9.1',
        'dylib',
        'dylib-for-v2.9',
        'sessions',
        'scaling',
        'crashes',
        'quality',
      ]);
      for (const p of ['safe-for-native-2.9.1', 'safe-for-v2.9-2.9.1', 'dylib-for-v2.9'])
        md[p] = read(out, `${p}.md`).replace(/ {2,}/g, ' ');
      // Tables are padded to align their columns: compare with single spaces.
      for (const p of PAGES) md[p] = read(out, `${p}.md`).replace(/ {2,}/g, ' ');
    });
    after(() => db.close());

    test('no page leaks a raw value, and every page with numbers cites its sources', () => {
      for (const p of PAGES) {
        assert.doesNotMatch(md[p].replace(/`[^`]*`/g, ''), LEAKS, `${p}.md`);
        if (p !== 'index') assert.match(md[p], /\[\^src-1\]: `[^`]+:\d+`/, `${p}.md has footnotes`);
      }
    });

    test('safe: the headline answers for native 2.9.1 at 8 threads, per attempt, from the runner log', () => {
      const head = md.safe.split('\n').find((l) => l.startsWith('**Native PyTorch 2.9.1'));
      assert.ok(head, 'headline');
      // 6 rounds took 10 attempts, 5 of which crashed; the wrapper retried, so the rate is per attempt.
      assert.match(
        head,
        /^\*\*Native PyTorch 2\.9\.1 at 8 threads \(with the retry wrapper\): not safe\.\*\* 5 of 10 attempts did not pass, 50\.0%/,
      );
      assert.match(head, /\[\^src-1\]/);
      assert.match(md.safe, /\| native · 2\.9\.1 · 8 threads · retry \| \*\*not safe\*\* \|/);
      assert.match(md.safe, /What the retry wrapper hides/);
      // Each failure kind has its own count; the round pass rate stands beside the per-attempt rate.
      assert.match(
        md.safe,
        /\| native · 2\.9\.1 · 8 threads \| 5\/6 \(83\.3%\) \| 10 \| 5 \| 5 \| 0 \| 0 \| 0 · 0 \| \*\*\d+\*\* \| 50\.0% /,
      );
      assert.match(md.safe, /\| used \| verification_rounds_4100-4119_N5012_2026-01-14\.md:22/);
      assert.match(
        md.safe,
        /\| left out \| verification_rounds_4100-4119_N5012_2026-01-14\.md:13\[\^src-\d+\] \| batch \| 20 \| rounds 4100–4119 are already listed/,
      );
      assert.ok(readdirSync(out).includes('safe-crash-rates.svg'));
    });

    test('dylib: native against v2.9 on the same build, and each claim against its own data', () => {
      // The wrapper retried and the runner log records every attempt: compared per attempt, rounds beside.
      assert.match(
        md.dylib,
        /\*\*v2\.9 vs native\*\* \(torch 2\.9\.1 · 8 threads · retry wrapper\): native 5 of 10 attempts failed vs v2\.9 0 of 6 \(per attempt, as the wrapper retried; rounds 5\/6 vs 6\/6 passed\)/,
      );
      assert.match(
        md.dylib,
        /\| \*\*v2\.9\*\* \| torch 2\.9\.1 · 8 threads · retry wrapper \| per attempt \| 5\/10 failed \| 0\/6 failed \| 5\/6 · 6\/6 \|/,
      );
      // The comparisons on the page are one family, named, with Holm-adjusted p beside the raw p; v2.9's
      // complete-story rounds are not compared with native rounds of an unstated workload.
      assert.match(
        md.dylib,
        /\*\*Holm over 2 comparisons: native vs v2\.9 torch=2\.9\.1 8t retry workload=\? serialised=\?, native vs v2\.9 torch=2\.9\.1 \?t \? workload=\? serialised=\?\*\*/,
      );
      assert.match(md.dylib, /Fisher p = 0\.093, Holm-adjusted over 2 comparisons p = 0\.173/);
      // "Keep the v2.9 dylib": 10/10 against 6/10 is not significant in its own report.
      assert.match(
        md.dylib,
        /“Keep the v2\.9 dylib - it remains necessary\.” — native_vs_dylib_comparison_N5020_2026-01-15\.md:49\[\^src-\d+\] \| \*\*no\*\* \| "necessary" compares 10\/10 with 6\/10/,
      );
      assert.match(
        md.dylib,
        /The reports state \d+ conclusions about a build or dylib\. \*\*Supported by the data in the same report: \d+\.\*\*/,
      );
    });

    test('sessions: the committed table shape with intervals, and the double counting removed', () => {
      assert.match(
        md.sessions,
        /\| Batch +\| Rounds \| Pass Rate \(95% interval\) \| Avg Eff \| Wrapper \| Added to the record\? \|/,
      );
      assert.match(md.sessions, /campaign pages/);
      assert.match(md.sessions, /N=5020/);
      assert.match(
        md.sessions,
        /\| Batch Summary: Total\[\^src-\d+\] \| 40 \| 30 \| — \| not stated \| cumulative \| not added: cumulative total \|/,
      );
      assert.match(md.sessions, /cumulative totals \("Since N=2700"/);
      const dedup = /What remains is \*\*(\d+) rounds/.exec(md.sessions);
      const all = /would give \*\*(\d+) rounds\*\*/.exec(md.sessions);
      assert.ok(dedup && all && Number(dedup[1]) < Number(all[1]), 'deduplicated total below the naive sum');
    });

    test('Overview and Sessions chart the cumulative crash rate per configuration, with its points', () => {
      const files = readdirSync(out);
      assert.ok(
        files.includes('sessions-cumulative-crash-rate.svg') &&
          files.includes('index-cumulative-crash-rate.svg'),
      );
      assert.match(
        md.sessions,
        /\| native · 2\.9\.1 · threads \? \| 1 \| 2026-01-15 \| 4 \/ 10 \| 40\.0% \(16\.8%–68\.7%\) \|/,
      );
      assert.match(
        md.index,
        /!\[Cumulative crash rate after each session\]\(index-cumulative-crash-rate\.svg\)/,
      );
      const svg = read(out, 'sessions-cumulative-crash-rate.svg');
      assert.doesNotMatch(svg, /No data to draw yet/);
      assert.match(svg, /native · 2\.9\.1 · 8 threads · retry/, 'a legend entry per configuration');
    });

    test('scaling, crashes, quality and the overview answer from the example data', () => {
      assert.match(md.scaling, /\*\*At 8 threads the median efficiency is [\d.]+%\*\*/);
      // The counts add up: the crashes under test are those with details plus those without.
      const head =
        /\*\*(\d+) distinct crashes of the process under test, in \d+ signatures: (\d+) with crash details and (\d+) without \(`EMPTY: …`, such as GPU-event reports\)\. The most common is `EXC_BAD_ACCESS/.exec(
          md.crashes,
        );
      assert.ok(head, 'the crashes headline');
      assert.equal(Number(head[1]), Number(head[2]) + Number(head[3]));
      assert.match(md.crashes, /Top frames of an example/);
      // The example's frames are listed once, though the crash was read from its .ips and the summary.
      const example = md.crashes.split('## Example')[1]?.split('\n## ')[0] ?? '';
      const frames = [...example.matchAll(/^\d+\. `(.+)`$/gm)].map((m) => m[1]);
      assert.ok(frames.length > 1, 'the example shows its stack');
      assert.equal(new Set(frames).size, frames.length, 'no frame twice');
      // The example report's "+2 new crashes" has no capture near its time: unmatched, said so on its row.
      assert.match(
        md.crashes,
        /verification_rounds_4100-4119_N5012_2026-01-14\.md\[\^src-\d+\] \| 2 \| 312 → 314 \|.*\*\*unmatched\*\*: no crash capture between/,
      );
      assert.match(
        md.quality,
        /malicious_N5050_2026-01-18\.md\[\^src-\d+\] \| report \| \*\*partial\*\* \| line 27: table row has 2 cells/,
      );
      assert.match(md.quality, /"Results" does not match its rows/);
      assert.match(
        md.index,
        /\[Is native PyTorch 2\.9\.1 safe yet\?\]\(safe\.md\)\*\* At 8 threads · retry wrapper: \*\*not safe\*\*/,
      );
    });

    test('a question page for every fix and PyTorch release, its bottom line first, linked from safe and the overview', () => {
      // The line after the heading and the description.
      const first = (p: string) => {
        const lines = md[p].split('\n').filter(Boolean);
        return lines[lines.findIndex((l) => l.startsWith('# ')) + 2];
      };
      assert.match(md['safe-for-native-2.9.1'], /^# Is native on PyTorch 2\.9\.1 safe yet\?$/m);
      assert.equal(
        first('safe-for-native-2.9.1'),
        '**No — native 2.9.1 (8 threads, retry wrapper) failed in 5 of 10 attempts (50%, at least 13% at 95%); 0 of 4 environments are safe; last run ' +
          /last run (\d{4}-\d{2}-\d{2})/.exec(md['safe-for-native-2.9.1'])?.[1] +
          '.**[^src-1]',
      );
      assert.match(md['safe-for-v2.9-2.9.1'], /^# Is v2\.9 on PyTorch 2\.9\.1 safe yet\?$/m);
      assert.match(
        first('safe-for-v2.9-2.9.1'),
        /^\*\*No — v2\.9 2\.9\.1 \(8 threads, complete-story suite, retry wrapper\) failed in 13 of 31 attempts/,
      );
      // Each environment on its own row, never pooled; every number cites its source.
      assert.match(
        md['safe-for-native-2.9.1'],
        /\| native 2\.9\.1 \(threads not stated\) \| \*\*not safe\*\* \| 40\.0% /,
      );
      assert.doesNotMatch(md['safe-for-native-2.9.1'], /v2\.9 2\.9\.1/);
      assert.match(md.safe, /- \[Is native on PyTorch 2\.9\.1 safe yet\?\]\(safe-for-native-2\.9\.1\.md\)/);
      assert.match(md.index, /\[v2\.9 2\.9\.1\]\(safe-for-v2\.9-2\.9\.1\.md\)/);
      // The generated pages stay out of the navigation.
      assert.doesNotMatch(md.index.split('\n')[0], /safe-for/);
    });

    test('a dylib page for every dylib version against native on matching environments', () => {
      assert.match(md['dylib-for-v2.9'], /^# Is the v2\.9 dylib still necessary\?$/m);
      assert.match(
        md['dylib-for-v2.9'],
        /^\*\*Not known yet — on PyTorch 2\.9\.1 \(threads not stated, wrapper not stated\) native passed 6 of 10 rounds, v2\.9 10 of 10 \(Fisher p = 0\.087\), which neither shows native worse nor rules it out; 0 of 2 environments show the dylib necessary\.\*\*\[\^src-1\]$/m,
      );
      assert.match(
        md['dylib-for-v2.9'],
        /\| PyTorch 2\.9\.1 \(8 threads, retry wrapper\) \| per attempt \| 5\/6 rounds passed, 5\/10 attempts failed \|/,
      );
      assert.match(md.dylib, /\[v2\.9\]\(dylib-for-v2\.9\.md\)/);
    });

    test('links between pages are .md in Markdown and .html in HTML', () => {
      const html = read(out, 'index.html');
      for (const p of PAGES.filter((x) => x !== 'index')) {
        assert.match(html, new RegExp(`<a href="${p}\\.html">`), `index.html links ${p}.html`);
        assert.match(md.index, new RegExp(`\\]\\(${p}\\.md\\)`), `index.md links ${p}.md`);
      }
      // Pages out of the navigation (the generated question pages) are linked as .html too.
      assert.match(html, /<a href="safe-for-native-2\.9\.1\.html">/);
      assert.match(read(out, 'safe.html'), /<a href="safe-for-v2\.9-2\.9\.1\.html">/);
    });

    test('a rebuild with the same data rewrites nothing', async () => {
      const again = await build(db, out);
      assert.deepEqual(
        again.files.filter((f) => f.status !== 'unchanged').map((f) => f.path),
        [],
      );
    });
  });
});
