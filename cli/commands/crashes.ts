import { type Command, DB_OPTION, JSON_OPTION } from '../command.ts';
import { formatTable } from '../format.ts';
import { openExistingDb } from '../openExistingDb.ts';
import { terminalJson } from '../terminalText.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The line above the clusters, with counts in words that agree: "1 distinct crash in 1 cluster (0 duplicate copies folded)".
 *
 * @example clusterSummary(2, 1, 3, 0) // '2 distinct crashes in 1 cluster (3 duplicate copies folded)'
 */
export function clusterSummary(crashes: number, clusters: number, folded: number, apart: number): string {
  return (
    `${plural(crashes, 'distinct crash', 'distinct crashes')} in ${plural(clusters, 'cluster')} (${plural(folded, 'duplicate copy', 'duplicate copies')} folded)` +
    (apart ? `; ${apart} more shown apart, not of the process under test (marked *)` : '')
  );
}

export const crashesCommand: Command = {
  name: 'crashes',
  summary: 'List crash clusters: distinct crashes per signature, when and where they were seen',
  usage: 'roundbook crashes [--db FILE] [--json]',
  options: { ...DB_OPTION, ...JSON_OPTION },
  details: 'Reads crash_clusters, written by `roundbook analyze`.',
  async run(_positionals, values) {
    const db = await openExistingDb(String(values.db));
    try {
      const exists = await db.tableExists('crash_clusters');
      const rows = exists
        ? await db.all<Record<string, unknown>>(
            `SELECT signature, crashes, duplicates_folded, first_seen, last_seen, by_fix_variant, example_frames, rules_version,
                    under_test IS NOT FALSE AS under_test, apart_reason
             FROM crash_clusters ORDER BY under_test IS NOT FALSE DESC, crashes DESC, signature`,
          )
        : [];
      if (values.json) {
        process.stdout.write(
          `${terminalJson(
            rows.map((r) => ({ ...r, by_fix_variant: JSON.parse(String(r.by_fix_variant)) })),
          )}\n`,
        );
        return 0;
      }
      if (!exists) {
        process.stdout.write(
          'No crash clusters yet: run `roundbook analyze` after ingesting crash reports.\n',
        );
        return 0;
      }
      const tested = rows.filter((r) => r.under_test);
      const total = tested.reduce((n, r) => n + Number(r.crashes), 0);
      const folded = tested.reduce((n, r) => n + Number(r.duplicates_folded), 0);
      const apart = rows.length - tested.length;
      const apartCrashes = rows.filter((r) => !r.under_test).reduce((n, r) => n + Number(r.crashes), 0);
      process.stdout.write(`${clusterSummary(total, tested.length, folded, apart ? apartCrashes : 0)}\n\n`);
      process.stdout.write(
        `${formatTable(
          rows.map((r) => ({
            crashes: r.under_test ? r.crashes : `${r.crashes}*`,
            signature: r.signature,
            first_seen: String(r.first_seen ?? '').slice(0, 16),
            last_seen: String(r.last_seen ?? '').slice(0, 16),
          })),
        )}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
