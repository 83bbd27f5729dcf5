/**
 * Whether a site is built from roundbook's shipped demo data — the example
 * reports and crash files in `data/examples/`, or rounds of the shipped demo
 * campaign (`data/campaigns/demo.yaml`, campaign `demo`, simulated crashes) —
 * and the banner every page then shows, so that nobody takes its numbers for
 * measurements.
 */

import type { Db } from '../store/db.ts';
import { packageFile } from '../store/packageFile.ts';

/** The shipped example data folder. */
export const DEMO_DATA_DIR = packageFile('data', 'examples');

/** What the database holds of the demo data. */
export interface DemoDataCount {
  /** Ingested files under {@link DEMO_DATA_DIR}. */
  exampleFiles: number;
  /** Ingested files in all. */
  files: number;
  /** Rounds of the demo campaign. */
  demoRounds: number;
}

async function count(db: Db, sql: string, params: string[] = []): Promise<number> {
  try {
    const [row] = await db.all<{ n: number }>(sql, params);
    return Number(row?.n ?? 0);
  } catch {
    return 0; // a database without that table (a page author's own) holds none of it
  }
}

/** Counts the demo data in `db` (0s for a database without roundbook's tables). */
export async function demoDataCount(db: Db, dir: string = DEMO_DATA_DIR): Promise<DemoDataCount> {
  const prefix = `${dir.replace(/\/+$/, '')}/`;
  return {
    exampleFiles: await count(db, 'SELECT count(*)::INTEGER AS n FROM sources WHERE starts_with(path, ?)', [
      prefix,
    ]),
    files: await count(db, 'SELECT count(*)::INTEGER AS n FROM sources'),
    demoRounds: await count(db, "SELECT count(*)::INTEGER AS n FROM rounds WHERE campaign = 'demo'"),
  };
}

/**
 * The banner for a site built over `db`, or undefined when it holds none of
 * the demo data.
 *
 * @example await demoDataBanner(db)
 *   // 'Demo data: 7 of the 9 files behind this site are examples shipped with roundbook (data/examples). …'
 */
export async function demoDataBanner(db: Db, dir: string = DEMO_DATA_DIR): Promise<string | undefined> {
  const c = await demoDataCount(db, dir);
  if (!c.exampleFiles && !c.demoRounds) return undefined;
  const what = [
    !c.exampleFiles
      ? null
      : c.exampleFiles === c.files
        ? 'every file behind this site is one of the examples shipped with roundbook (data/examples)'
        : `${c.exampleFiles} of the ${c.files} files behind this site are examples shipped with roundbook (data/examples)`,
    c.demoRounds
      ? `${c.demoRounds} ${c.demoRounds === 1 ? 'round comes' : 'rounds come'} from the demo campaign, whose crashes are simulated`
      : null,
  ].filter((x) => x !== null);
  return `Demo data: ${what.join(', and ')}. Its numbers illustrate roundbook; they are not measurements. Ingest your own reports and runs (roundbook ingest DIR) and build again.`;
}
