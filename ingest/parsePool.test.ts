import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParsePool } from './parsePool.ts';

const report = (n: number) =>
  Buffer.from(`# Report N=${n}\n\n**Date**: 2025-12-22\n\n- **Pass Rate**: 17/20 rounds\n`);
/** Emphasis markers by the thousand in one paragraph: micromark resolves them in quadratic time. */
const slow = Buffer.from(`# Slow\n\n${'*a* _b_ '.repeat(40_000)}\n`);

test('a file over its time budget is recorded rejected, and the files after it are parsed', async () => {
  const pool = new ParsePool(1, { seconds: () => 0.3, memoryMb: 256 });
  try {
    const [a, b, c] = await Promise.all([
      pool.parse(report(1), 'a.md'),
      pool.parse(slow, 'slow.md'),
      pool.parse(report(2), 'c.md'),
    ]);
    assert.equal(a.status, 'ok');
    assert.equal(b.status, 'rejected');
    assert.equal(b.kind, 'report');
    assert.deepEqual(b.tables, {});
    assert.match(b.problems[0].message, /^parse stopped after 0\.3 s \(the file's time budget\)/);
    assert.equal(c.status, 'ok');
    assert.equal(c.tables.batches?.[0].passed, 17);
  } finally {
    await pool.close();
  }
});

test('a file over its memory budget is recorded rejected, and the pool goes on', async () => {
  const pool = new ParsePool(1, { seconds: () => 60, memoryMb: 24 });
  const big = Buffer.from(
    `# Big\n\n${'| a | b |\n|---|---|\n'}${'| 17/20 rounds | **x** |\n'.repeat(60_000)}`,
  );
  try {
    const [b, c] = await Promise.all([pool.parse(big, 'big.md'), pool.parse(report(3), 'c.md')]);
    assert.equal(b.status, 'rejected');
    assert.match(b.problems[0].message, /^parse stopped: over the file's memory budget \(24 MB\)/);
    assert.equal(c.status, 'ok');
  } finally {
    await pool.close();
  }
});
