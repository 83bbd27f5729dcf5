/**
 * Round logs of version 2 (an attempt written at its exit, its crash reports
 * in a later `crash_reports` event, an attempt killed with the runner written
 * `interrupted` by the resumed run) ingest into the same `attempts` rows as
 * version 1 wrote them (crash reports inline); version-1 logs still ingest.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingestPaths } from '../ingest/ingest.ts';
import { parseCampaign } from '../runner/campaign.ts';
import { readLogEvents } from '../runner/logFile.ts';
import { runCampaign } from '../runner/runCampaign.ts';
import { fakeSpawner, type Spawner } from '../runner/spawn/index.ts';
import { Db } from '../store/db.ts';
import type { LogEvent } from '../store/roundLog.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-versions-'));
after(() => rmSync(root, { recursive: true, force: true }));
const examples = join(import.meta.dirname, '..', 'data', 'examples', 'crashes');
const IPS = join(examples, 'Python-2025-12-23-090012.ips');
const IPS2 = join(examples, 'Python-2025-12-23-090004.ips');

interface AttemptRow {
  round_uid: string;
  attempt_no: number;
  outcome: string;
  crash_uid: string | null;
}

async function attemptsOf(paths: string[]): Promise<AttemptRow[]> {
  const db = await Db.open(':memory:');
  try {
    await ingestPaths(db, paths, { workers: 0 });
    return await db.all<AttemptRow>(
      'SELECT round_uid, attempt_no, outcome, crash_uid FROM attempts ORDER BY round_uid, attempt_no',
    );
  } finally {
    db.close();
  }
}

/** The same log as version 1 wrote it: no attempt_start, crash reports inline, outcomes final. */
function asVersion1(events: LogEvent[]): string {
  const reports = new Map<string, LogEvent & { type: 'crash_reports' }>();
  for (const e of events) if (e.type === 'crash_reports') reports.set(`${e.round_uid}#${e.attempt}`, e);
  let seq = 0;
  return events
    .filter((e) => e.type !== 'attempt_start' && e.type !== 'crash_reports')
    .map((e) => {
      if (e.type !== 'attempt') return { ...e, v: 1, seq: ++seq };
      const { reports_follow, leftovers, ...rest } = e;
      const r = reports.get(`${e.round_uid}#${e.attempt}`);
      return {
        ...rest,
        v: 1,
        seq: ++seq,
        outcome: r?.outcome ?? e.outcome,
        crash_reports: r?.crash_reports ?? [],
      };
    })
    .map((e) => `${JSON.stringify(e)}\n`)
    .join('');
}

test('version 2: attempts show the crash and the outcome of their later crash_reports event, and interrupted attempts', async () => {
  const folder = join(root, 'DiagnosticReports');
  mkdirSync(folder, { recursive: true });
  const logs = join(root, 'logs');
  const c = parseCampaign(
    `campaign: v2
command: [x]
configs:
  native: {labels: {fix_variant: native}}
rounds: 2
retry: {attempts: 3, pause: 0}
pass: {strict: true}
crash_reports: {folders: [${JSON.stringify(folder)}], patterns: ['*.ips'], content: 'Python', settle: 0}
`,
    'v2.yaml',
  );
  // Round 1: a crash that leaves a report, then Ctrl-C kills attempt 2 (interrupted); resumed: an exit 0 that
  // leaves a report (strict: failed by it). Round 2: a pass.
  const controller = new AbortController();
  const first = fakeSpawner(['crash', 'pass'], (_req, i) => {
    if (i === 0) copyFileSync(IPS, join(folder, 'Python-1.ips'));
    if (i === 1) controller.abort();
  });
  const killing: Spawner = {
    run: async (req) => {
      const r = await first.run(req);
      return controller.signal.aborted ? { ...r, aborted: true, exitCode: null, signal: 'SIGKILL' } : r;
    },
  };
  await runCampaign(c, { logsRoot: logs, spawner: killing, host: 'h', signal: controller.signal });
  const resumed = fakeSpawner(['pass', 'pass'], (_req, i) => {
    if (i === 0) copyFileSync(IPS2, join(folder, 'Python-2.ips'));
  });
  const s = await runCampaign(c, { logsRoot: logs, spawner: resumed, host: 'h', resume: true });
  assert.equal(s.complete, true);
  const rows = await attemptsOf([logs]);
  const uid = (r: number) => `v2/${s.run}/native/r${r}.1`;
  assert.deepEqual(
    rows.map((r) => [r.round_uid, r.attempt_no, r.outcome, r.crash_uid !== null]),
    [
      [uid(1), 1, 'crash', true],
      [uid(1), 2, 'interrupted', false],
      [uid(1), 3, 'fail', true],
      [uid(2), 1, 'pass', false],
    ],
  );
  assert.notEqual(rows[0].crash_uid, rows[2].crash_uid);

  // The same facts written as version 1 wrote them give the same rows.
  const dir = join(root, 'v1');
  mkdirSync(join(dir, 'v2'), { recursive: true });
  const campaignDir = join(logs, 'v2');
  const events = readdirSync(campaignDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readLogEvents(join(campaignDir, f)));
  writeFileSync(join(dir, 'v2', 'h-20250101T000000000Z.jsonl'), asVersion1(events));
  for (const f of readdirSync(join(campaignDir, 'crash_reports')))
    copyFileSync(join(campaignDir, 'crash_reports', f), join(dir, f));
  assert.deepEqual(await attemptsOf([dir]), rows);
});
