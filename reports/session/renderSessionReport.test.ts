import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSessionReport } from '../../store/sessionReportMarker.ts';
import {
  parseSessionSelector,
  renderSessionReport,
  type SessionReportData,
  type SessionRound,
} from './index.ts';

const round = (no: number, status: string, attempts: number, crashed: number): SessionRound => ({
  round_uid: `c/run/a/r${no}.1`,
  origin: 'runner',
  config: 'native torch=2.9.1 8t retry workload=x|y serialised=none',
  round_no: no,
  status,
  attempts,
  crashed_attempts: crashed,
  wrapper: 'retry',
  efficiency_pct: null,
  date: '2026-01-14 10:00:00',
  host: 'mac1',
  campaign: 'c',
  worker_n: null,
});

const data: SessionReportData = {
  selector: 'c',
  rounds: [round(1, 'pass', 3, 2), round(2, 'fail', 3, 3)],
  batches: [],
  verdicts: [],
  comparisons: [],
  crashes: [
    {
      round_uid: 'c/run/a/r1.1',
      round_no: 1,
      config: 'native torch=2.9.1 8t retry workload=x|y serialised=none',
      attempt_no: 2,
      captured_at: '2026-01-14 10:00:03',
      signature: 'AGXMetalG16X | -[AGXG16XFamilyComputeContext\nsetBuffer]',
      exception_type: 'EXC_BAD_ACCESS',
      signal: 'SIGSEGV',
    },
  ],
  cumulative: [],
};

test('the session report lists the crash reports of its rounds, per attempt, with cells that cannot break the table', () => {
  const md = renderSessionReport(data);
  assert.ok(isSessionReport(md));
  assert.match(md, /^# Verification Rounds 1–2 - campaign c$/m);
  assert.match(md, /^- \*\*Pass Rate\*\*: 1\/2 \(50\.0%; 95% Wilson 9\.5%–90\.5%\)$/m);
  assert.match(md, /^- \*\*Attempts\*\*: 6, 5 crashed; attempts passed 1\/6 /m);
  assert.match(md, /per attempt, 5 of 6 crashed \(83\.3%\)/);
  assert.match(md, /No verdict on this configuration \(run `roundbook analyze`\)/);
  const crashRow = md.split('\n').find((l) => l.startsWith('| 1 |') && l.includes('EXC_BAD_ACCESS'));
  assert.equal(
    crashRow,
    '| 1 | native torch=2.9.1 8t retry workload=x\\|y serialised=none | 2 | 2026-01-14 10:00:03 | EXC_BAD_ACCESS SIGSEGV: AGXMetalG16X \\| -[AGXG16XFamilyComputeContext setBuffer] |',
  );
  assert.match(md, /^\| 2 \| .* \| FAIL \| 3 \| – \|$/m);
});

test('an empty session says so', () => {
  const md = renderSessionReport({ ...data, rounds: [], crashes: [] });
  assert.match(md, /No rounds in session c\./);
});

test('--session values: a range, a worker, a campaign and one of its runs', () => {
  assert.deepEqual(parseSessionSelector('1740-1809'), { kind: 'rounds', first: 1740, last: 1809 });
  assert.deepEqual(parseSessionSelector('1740–1809'), { kind: 'rounds', first: 1740, last: 1809 });
  assert.deepEqual(parseSessionSelector('N=2941'), { kind: 'worker', worker: 2941 });
  assert.deepEqual(parseSessionSelector('worker 2941'), { kind: 'worker', worker: 2941 });
  assert.deepEqual(parseSessionSelector('demo'), { kind: 'campaign', campaign: 'demo' });
  assert.deepEqual(parseSessionSelector('demo/mac1-20260114T100000000Z'), {
    kind: 'campaign',
    campaign: 'demo',
    run: 'mac1-20260114T100000000Z',
  });
  assert.throws(() => parseSessionSelector('9-3'), /ends before it starts/);
  assert.throws(() => parseSessionSelector(' '), /give a campaign/);
});
