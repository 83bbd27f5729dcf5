import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LogEvent } from '../store/roundLog.ts';
import {
  colourFor,
  fitFields,
  fleetText,
  plainProgress,
  progressLine,
  rateText,
  tallyLine,
} from './progress.ts';
import { runSummaryLines, summarizeRun, summaryTable } from './runSummaryTable.ts';
import { emptyTally, type Tally } from './tally.ts';

const tally: Tally = { ...emptyTally(20), rounds: 3, passes: 1, attempts: 3, crashes: 2, failures: 2 };
const ANSI = /\u001b\[[0-9;]*m/g;

/** Every number of the full line appears whole in the fitted one or not at all. */
function numbersWhole(full: string, fitted: string) {
  const fullNumbers: string[] = full.match(/\d+(?:\.\d+)?%?/g) ?? [];
  for (const n of fitted.match(/\d+(?:\.\d+)?%?/g) ?? [])
    assert.ok(fullNumbers.includes(n), `${n} cut in ${fitted}`);
}

test('progress line: at 80 and 60 columns it fits, keeps the rate first and whole, and cuts no number', () => {
  const full = progressLine('native-2.9.1', tally, 65, 130, 1000, false);
  assert.match(full, /^native-2\.9\.1 │ failed 66\.7% │ \[20\.8%–93\.9%\] │ 3\/20 rounds/);
  for (const width of [79, 59, 40]) {
    const line = progressLine('native-2.9.1', tally, 65, 130, width, false);
    assert.ok([...line].length <= width, `${line.length} > ${width}: ${line}`);
    assert.match(line, /^native-2\.9\.1 │ failed 66\.7%/);
    numbersWhole(full, line);
  }
  assert.equal(
    progressLine('native-2.9.1', tally, 65, 130, 79, false),
    'native-2.9.1 │ failed 66.7% │ [20.8%–93.9%] │ 3/20 rounds │ ETA 2m10s',
  );
  assert.equal(
    progressLine('native-2.9.1', tally, 65, 130, 59, false),
    'native-2.9.1 │ failed 66.7% │ [20.8%–93.9%] │ 3/20 rounds',
  );
});

test('progress line: a wide terminal gets every field and a bar in the room left', () => {
  const line = progressLine('demo-fix', tally, 65, 130, 139, false);
  assert.match(line, /3\/20 rounds │ [█░]+ │ 1 passed │ 2\/3 attempts failed │ 1m05s │ ETA 2m10s$/);
  assert.ok([...line].length <= 139);
});

test('progress line: colour codes only when asked, around whole fields', () => {
  const coloured = progressLine('native', tally, 65, 130, 79, true);
  assert.match(coloured, ANSI);
  assert.equal(coloured.replace(ANSI, ''), progressLine('native', tally, 65, 130, 79, false));
  assert.doesNotMatch(progressLine('native', tally, 65, 130, 79, false), ANSI);
});

test('fitFields drops the least needed fields whole, never those of priority 0', () => {
  const fields = [
    { text: 'name', priority: 0 },
    { text: 'rate 12.5%', priority: 0 },
    { text: 'a', priority: 2 },
    { text: 'bb', priority: 1 },
  ];
  assert.deepEqual(
    fitFields(fields, 19, ' ').map((f) => f.text),
    ['name', 'rate 12.5%', 'bb'],
  );
  assert.deepEqual(
    fitFields(fields, 3, ' ').map((f) => f.text),
    ['name', 'rate 12.5%'],
  );
});

test('colour only on a terminal with colours and NO_COLOR unset', () => {
  const tty = { isTTY: true, hasColors: () => true };
  assert.equal(colourFor(tty, {}), true);
  assert.equal(colourFor(tty, { NO_COLOR: '1' }), false);
  assert.equal(colourFor({ isTTY: false, hasColors: () => true }, {}), false);
  assert.equal(colourFor({ isTTY: true, hasColors: () => false }, {}), false);
});

test('plain lines keep every field; the rate counts every failed attempt', () => {
  assert.equal(rateText({ ...tally, failures: 3, crashes: 1 }), '100.0% [43.9%–100.0%]');
  assert.equal(
    tallyLine('native', tally, 65, 130),
    '[native] failed 66.7%  [20.8%–93.9%]  3/20 rounds  1 passed  2/3 attempts failed  1m05s  ETA 2m10s',
  );
});

function roundEvents(config: string, outcomes: string[][], durations: number[]): LogEvent[] {
  const out: unknown[] = [];
  outcomes.forEach((attempts, i) => {
    const round_uid = `${config}/${i}`;
    attempts.forEach((outcome, a) => {
      out.push({ v: 2, type: 'attempt', config, round_uid, attempt: a + 1, outcome });
    });
    out.push({
      v: 2,
      type: 'round',
      config,
      round_uid,
      status: attempts.at(-1) === 'pass' ? 'pass' : 'fail',
      duration_s: durations[i],
    });
  });
  return out as LogEvent[];
}

test('run summary: per configuration, failed attempts by kind, a crash report revision counts', () => {
  const events = [
    ...roundEvents('native', [['crash', 'pass'], ['pass'], ['crash', 'timeout', 'fail']], [12.5, 6, 40]),
    ...roundEvents('v2.9', [['pass'], ['pass']], [0.8, 65]),
    {
      v: 2,
      type: 'crash_reports',
      round_uid: 'native/1',
      attempt: 1,
      outcome: 'crash',
    } as unknown as LogEvent,
  ];
  const rows = summarizeRun(events);
  assert.deepEqual(
    rows.map((r) => [r.config, r.rounds, r.passed, r.failed]),
    [
      ['native', 3, 2, { crash: 2, timeout: 1, fail: 1 }],
      ['v2.9', 2, 2, { crash: 0, timeout: 0, fail: 0 }],
    ],
  );
  assert.deepEqual(summaryTable(rows), [
    'config  rounds  passed  failed attempts             pass rate [95% Wilson]  median    min    max',
    'native       3       2  2 crash, 1 timeout, 1 fail  66.7% [20.8%–93.9%]      12.5s   6.0s  40.0s',
    'v2.9         2       2  –                           100.0% [34.2%–100.0%]    32.9s  800ms  1m05s',
  ]);
});

test('run summary of a log file: its completed rounds; nothing for a log without rounds or no log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-summary-'));
  try {
    const log = join(dir, 'run.jsonl');
    const events = roundEvents('native', [['crash', 'pass'], ['pass']], [2, 4]);
    writeFileSync(log, `${events.map((e) => JSON.stringify(e)).join('\n')}\n{"v": 2, "type": "round", "conf`);
    const lines = runSummaryLines(log);
    assert.equal(lines.length, 2);
    assert.match(
      lines[1],
      /^native {2,}2 {2,}2 {2}1 crash {2,}100\.0% \[34\.2%–100\.0%\] +3\.0s {2}2\.0s {2}4\.0s$/,
    );
    writeFileSync(log, '');
    assert.deepEqual(runSummaryLines(log), []);
    assert.deepEqual(runSummaryLines(join(dir, 'missing.jsonl')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fleet host prints the whole campaign’s progress a tenth at a time in plain mode', () => {
  const out: string[] = [];
  const sink = plainProgress((s) => out.push(s));
  for (let done = 0; done <= 40; done++) sink.fleet?.({ done, planned: 40, hosts: 4 });
  assert.equal(out.length, 11);
  assert.equal(out[10], 'fleet: 40/40 rounds done by every host, 4 hosts running\n');
  assert.equal(
    fleetText({ done: 1, planned: 2, hosts: 1 }),
    'fleet: 1/2 rounds done by every host, 1 host running',
  );
});
