/**
 * `roundbook ask`'s parser as a table: the phrasings a person types, each with
 * the request it must read or the refusal it must give. A row lists the
 * fields it expects; fix, torch, threads, wrapper and workload not listed must be null.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuestion, type Question, type QuestionContext } from './parseQuestion.ts';

type Row = [
  text: string,
  expected: Partial<Question> & { refusalMatches?: RegExp },
  context?: QuestionContext,
];

const TABLE: Row[] = [
  // safety
  ['is native 2.9.1 safe yet?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['Is native 2.9.1 safe yet', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is pytorch 2.9.1 thread-safe?', { kind: 'safe', torch: '2.9.1' }],
  ['is PyTorch 2.9.1 thread safe at 8 threads?', { kind: 'safe', torch: '2.9.1', threads: 8 }],
  ['is native 2.9.1 unsafe?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is 2.9.1 stable?', { kind: 'safe', torch: '2.9.1' }],
  ['does native 2.9.1 still crash?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['how often does native crash at 8 threads?', { kind: 'safe', fix: 'native', threads: 8 }],
  ['is v2.9.1 safe yet', { kind: 'safe', torch: '2.9.1' }],
  ['is the v2.9 dylib safe on 2.9.1?', { kind: 'safe', fix: 'v2.9', torch: '2.9.1' }],
  ['is v2.3 stable with 8T?', { kind: 'safe', fix: 'v2.3', threads: 8 }],
  ['is v2.9 safe with 8-thread inference', { kind: 'safe', fix: 'v2.9', threads: 8 }],
  ['is native safe at 1 thread?', { kind: 'safe', fix: 'native', threads: 1 }],
  ['is native single-threaded safe?', { kind: 'safe', fix: 'native', threads: 1 }],
  ['is native safe with threads=4', { kind: 'safe', fix: 'native', threads: 4 }],
  [
    'is PyTorch 2.9.1a0+git8cfbcc8 with libagx_fix_v2_3.dylib stable at 8T without retry?',
    { kind: 'safe', fix: 'v2.3', torch: '2.9.1a0+git8cfbcc8', threads: 8, wrapper: 'none' },
  ],
  ['is native safe with the retry wrapper?', { kind: 'safe', fix: 'native', wrapper: 'retry' }],
  ['is native safe without the wrapper?', { kind: 'safe', fix: 'native', wrapper: 'none' }],
  ['is 2.9.1 safe without the dylib?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is stock pytorch 2.9.1 ready to ship?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  [
    'is native 2.9.1 safe on the complete story suite?',
    { kind: 'safe', fix: 'native', torch: '2.9.1', workload: 'complete_story' },
  ],
  ['v2.4 safe?', { kind: 'safe', fix: 'v2.4_nr' }, { fixes: ['native', 'v2.4_nr', 'v2.9'] }],
  ['is v2.4 safe?', { kind: 'safe', fix: 'v2.4' }, { fixes: ['native', 'v2.4', 'v2.4_nr'] }],
  ['is v2.4 nr safe?', { kind: 'safe', fix: 'v2.4_nr' }],
  // typos
  ['is natvie 2.9.1 safe yet?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is native 2.9.1 sfae?', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is native 2.9.1 stabel', { kind: 'safe', fix: 'native', torch: '2.9.1' }],
  ['is the v2.9 dylib still neccessary?', { kind: 'necessary', fix: 'v2.9' }],
  ['is v2.9 still necesary at 8 thraeds?', { kind: 'necessary', fix: 'v2.9', threads: 8 }],
  // necessity
  ['Is the v2.9 dylib still necessary at 8 threads?', { kind: 'necessary', fix: 'v2.9', threads: 8 }],
  ['is the dylib still needed?', { kind: 'necessary' }],
  ['do we still need v2.9 on 2.9.1?', { kind: 'necessary', fix: 'v2.9', torch: '2.9.1' }],
  ['is it safe to remove the dylib', { kind: 'necessary' }],
  ['is it safe to remove the dylib on 2.9.1?', { kind: 'necessary', torch: '2.9.1' }],
  ['can we drop the dylib?', { kind: 'necessary' }],
  ['can we drop v2.9?', { kind: 'necessary', fix: 'v2.9' }],
  ['native vs v2.3', { kind: 'necessary', fix: 'v2.3' }],
  ['native versus v2.9 at 8 threads', { kind: 'necessary', fix: 'v2.9', threads: 8 }],
  ['v2.9 vs native on 2.9.1', { kind: 'necessary', fix: 'v2.9', torch: '2.9.1' }],
  ['does the v2.9 dylib help?', { kind: 'necessary', fix: 'v2.9' }],
  ['is v2.3 counterproductive?', { kind: 'necessary', fix: 'v2.3' }],
  ['is libagx_fix_v2_9.dylib still required?', { kind: 'necessary', fix: 'v2.9' }],
  // crashes
  ['which crash is most common?', { kind: 'crashes' }],
  ['what is the most common crash?', { kind: 'crashes' }],
  ['top crash signatures', { kind: 'crashes' }],
  ['which crashes does native see most?', { kind: 'crashes', fix: 'native' }],
  // session, scaling: a clear pointer
  ['what did this session add?', { kind: 'session', refusalMatches: /roundbook report --session/ }],
  [
    'what did the last campaign add to the record?',
    { kind: 'session', refusalMatches: /roundbook report --session/ },
  ],
  ['how does it scale with threads?', { kind: 'scaling', refusalMatches: /scaling_fits/ }],
  ['what is the efficiency at 8 threads?', { kind: 'scaling', threads: 8, refusalMatches: /Scaling page/ }],
  // refusals
  ['what is the weather', { kind: 'unknown', refusalMatches: /is native 2\.9\.1 safe yet/ }],
  ['hello', { kind: 'unknown', refusalMatches: /still necessary/ }],
  ['2.9.1', { kind: 'unknown', torch: '2.9.1', refusalMatches: /ask whether a build is safe/ }],
];

test(`the ask table: ${TABLE.length} phrasings, each read as its request or refused clearly`, () => {
  assert.ok(TABLE.length >= 40);
  const failures: string[] = [];
  for (const [text, expected, context] of TABLE) {
    const got = parseQuestion(text, context);
    const { refusalMatches, ...fields } = expected;
    const want: Record<string, unknown> = {
      fix: null,
      torch: null,
      threads: null,
      wrapper: null,
      workload: null,
      ...fields,
    };
    for (const [key, value] of Object.entries(want))
      if (got[key as keyof Question] !== value)
        failures.push(
          `${JSON.stringify(text)}: ${key} ${JSON.stringify(got[key as keyof Question])}, want ${JSON.stringify(value)}`,
        );
    if (refusalMatches ? !refusalMatches.test(got.refusal ?? '') : got.refusal !== null)
      failures.push(`${JSON.stringify(text)}: refusal ${JSON.stringify(got.refusal)}`);
  }
  assert.deepEqual(failures, []);
});
