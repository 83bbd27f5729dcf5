/**
 * Benchmark (issue 6): rendering every built-in page (HTML and Markdown) over
 * the analysed corpus; target under 3 s. The database is built first (ingest
 * + analyze, not timed); the render runs into an empty folder so every file
 * is written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../analysis/derive/index.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { BUILTIN_PAGES_DIR, buildReports } from '../reports/build.ts';
import { Db } from '../store/db.ts';
import { type BenchLine, measure } from './measure.ts';

export async function benchReports(inputs: string[]): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'roundbook-bench-reports-'));
  const db = await Db.open(join(dir, 'rb.duckdb'));
  try {
    await ingestPaths(db, inputs);
    await analyze(db);
    const run = await measure(() =>
      buildReports({ db, pagesDirs: [BUILTIN_PAGES_DIR], outDir: join(dir, 'site') }),
    );
    return [
      {
        name: `render ${run.value.pages.length} built-in pages (${run.value.files.length} files, HTML + Markdown + SVG)`,
        figure: `${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
        target: '< 3 s',
        pass: run.seconds < 3,
      },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
