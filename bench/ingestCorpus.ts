/**
 * Benchmark: ingest of the real corpus beside the parse floor (remark-parse +
 * remark-gfm alone over the same files in one thread), then a re-ingest of the
 * unchanged corpus. Targets (issue 2): ingest ≤ 1.0× the floor, re-ingest
 * < 1.5 s, memory < 1 GB.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { collectFiles } from '../ingest/collectFiles.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { Db } from '../store/db.ts';
import { type BenchLine, measure } from './measure.ts';

export async function benchIngestCorpus(corpus: string): Promise<BenchLine[]> {
  const { files } = collectFiles([corpus]);
  const texts = files.map((f) => readFileSync(f.path, 'utf8'));
  const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1048576;
  const processor = unified().use(remarkParse).use(remarkGfm);
  const floor = await measure(() => {
    for (const t of texts) processor.parse(t);
  });
  const dbPath = join(tmpdir(), `roundbook-bench-${process.pid}.duckdb`);
  rmSync(dbPath, { force: true });
  const db = await Db.open(dbPath);
  try {
    const full = await measure(() => ingestPaths(db, [corpus]));
    const again = await measure(() => ingestPaths(db, [corpus]));
    const ratio = full.seconds / floor.seconds;
    return [
      { name: 'files', figure: `${files.length} files, ${megabytes.toFixed(1)} MB` },
      {
        name: 'ingest (whole corpus, fresh database)',
        figure: `${full.seconds.toFixed(2)} s, ${(files.length / full.seconds).toFixed(0)} files/s, ${(megabytes / full.seconds).toFixed(2)} MB/s, peak RSS ${full.peakRssMb.toFixed(0)} MB`,
        baseline: `parse floor ${floor.seconds.toFixed(2)} s (${(megabytes / floor.seconds).toFixed(2)} MB/s, one thread)`,
        ratio,
        target: '≤ 1.0× floor',
        pass: ratio <= 1.0,
      },
      {
        name: 're-ingest (unchanged corpus)',
        figure: `${again.seconds.toFixed(3)} s`,
        target: '< 1.5 s',
        pass: again.seconds < 1.5,
      },
      {
        name: 'peak memory',
        figure: `${Math.max(full.peakRssMb, again.peakRssMb).toFixed(0)} MB`,
        target: '< 1024 MB',
        pass: full.peakRssMb < 1024,
      },
    ];
  } finally {
    db.close();
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
  }
}
