/**
 * The session report written at the end of `roundbook run`, next to its log:
 * `LOGS/<campaign>/<host>-<start>.report.md` beside `<host>-<start>.jsonl`.
 * The round logs of the campaign's folder are read into an in-memory
 * database (the user's database is not touched) and analysed, so the
 * cumulative statistics and the verdicts cover every run of the campaign in
 * that folder; the session is this run. Earlier reports in the folder carry
 * the marker (store/sessionReportMarker.ts) and add no rounds.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { Db } from '../../store/db.ts';
import { loadSessionReport } from './loadSessionReport.ts';
import { renderSessionReport } from './renderSessionReport.ts';

/** The report's path for a round log: `.jsonl` replaced by `.report.md`. */
export function runReportPath(logFile: string): string {
  return logFile.replace(/(\.jsonl)?$/, '.report.md');
}

/**
 * Builds and writes the report of run `run` of `campaign`, whose log is
 * `logFile`; returns the report's path. Throws what ingest or the file system
 * throws (the caller warns: the run's log is the record, the report a view of it).
 *
 * @example await writeRunReport('data/rounds/demo/mac1-20260114T100000000Z.jsonl', 'demo', 'mac1-20260114T100000000Z')
 */
export async function writeRunReport(logFile: string, campaign: string, run: string): Promise<string> {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, [dirname(logFile)], { workers: 0 });
    await analyze(db);
    const text = renderSessionReport(await loadSessionReport(db, { kind: 'campaign', campaign, run }));
    const out = runReportPath(logFile);
    writeFileSync(out, text);
    return out;
  } finally {
    db.close();
  }
}
