/**
 * Golden tests of the session report. Each folder under `golden/` holds
 * `session.txt` (the `--session` value), `source.txt` (what the database is
 * built from, relative to the repository root: a campaign file, run with a
 * scripted fake spawner and a fixed clock, or a folder of reports under
 * ../shared, read at test time and never copied) and `expected.md`.
 * `UPDATE=1` rewrites the expectations for review; on a mismatch the output is
 * written beside the golden as `expected.actual.md` (git-ignored). Cases
 * under ../shared are skipped, with a message, when it is absent.
 *
 * Each case also round-trips: the written report is ingested back beside its
 * sources, and the database then holds the same rounds and renders the same
 * report (ingest counts none of its rounds twice).
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../analysis/derive/index.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import { loadCampaign } from '../../runner/campaign.ts';
import { runCampaign } from '../../runner/runCampaign.ts';
import { fakeSpawner } from '../../runner/spawn/index.ts';
import { Db } from '../../store/db.ts';
import { loadSessionReport, parseSessionSelector, renderSessionReport } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const goldenDir = join(here, 'golden');
const UPDATE = process.env.UPDATE === '1';
const tmp = mkdtempSync(join(tmpdir(), 'rb-session-report-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The demo campaign run by a scripted spawner: every fifth attempt of the native configuration crashes. */
async function runDemo(campaignFile: string, logsRoot: string): Promise<string> {
  let clock = Date.parse('2026-01-14T10:00:00Z');
  const calls = new Map<string, number>();
  const spawner = fakeSpawner((req) => {
    const config = req.env.DEMO_CRASH_RATE ?? 'probe';
    const n = (calls.get(config) ?? 0) + 1;
    calls.set(config, n);
    if (config === '0.15' && n % 5 === 0) return 'crash';
    return { stdout: `ALL CLAIMS VERIFIED\n${(12 + (n % 7)).toFixed(1)}% efficiency at 8 threads\n` };
  });
  const summary = await runCampaign(loadCampaign(campaignFile), {
    logsRoot,
    spawner,
    host: 'mac1',
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  assert.equal(summary.complete, true, summary.reason);
  return logsRoot;
}

async function buildReport(inputs: string[], session: string): Promise<{ text: string; rounds: number }> {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, inputs, { workers: 0 });
    await analyze(db);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rounds');
    return {
      text: renderSessionReport(await loadSessionReport(db, parseSessionSelector(session))),
      rounds: n,
    };
  } finally {
    db.close();
  }
}

function assertGoldenText(file: string, actual: string): void {
  const actualFile = file.replace(/\.md$/, '.actual.md');
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, actual);
    rmSync(actualFile, { force: true });
    if (!UPDATE) assert.fail(`${file} was missing: written, review it`);
    return;
  }
  if (actual !== readFileSync(file, 'utf8')) {
    writeFileSync(actualFile, actual);
    assert.equal(
      actual,
      readFileSync(file, 'utf8'),
      `actual output written to ${actualFile}: diff it with ${file}`,
    );
  }
  rmSync(actualFile, { force: true });
}

for (const name of readdirSync(goldenDir).sort()) {
  const dir = join(goldenDir, name);
  const source = readFileSync(join(dir, 'source.txt'), 'utf8').trim();
  const session = readFileSync(join(dir, 'session.txt'), 'utf8').trim();
  const path = resolve(repo, source);
  const skip = existsSync(path)
    ? false
    : `${source} is absent (../shared not checked out): session report golden case skipped`;
  test(`session report golden: ${name}`, { skip }, async () => {
    const work = join(tmp, name);
    mkdirSync(work, { recursive: true });
    const inputs = source.endsWith('.yaml') ? [await runDemo(path, join(work, 'logs'))] : [path];
    const first = await buildReport(inputs, session);
    assertGoldenText(join(dir, 'expected.md'), first.text);

    // Round trip: the written report ingested back beside its sources adds no round and changes nothing.
    const written = join(work, 'written');
    mkdirSync(written, { recursive: true });
    writeFileSync(join(written, `verification_rounds_${name}.md`), first.text);
    const again = await buildReport([...inputs, written], session);
    assert.equal(again.rounds, first.rounds, 'the written report counted its rounds a second time');
    assert.equal(again.text, first.text);
  });
}
