import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuestion } from './parseQuestion.ts';

test('reads fix, PyTorch version, threads and wrapper from a question', () => {
  assert.deepEqual(parseQuestion('is native 2.9.1 safe yet?'), {
    kind: 'safe',
    fix: 'native',
    torch: '2.9.1',
    threads: null,
    wrapper: null,
  });
  assert.deepEqual(parseQuestion('Is the v2.9 dylib still necessary at 8 threads?'), {
    kind: 'necessary',
    fix: 'v2.9',
    torch: null,
    threads: 8,
    wrapper: null,
  });
  assert.deepEqual(
    parseQuestion('is PyTorch 2.9.1a0+git8cfbcc8 with libagx_fix_v2_3.dylib stable at 8T without retry?'),
    {
      kind: 'safe',
      fix: 'v2.3',
      torch: '2.9.1a0+git8cfbcc8',
      threads: 8,
      wrapper: 'none',
    },
  );
});

test('v2.9.1 is a PyTorch version, never a dylib', () => {
  const q = parseQuestion('is v2.9.1 safe yet');
  assert.equal(q.torch, '2.9.1');
  assert.notEqual(q.fix, 'v2.9');
});

test('a question about neither safety nor necessity is unknown', () => {
  assert.equal(parseQuestion('what is the weather').kind, 'unknown');
});
