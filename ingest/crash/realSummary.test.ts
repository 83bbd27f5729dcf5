// The team's real crash_summary.json (274 captures), read from ../shared at test
// time (never copied into the project); skipped visibly when ../shared is absent.
//
// How the figures below were checked by hand (python3 in /work/shared/corpus):
//   key = re.sub(r'^\d{8}_\d{6}_', '', os.path.basename(e['file']))
//   len(d['crashes']) → 274; len(Counter(key(e) for e in d['crashes'])) → 48
//   (MAP.md §8 says 48 distinct original names: confirmed), the most copied
//   being Python-2025-12-23-104640.ips (73×), and every copy of one name has
//   identical `info`. Then, one entry per name, `info.exception` and
//   `crashed_in` listed and grouped by eye:
//   - KERN_INVALID_ADDRESS at 0x98 + prepareForEnqueue(bool): 092750, 094754,
//     110345, 110549, 113816, 134510                                 → 6
//   - objc_msgSend + 32, wild or PAC address: 103435, 104419, 104640, 104745,
//     105520, 112446, 133344, 133551, 133558, 133920, 133947, 134347 → 12
//   - objc_retain + 16, wild address: 114432, 114613, 114650          → 3
//   - near-NULL 0x5f4 dispatchThreads / 0x3b90 setBuffer / 0x5c8
//     setComputePipelineState / 0x1e0 bindResource                    → 1 each
//   - EXC_BREAKPOINT CF_IS_OBJC + 64: 114711                           → 1
//   - EXC_CRASH __pthread_kill + 8: 002607, 105553, 105700             → 3
//   - EXC_CRASH __abort_with_payload + 8 (python3.14): 6 names         → 6
//   - gpuEvent-… with empty info                                       → 13
//   6+12+3+4+1+3+6+13 = 48 distinct crashes in 11 clusters; 274-48 = 226 copies folded.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crashClusters } from '../../analysis/crashClusters.ts';
import { detectCrashFormat } from './detectFormat.ts';
import { parseCrashSummary } from './parseCrashSummary.ts';

const path = fileURLToPath(new URL('../../../shared/corpus/crash_summary.json', import.meta.url));
const absent = !existsSync(path) && '../shared/corpus/crash_summary.json is absent';

test('real crash_summary.json: 48 distinct crashes in 11 clusters', { skip: absent }, () => {
  const text = readFileSync(path, 'utf8');
  assert.equal(detectCrashFormat(text), 'crash_summary');
  const parsed = parseCrashSummary(text, path);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.crashes.length, 48);
  assert.equal(
    parsed.crashes.reduce((n, c) => n + c.duplicates_folded + 1, 0),
    274,
  );
  assert.equal(
    parsed.crashes.find((c) => c.original_name === 'Python-2025-12-23-104640.ips')?.duplicates_folded,
    72,
  );
  assert.equal(parsed.crashes.filter((c) => c.exception_type === null).length, 13);

  const sizes = Object.fromEntries(crashClusters(parsed.crashes).map((r) => [r.signature, r.crashes]));
  assert.deepEqual(sizes, {
    'EMPTY: gpuEvent report': 13,
    'EXC_BAD_ACCESS/SIGSEGV | objc_msgSend': 12,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x98 | AGX::ComputeContext<T>::prepareForEnqueue(bool)': 6,
    'EXC_CRASH | __abort_with_payload': 6,
    'EXC_BAD_ACCESS/SIGSEGV | objc_retain': 3,
    'EXC_CRASH | __pthread_kill': 3,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x1e0 | AGX::ResourceGroupUsage<T>::bindResource(_IOGPUMetalResource const*, ResourceGroupBindingType, unsigned int, unsigned int)': 1,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x3b90 | -[AGXG16XFamilyComputeContext setBuffer:offset:atIndex:]': 1,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x5c8 | -[AGXG16XFamilyComputeContext setComputePipelineState:]': 1,
    'EXC_BAD_ACCESS/SIGSEGV NULL+0x5f4 | -[AGXG16XFamilyComputeContext dispatchThreads:threadsPerThreadgroup:]': 1,
    'EXC_BREAKPOINT/SIGTRAP | CF_IS_OBJC': 1,
  });
});

test('real crash_summary.json: each crash points at its earliest copy and its crash time', {
  skip: absent,
}, () => {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const { crashes } = parseCrashSummary(text, path);
  for (const c of crashes) {
    assert.equal(lines[c.line - 1].trim(), '{', `line ${c.line} starts an entry`);
    assert.ok(
      lines[c.line + 1].includes(c.original_name ?? '?'),
      `line ${c.line} is a copy of ${c.original_name}`,
    );
  }
  // Checked by hand: first entry (line 3) is python3.14-2025-12-24-160305.ips, copied at
  // local 16:03:06 = 2025-12-25T00:03:06Z, so the crash at local 16:03:05 is 00:03:05Z.
  const first = crashes.find((c) => c.original_name === 'python3.14-2025-12-24-160305.ips');
  assert.equal(first?.line, 3);
  assert.equal(first?.captured_at, '2025-12-25T00:03:05.000Z');
});

test('real crash_summary.json: every capture is kept, with its own time and line', { skip: absent }, () => {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const { captures, crashes } = parseCrashSummary(text, path);
  assert.equal(captures.length, 274);
  assert.equal(new Set(captures.map((c) => c.line)).size, 274);
  for (const c of captures) {
    assert.equal(lines[c.line - 1].trim(), '{', `line ${c.line} starts an entry`);
    assert.ok(lines[c.line + 1].includes(c.file), `line ${c.line} is the capture ${c.file}`);
    assert.ok(crashes.some((k) => k.crash_uid === c.crash_uid));
  }
  // Checked by hand: Python-2025-12-23-104640.ips was captured 73 times, first at local 10:46:41
  // (2025-12-23T18:46:41.021Z, capture #38 by time), and again at 16:17:36 and 17:01:45 (#248, #255:
  // the "new" crashes of N2987 and N2993).
  const copies = captures
    .filter((c) => c.original_name === 'Python-2025-12-23-104640.ips')
    .map((c) => c.captured_at)
    .sort();
  assert.equal(copies.length, 73);
  assert.equal(copies[0], '2025-12-23T18:46:41.021Z');
  assert.ok(copies.includes('2025-12-24T00:17:36.713Z'));
  assert.ok(copies.includes('2025-12-24T01:01:45.314Z'));
});
