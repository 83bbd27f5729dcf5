import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinSerialisation, serialisationIn, serialisationParts } from './serialisation.ts';

test('serialisationIn: each construct, as rows, headings and configuration lines write it', () => {
  assert.equal(serialisationIn('v2.5 + GRAPH_PATH + _mps_lock'), 'graph_path+python_lock');
  assert.equal(
    serialisationIn('### complete_story_test_suite.py (Uses Python-level `_mps_lock`)'),
    'python_lock',
  );
  assert.equal(serialisationIn('- Throttle: Semaphore(2)'), 'semaphore(2)');
  assert.equal(serialisationIn('_mps_throttle = threading.Semaphore(1)'), 'semaphore(1)');
  assert.equal(serialisationIn('MPS_FORCE_GRAPH_PATH=1'), 'graph_path');
  assert.equal(serialisationIn('MPS_FORCE_GRAPH_PATH: `1`'), 'graph_path');
  assert.equal(serialisationIn('v2.5 + Semaphore(2) throttling'), 'semaphore(2)');
  assert.equal(serialisationIn('_mps_lock = threading.Lock()'), 'python_lock');
});

test('serialisationIn: none only where the text says there is none', () => {
  assert.equal(serialisationIn('### comprehensive_test_suite.py (No Python-level lock)'), 'none');
  assert.equal(serialisationIn('Crashes occur without Python-level serialization'), 'none');
  assert.equal(serialisationIn('I restored the original test to get accurate results.'), 'none');
  assert.equal(serialisationIn('Heavy workloads without Python lock'), 'none');
  assert.equal(serialisationIn('No lock-free alternative'), null); // not a statement about a lock
  assert.equal(serialisationIn('No deadlock'), null);
  assert.equal(serialisationIn('v2.5 dylib alone'), null); // "alone" is not "no lock"
});

test('serialisationIn: comparisons and switched-off settings state nothing (survey §3.2)', () => {
  assert.equal(serialisationIn('Semaphore(2) +13% vs Lock'), null);
  assert.equal(serialisationIn('| Semaphore(2) | 1044 | 1.22x | PASS |'), 'semaphore(2)'); // the caller judges where it stands
  assert.equal(serialisationIn('Semaphore(2): 1038 ops/s (17% speedup)'), null);
  assert.equal(serialisationIn('Lock: 888 ops/s'), null);
  assert.equal(serialisationIn('MPS_FORCE_GRAPH_PATH=0'), null);
  assert.equal(serialisationIn('| MPS_FORCE_GRAPH_PATH | Uses thread-safe graph API | N/A |'), null);
  assert.equal(serialisationIn('Semaphore(1) and Semaphore(2)'), null);
  assert.equal(serialisationIn('No Python-level lock; _mps_lock used'), null); // contradicts itself
});

test('joinSerialisation / serialisationParts: sorted, distinct, + joined, and back', () => {
  assert.equal(joinSerialisation(['python_lock', 'graph_path', 'python_lock']), 'graph_path+python_lock');
  assert.equal(joinSerialisation([]), null);
  assert.deepEqual(serialisationParts('graph_path+semaphore(2)'), ['graph_path', 'semaphore(2)']);
  assert.deepEqual(serialisationParts(null), []);
  fc.assert(
    fc.property(fc.string(), (s) => {
      const v = serialisationIn(s);
      if (v) assert.equal(joinSerialisation(serialisationParts(v)), v);
    }),
  );
});
