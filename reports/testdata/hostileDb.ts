/**
 * A database of hostile values for layout and bidi tests: the project's example
 * data plus inputs whose labels, titles and crash fields hold a 10,000-character
 * word, bidi overrides (U+202E, U+202D) and right-to-left text, ingested the way
 * real files are (reports, `.ips`, `crash_summary.json`, a runner campaign) and
 * analysed, so they reach every page through the pages' own queries.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { parseCampaign } from '../../runner/campaign.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { fakeSpawner } from '../../runner/spawn/index.ts';
import { Db } from '../../store/db.ts';

/** One word of 10,000 characters (no break opportunity in it). */
export const LONG_WORD = `W${'o'.repeat(9_998)}d`;
/** RIGHT-TO-LEFT OVERRIDE: reverses whatever follows it until a PDF or the end of the paragraph. */
export const RLO = '\u202E';
/** LEFT-TO-RIGHT OVERRIDE. */
export const LRO = '\u202D';
/** POP DIRECTIONAL ISOLATE with no isolate open: it would close the isolate a page puts around the value. */
export const STRAY_PDI = '\u2069';
/** Hebrew and Arabic text. */
export const RTL_TEXT = 'שלום עולם مرحبا';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'data', 'examples');

/** Writes the hostile input files under `root` and returns the folders to ingest (examples first). */
export function writeHostileInputs(root: string): string[] {
  const dir = join(root, 'hostile');
  mkdirSync(join(dir, 'crashes'), { recursive: true });
  writeFileSync(
    join(dir, `hostile_${LONG_WORD.slice(0, 80)}_N6000_2026-01-20.md`),
    [
      `# ${LONG_WORD} ${RLO}Report${RTL_TEXT} - N=6000`,
      '',
      '**Date**: 2026-01-20',
      '**Worker**: N=6000',
      `**Platform**: ${RLO}Apple M4 Max ${LONG_WORD}`,
      '',
      `## Individual Round Results (v2.9 dylib) ${LONG_WORD}`,
      '',
      `### ${LRO}Native PyTorch ${LONG_WORD} (10 rounds)`,
      '- Pass Rate: 7/10 (70.0%)',
      '- Avg efficiency: 14.1%',
      '',
      '## Thread scaling',
      '',
      '| Threads | Throughput | Speedup | Efficiency |',
      '|---|---|---|---|',
      '| 1 | 100 | 1.0 | 100% |',
      '| 2 | 150 | 1.5 | 75% |',
      '| 4 | 200 | 2.0 | 50% |',
      '| 8 | 240 | 2.4 | 30% |',
      '',
      '## Findings',
      '',
      `1. **The v2.9 dylib is necessary** ${RLO}${RTL_TEXT} ${LONG_WORD}`,
      '',
    ].join('\n'),
  );
  // Copies of the example crash whose signature is the most common one, captured earlier, so one of them
  // is the example the crashes page shows in full (process, exception, "captured …").
  const ips = readFileSync(join(EXAMPLES, 'crashes', 'Python-2025-12-23-090004.ips'), 'utf8');
  for (let i = 0; i < 4; i++) {
    const text = ips
      .replaceAll('"procName": "Python"', `"procName": "${STRAY_PDI}${RLO}Python${RTL_TEXT}"`)
      .replace('"pid": 80339', `"pid": ${40000 + i}`)
      .replaceAll('74959957-4EF9-4A94-89E5-26FBD438CAB9', `74959957-4EF9-4A94-89E5-26FBD43800${i}0`)
      .replace(
        '"captureTime": "2025-12-23 09:00:04.7800 -0800"',
        `"captureTime": "2025-12-22 09:00:0${i}.0000 -0800"`,
      )
      .replace('at 0x0000000000000098"', `at 0x0000000000000098 ${LONG_WORD}"`);
    writeFileSync(join(dir, 'crashes', `Python-2025-12-22-09000${i}.ips`), text);
  }
  writeFileSync(
    join(dir, 'crashes', 'crash_summary.json'),
    `${JSON.stringify(
      {
        crashes: [0, 1, 2].map((i) => ({
          timestamp: `2026-01-2${i}T10:00:00Z`,
          file: `/Users/dev/${RLO}${LONG_WORD}-${i}.ips`,
          info: {
            process: `${RLO}Python ${RTL_TEXT}`,
            exception: `EXC_BAD_ACCESS - ${LONG_WORD}`,
            fault_address: '0x0000000000000098',
            crashed_in: `[3] ${LONG_WORD} + 32`,
          },
        })),
        last_check: '2026-01-23T00:00:00Z',
        total_files: 3,
      },
      null,
      2,
    )}\n`,
  );
  return [EXAMPLES, dir];
}

/** Runs a small campaign whose configuration labels are hostile into `root/rounds`; returns the folder. */
async function hostileCampaign(root: string): Promise<string> {
  const label = (s: string) => JSON.stringify(s);
  const campaign = parseCampaign(
    `campaign: hostile
command: [node, story.js]
configs:
  a: {env: {WHICH: a}, labels: {fix_variant: ${label(`${RLO}v9 ${LONG_WORD}`)}, torch_version: ${label(`2.9.1${RTL_TEXT}`)}, threads: 8}}
  b: {env: {WHICH: b}, labels: {fix_variant: ${label(`${LRO}${RTL_TEXT}`)}, torch_version: 2.9.1, threads: 8}}
rounds: 4
retry: {attempts: 2, pause: 0}
pass: {must_contain: [ALL CLAIMS VERIFIED]}
metrics:
  regex:
    - pattern: '(?<efficiency_pct>[\\d.]+)% efficiency at (?<threads>\\d+) threads'
`,
    'hostile.yaml',
  );
  let n = 0;
  const spawner = fakeSpawner((req) =>
    req.env.WHICH === 'a' && n++ % 3 === 0
      ? 'crash'
      : { stdout: 'CONFIRMED: 14.7% efficiency at 8 threads\nALL CLAIMS VERIFIED\n' },
  );
  const logs = join(root, 'rounds');
  await runCampaign(campaign, { logsRoot: logs, spawner, host: `mac${RLO}${LONG_WORD.slice(0, 200)}` });
  return logs;
}

/** An analysed in-memory database of the example data plus every hostile input. */
export async function hostileDb(root: string): Promise<Db> {
  const inputs = writeHostileInputs(root);
  const logs = await hostileCampaign(root);
  const db = await Db.open(':memory:');
  await ingestPaths(db, [...inputs, logs], { workers: 0, now: () => new Date('2026-02-01T00:00:00Z') });
  await analyze(db);
  return db;
}
