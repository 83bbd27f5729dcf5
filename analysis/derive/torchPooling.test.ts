import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinguishedBuilds, pooledTorch } from './torchPooling.ts';
import { unit } from './unitFixture.ts';

test('builds pool under their base; a bare base and a build of it are one torch', () => {
  const none = new Set<string>();
  assert.equal(pooledTorch('2.9.1a0+git8cfbcc8', none), '2.9.1');
  assert.equal(pooledTorch('2.9.1 (git 8cfbcc8)', none), '2.9.1');
  assert.equal(pooledTorch('2.9.1', none), '2.9.1');
  assert.equal(pooledTorch(null, none), null);
  assert.equal(pooledTorch('nightly', none), 'nightly');
});

test('two builds of one base in one report are kept apart everywhere; a build alone still pools', () => {
  const distinguished = distinguishedBuilds([
    unit('a.md', { stated: { torch: '2.9.1a0+git10e734a' } }),
    unit('a.md', { line: 20, stated: { torch: '2.9.1a0+git8cfbcc8' } }),
    unit('b.md', { stated: { torch: '2.9.1a0+gitbee5a22' } }),
    unit('b.md', { line: 20, stated: { torch: '2.9.1' } }),
  ]);
  assert.deepEqual([...distinguished].sort(), ['2.9.1+git10e734a', '2.9.1+git8cfbcc8']);
  assert.equal(pooledTorch('2.9.1a0+git8cfbcc883d8f', distinguished), '2.9.1+git8cfbcc8');
  assert.equal(pooledTorch('2.9.1a0+gitbee5a22', distinguished), '2.9.1');
});
