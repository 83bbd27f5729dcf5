import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countedNames, type EnvironmentOutcome, requestAnswer } from './requestAnswer.ts';

const env = (answer: string, over: Partial<EnvironmentOutcome> = {}): EnvironmentOutcome => ({
  config: answer,
  answer,
  trials: 100,
  throttled: false,
  serialised: 'none',
  ...over,
});
const throttled = (answer: string) => env(answer, { throttled: true, serialised: 'semaphore(1)' });

test('the least favourable deciding environment answers: unsafe, then undecided, then safe', () => {
  assert.equal(requestAnswer([env('safe'), env('unsafe'), env('undecided')], null).answer, 'unsafe');
  assert.equal(requestAnswer([env('safe'), env('undecided')], null).answer, 'undecided');
  assert.equal(requestAnswer([env('safe'), env('safe', { serialised: null })], null).answer, 'safe');
  assert.equal(requestAnswer([], null).answer, 'no_evidence');
  assert.equal(requestAnswer([env('no_evidence', { trials: 0 })], null).answer, 'no_evidence');
});

test('a throttled environment never stands in for the unserialised question', () => {
  const r = requestAnswer([throttled('safe'), env('undecided')], null);
  assert.equal(r.answer, 'undecided');
  assert.deepEqual(r.deciding, [false, true]);
  assert.match(
    r.sentence,
    /1 serialised or throttled environment is listed but does not decide \(semaphore\(1\)\)/,
  );
  const only = requestAnswer([throttled('safe')], null);
  assert.equal(only.answer, 'no_evidence');
  assert.match(only.sentence, /only serialised or throttled runs match/);
  // naming the serialisation asks about it: then it decides
  assert.equal(requestAnswer([throttled('safe')], 'semaphore(1)').answer, 'safe');
});

test('many throttled environments are named once each, with how many', () => {
  const r = requestAnswer(
    [
      env('undecided'),
      ...['graph_path', 'semaphore(2)', 'graph_path', 'python_lock', 'graph_path'].map((s) =>
        env('safe', { throttled: true, serialised: s }),
      ),
    ],
    null,
  );
  assert.match(
    r.sentence,
    /5 serialised or throttled environments are listed but do not decide \(graph_path ×3, python_lock, semaphore\(2\)\)/,
  );
  assert.equal(countedNames([]), '');
});
