import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { configKey, configKeySql } from './configKey.ts';
import { Db } from './db.ts';
import type { Wrapper } from './vocabulary.ts';

let db: Db;
before(async () => {
  db = await Db.open(':memory:');
});
after(() => db.close());

const labels = fc.record({
  fix_variant: fc.option(fc.oneof(fc.constantFrom('native', 'v2.3', 'v2.9', ''), fc.string()), { nil: null }),
  torch_version: fc.option(fc.oneof(fc.constantFrom('2.9.1', '2.9.1a0+git8cfbcc8', ''), fc.string()), {
    nil: null,
  }),
  threads: fc.option(fc.integer({ min: -1, max: 1024 }), { nil: null }),
  wrapper: fc.option(fc.constantFrom<Wrapper>('retry', 'none'), { nil: null }),
  workload: fc.option(
    fc.oneof(fc.constantFrom('complete_story', 'transformer_encoder_isolated'), fc.string()),
    {
      nil: null,
    },
  ),
  serialised: fc.option(fc.constantFrom('none', 'python_lock', 'graph_path+semaphore(2)'), { nil: null }),
});

test('configKeySql gives configKey for the same labels (the views key round-log rows by it)', async () => {
  const sql = configKeySql({
    fix_variant: '$1::VARCHAR',
    torch_version: '$2::VARCHAR',
    threads: '$3::INTEGER',
    wrapper: '$4::VARCHAR',
    workload: '$5::VARCHAR',
    serialised: '$6::VARCHAR',
  });
  await fc.assert(
    fc.asyncProperty(labels, async (l) => {
      const [{ key }] = await db.all<{ key: string }>(`SELECT ${sql} AS key`, [
        l.fix_variant,
        l.torch_version,
        l.threads,
        l.wrapper,
        l.workload,
        l.serialised,
      ]);
      assert.equal(key, configKey(l));
    }),
    { numRuns: 300 },
  );
});
