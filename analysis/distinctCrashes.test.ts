import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinctCrashes, type MergeableCrash } from './distinctCrashes.ts';

const rec = (
  crash_uid: string,
  original_name: string | null,
  frames: number,
  source_id: string,
  duplicates_folded = 0,
): MergeableCrash => ({
  crash_uid,
  original_name,
  frames: Array.from({ length: frames }, (_, i) => `${crash_uid} frame ${i}`),
  captured_at: '2025-12-23T17:00:04Z',
  duplicates_folded,
  source_id,
  line: 1,
});

test('distinctCrashes: a crash read from its .ips, two .crash copies and a summary entry is one crash', () => {
  const ips = rec('incident:A', 'Python-2025-12-23-090004.ips', 8, 's1');
  const copy1 = rec('incident:A', 'copy-one.crash', 8, 's2');
  const copy2 = rec('incident:A', 'copy-two.crash', 8, 's3');
  // The summary entry shares the .ips's name, not its uid; it had folded 3 copies of its own.
  const entry = rec('summary:Python-2025-12-23-090004.ips', 'Python-2025-12-23-090004.ips', 1, 's4', 3);
  const other = rec('summary:Python-2025-12-23-104640.ips', 'Python-2025-12-23-104640.ips', 1, 's4', 72);
  const out = distinctCrashes([entry, copy2, other, copy1, ips]);
  assert.equal(out.length, 2);
  const a = out.find((d) => d.crash.crash_uid === 'incident:A');
  assert.ok(a);
  assert.equal(a.members.length, 4);
  // 3 other records, plus the 3 copies the summary had folded.
  assert.equal(a.duplicates_folded, 6);
  // The fullest record stands for it; among equals the first by source.
  assert.equal(a.crash.source_id, 's1');
  const b = out.find((d) => d.crash.crash_uid !== 'incident:A');
  assert.equal(b?.duplicates_folded, 72);
  assert.deepEqual(distinctCrashes([]), []);
});

test('distinctCrashes joins a chain: a .crash copy and a summary entry meet only through the .ips', () => {
  const out = distinctCrashes([
    rec('incident:B', 'b.crash', 5, 's2'),
    rec('summary:x.ips', 'x.ips', 1, 's3'),
    rec('incident:B', 'x.ips', 6, 's1'),
  ]);
  assert.equal(out.length, 1);
  assert.equal(out[0].crash.frames?.length, 6);
});
