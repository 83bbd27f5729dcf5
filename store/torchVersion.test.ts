import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { Db } from './db.ts';
import { torchBase, torchBaseSql, torchBuild, torchBuildSql } from './torchVersion.ts';

let db: Db;
before(async () => {
  db = await Db.open(':memory:');
});
after(() => db.close());

test('torch versions split into base and build', () => {
  assert.equal(torchBase('2.9.1a0+git8cfbcc8'), '2.9.1');
  assert.equal(torchBuild('2.9.1a0+git8cfbcc8'), 'git8cfbcc8');
  assert.equal(torchBuild('2.9.1a0+git8cfbcc883d8f'), 'git8cfbcc8');
  assert.equal(torchBase('2.11.0+cu130'), '2.11.0');
  assert.equal(torchBuild('2.11.0+cu130'), 'cu130');
  assert.equal(torchBase('2.9.1'), '2.9.1');
  assert.equal(torchBuild('2.9.1'), null);
  assert.equal(torchBase('v2.9'), '2.9');
  assert.equal(torchBase('nightly'), null);
  assert.equal(torchBase(null), null);
});

test('the SQL twins give the same base and build (the views split runner labels by them)', async () => {
  const version = fc.oneof(
    fc.constantFrom(
      '2.9.1a0+git8cfbcc8',
      '2.9.1',
      '2.11.0+cu130',
      'v2.9.1',
      '2.9.1+GIT8CFBCC883',
      ' 2.9.1 ',
      '',
    ),
    fc
      .tuple(fc.nat(20), fc.nat(20), fc.option(fc.nat(20)), fc.constantFrom('', 'a0', 'rc1'), fc.string())
      .map(
        ([a, b, c, pre, local]) => `${a}.${b}${c === null ? '' : `.${c}`}${pre}${local ? `+${local}` : ''}`,
      ),
    fc.string(),
  );
  await fc.assert(
    fc.asyncProperty(version, async (v) => {
      const [row] = await db.all<{ base: string | null; build: string | null }>(
        `SELECT ${torchBaseSql('$1::VARCHAR')} AS base, ${torchBuildSql('$1::VARCHAR')} AS build`,
        [v],
      );
      assert.equal(row.base, torchBase(v), `base of ${JSON.stringify(v)}`);
      assert.equal(row.build, torchBuild(v), `build of ${JSON.stringify(v)}`);
    }),
    { numRuns: 300, seed: 5 },
  );
});
