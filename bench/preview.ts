/**
 * Benchmark (issue 14): the live preview's one-page rebuild, beside a full
 * build of the same site. Over the analysed corpus when it is there (the
 * example data otherwise), each built-in page is copied into a page folder
 * of ours and edited a few times; each edit is one `PreviewSite.update`, the
 * time a browser waits after a save less the watcher's 40 ms gathering. Two
 * kinds of edit: a query edit (the page's first SQL cell changed: the page is
 * re-read, the database opened read-only, the changed queries run and the
 * charts drawn again) and a text edit (its queries and charts come from the
 * page's cache: the database has not changed). Target: median ≤ 300 ms.
 * Beside them: the full build (`buildReports`, HTML and Markdown written),
 * the preview's first build (every page, in memory) and a database change
 * (every page again), with the machine's load average.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { BUILTIN_PAGES_DIR, buildReports } from '../reports/build.ts';
import { PreviewSite } from '../reports/preview/index.ts';
import { Db } from '../store/db.ts';
import { type BenchLine, measure } from './measure.ts';

const EDITS_PER_PAGE = 3;

export async function benchPreview(corpusInputs: string[]): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'roundbook-bench-preview-'));
  const dbPath = join(dir, 'rb.duckdb');
  const useCorpus = corpusInputs.every((p) => existsSync(p));
  const inputs = useCorpus ? corpusInputs : [new URL('../data/examples', import.meta.url).pathname];
  const data = useCorpus ? 'corpus' : 'example data';
  try {
    const writer = await Db.open(dbPath);
    try {
      await ingestPaths(writer, inputs);
      await analyze(writer);
    } finally {
      writer.close();
    }
    const pages = join(dir, 'pages');
    mkdirSync(pages);
    const names = readdirSync(BUILTIN_PAGES_DIR).filter((n) => n.endsWith('.md') && n !== 'README.md');
    for (const n of names) copyFileSync(join(BUILTIN_PAGES_DIR, n), join(pages, n));
    const site = new PreviewSite({
      pagesDirs: [BUILTIN_PAGES_DIR, pages],
      openDb: () => Db.open(dbPath, { readOnly: true }),
      dbLabel: dbPath,
    });
    const first = await site.update({ files: [], database: true });
    if (first.errors.length)
      throw new Error(`preview bench: the pages have errors:\n${first.errors.join('\n')}`);

    // A templated page (`each:`) makes a page per row: an edit of it rebuilds all of those, timed apart.
    const isTemplate = (n: string) => /^---\n[\s\S]*?^each:/m.test(readFileSync(join(pages, n), 'utf8'));
    const templates = names.filter(isTemplate);
    const single = names.filter((n) => !isTemplate(n));
    const prose = await timeEdits(site, pages, single, (text, i) => `${text}\nEdit ${i}.\n`);
    const query = await timeEdits(site, pages, single, (text, i) =>
      text.replace(/^```sql[^\n]*\n/m, (fence) => `${fence}-- edit ${i}\n`),
    );
    const templated = templates.length
      ? await timeEdits(site, pages, templates, (text, i) => `${text}\nEdit ${i}.\n`, true)
      : null;
    const databaseChange = await site.update({ files: [], database: true });
    const build = await measure(async () => {
      const db = await Db.open(dbPath, { readOnly: true });
      try {
        return await buildReports({ db, pagesDirs: [BUILTIN_PAGES_DIR], outDir: join(dir, 'site') });
      } finally {
        db.close();
      }
    });
    const fullMs = build.seconds * 1000;
    const line = (what: string, t: Timed): BenchLine => ({
      name: `preview: one-page rebuild after ${what} (${data}; median of ${t.count} edits, ${EDITS_PER_PAGE} of each of ${single.length} pages)`,
      figure: `${t.median.toFixed(0)} ms (slowest page ${t.slowest.name}: ${t.slowest.median.toFixed(0)} ms)`,
      baseline: `full build ${fullMs.toFixed(0)} ms (report: every page, HTML + Markdown written)`,
      ratio: fullMs / t.median,
      target: '≤ 300 ms',
      pass: t.median <= 300,
    });
    return [
      line('a query edit (its queries run, its charts drawn)', query),
      line('a text edit (queries and charts unchanged, from the page cache)', prose),
      ...(templated
        ? [
            {
              name: `preview: a templated page's text edited (${templates.join(', ')}: every page it makes is rebuilt, ${templated.pages} pages in all)`,
              figure: `${templated.median.toFixed(0)} ms median (slowest ${templated.slowest.name}: ${templated.slowest.median.toFixed(0)} ms)`,
              baseline: `full build ${fullMs.toFixed(0)} ms`,
              ratio: fullMs / templated.median,
            },
          ]
        : []),
      {
        name: `preview: first build, every page in memory (${first.rendered.length} pages)`,
        figure: `${first.ms.toFixed(0)} ms`,
      },
      {
        name: 'preview: database changed (every page queried and rendered again)',
        figure: `${databaseChange.ms.toFixed(0)} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs during the run`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Timed {
  median: number;
  count: number;
  slowest: { name: string; median: number };
  /** Pages rebuilt per edit, summed over the files edited (their last edit). */
  pages: number;
}

/** Edits each page `EDITS_PER_PAGE` times with `edit`, timing each update; each must rebuild that page only. */
async function timeEdits(
  site: PreviewSite,
  pages: string,
  names: string[],
  edit: (text: string, i: number) => string,
  /** The files are templates: an edit rebuilds the pages each makes (all named after it), not one. */
  templates = false,
): Promise<Timed> {
  let pagesRebuilt = 0;
  const times: number[] = [];
  const perPage: { name: string; median: number }[] = [];
  for (const n of names) {
    const file = join(pages, n);
    const own: number[] = [];
    for (let i = 0; i < EDITS_PER_PAGE; i++) {
      const before = readFileSync(file, 'utf8');
      const after = edit(before, i);
      if (after === before) throw new Error(`preview bench: the edit left ${n} as it was`);
      writeFileSync(file, after);
      const u = await site.update({ files: [file], database: false });
      const slug = n.replace(/\.md$/, '');
      const expected = templates
        ? u.queried.length >= 1 && u.queried.every((q) => q.startsWith(`${slug}-`))
        : u.queried.length === 1;
      if (!expected || u.errors.length)
        throw new Error(
          `preview bench: an edit of ${n} rebuilt ${u.queried.join(', ')}: ${u.errors.join('\n')}`,
        );
      if (i === EDITS_PER_PAGE - 1) pagesRebuilt += u.queried.length;
      own.push(u.ms);
    }
    times.push(...own);
    perPage.push({ name: n, median: median(own) });
  }
  const slowest = perPage.reduce((a, b) => (b.median > a.median ? b : a));
  return { median: median(times), count: times.length, slowest, pages: pagesRebuilt };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
