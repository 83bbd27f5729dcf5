import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { torchBase, torchBuild } from '../../store/torchVersion.ts';
import { torchInProse, torchKeyRole, torchVersionIn } from './torchVersionIn.ts';

const split = (v: string | null) => [torchBase(v), torchBuild(v)];

test('torchVersionIn: every written form splits into the right base and build (survey §4.2)', () => {
  assert.equal(torchVersionIn('2.9.1a0+git8cfbcc8'), '2.9.1a0+git8cfbcc8');
  assert.equal(torchVersionIn('2.9.1 (git 8cfbcc8)'), '2.9.1+git8cfbcc8');
  assert.deepEqual(split(torchVersionIn('2.9.1 (git 8cfbcc8)')), split(torchVersionIn('2.9.1a0+git8cfbcc8')));
  assert.deepEqual(split(torchVersionIn('2.9.1 (git 8cfbcc8)')), ['2.9.1', 'git8cfbcc8']);
  assert.equal(torchVersionIn('2.9.1+ (native MPS threading)'), '2.9.1');
  assert.deepEqual(split(torchVersionIn('2.9.1+')), ['2.9.1', null]);
  assert.equal(torchVersionIn('v2.9.1'), '2.9.1');
  assert.equal(torchVersionIn('2.9.1a0+git755017b imported from pytorch-mps-fork/'), '2.9.1a0+git755017b');
  assert.equal(torchVersionIn('2.11.0+cu130'), '2.11.0+cu130');
  assert.equal(torchVersionIn('gita70bebb (2 commits behind HEAD)'), null);
  assert.equal(torchVersionIn('Enabled'), null);
});

test('torchKeyRole: the installed build over a plain key; heads and bases are not the running torch', () => {
  assert.equal(torchKeyRole('installed torch'), 'installed');
  assert.equal(torchKeyRole('imported torch'), 'installed');
  assert.equal(torchKeyRole('pytorch'), 'stated');
  assert.equal(torchKeyRole('pytorch version'), 'stated');
  assert.equal(torchKeyRole('fork head'), 'not_running');
  assert.equal(torchKeyRole('pytorch-mps-fork head'), 'not_running');
  assert.equal(torchKeyRole('base'), 'not_running');
  assert.equal(torchKeyRole('pytorch mps'), null);
  assert.equal(torchKeyRole('hardware'), null);
});

test('torchInProse: after the word PyTorch only, never in a patch, base or head context', () => {
  assert.equal(torchInProse('Verified native PyTorch 2.9.1 MPS threading stability.'), '2.9.1');
  assert.equal(torchInProse('Apple M4 Max, macOS 15.7.3, PyTorch 2.9.1a0+git10e734a'), '2.9.1a0+git10e734a');
  assert.equal(torchInProse('PyTorch 2.9.1+ (native MPS threading)'), '2.9.1');
  assert.equal(torchInProse('PyTorch: 2.9.1 (git 8cfbcc8)'), '2.9.1+git8cfbcc8');
  assert.equal(torchInProse('macOS 15.7.3'), null);
  assert.equal(torchInProse('cumulative-v2.9.1-to-mps-stream-pool.patch against PyTorch v2.9.1'), null);
  assert.equal(torchInProse('Upstream PyTorch 2.9.1 base'), null);
});

test('property: torchVersionIn never throws and what it reads has a base', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const v = torchVersionIn(s);
      if (v != null) assert.ok(torchBase(v));
    }),
  );
});
