/** Which pages a change touches: the page of an edited, added or removed file; every page for the database. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagesTouched } from './pagesTouched.ts';

const BUILTIN = new Map([
  ['index.md', '/b/index.md'],
  ['safe.md', '/b/safe.md'],
  ['dylib.md', '/b/dylib.md'],
]);
const withMine = (extra: [string, string][]) => new Map([...BUILTIN, ...extra]);
const none = { files: [], database: false };

test('an edited page file touches that page only, and not the navigation', () => {
  assert.deepEqual(pagesTouched(BUILTIN, BUILTIN, { files: ['/b/safe.md'], database: false }), {
    all: false,
    names: ['safe.md'],
    setChanged: false,
  });
});

test('an edited page file that another folder overrides touches nothing', () => {
  const after = withMine([['safe.md', '/mine/safe.md']]);
  assert.deepEqual(pagesTouched(after, after, { files: ['/b/safe.md'], database: false }).names, []);
  assert.deepEqual(pagesTouched(after, after, { files: ['/mine/safe.md'], database: false }).names, [
    'safe.md',
  ]);
});

test('a file that is not a chosen page (README, a note, another folder) touches nothing', () => {
  const t = pagesTouched(BUILTIN, BUILTIN, {
    files: ['/b/README.md', '/b/notes.txt', '/x/safe.md'],
    database: false,
  });
  assert.deepEqual(t, { all: false, names: [], setChanged: false });
});

test('a page added touches it and changes the set', () => {
  const after = withMine([['live.md', '/mine/live.md']]);
  assert.deepEqual(pagesTouched(BUILTIN, after, { files: ['/mine/live.md'], database: false }), {
    all: false,
    names: ['live.md'],
    setChanged: true,
  });
  // Seen by the rescan alone (a watcher event with no file name).
  assert.deepEqual(pagesTouched(BUILTIN, after, none).names, ['live.md']);
});

test('a page removed touches it and changes the set', () => {
  const before = withMine([['live.md', '/mine/live.md']]);
  assert.deepEqual(pagesTouched(before, BUILTIN, { files: ['/mine/live.md'], database: false }), {
    all: false,
    names: ['live.md'],
    setChanged: true,
  });
});

test('an override added or removed touches that page; the set stays', () => {
  const mine = withMine([['safe.md', '/mine/safe.md']]);
  assert.deepEqual(pagesTouched(BUILTIN, mine, none), { all: false, names: ['safe.md'], setChanged: false });
  assert.deepEqual(pagesTouched(mine, BUILTIN, none), { all: false, names: ['safe.md'], setChanged: false });
});

test('the database changing touches every page', () => {
  assert.deepEqual(pagesTouched(BUILTIN, BUILTIN, { files: [], database: true }), {
    all: true,
    names: ['dylib.md', 'index.md', 'safe.md'],
    setChanged: false,
  });
  // The first build: nothing before, everything after.
  assert.deepEqual(pagesTouched(new Map(), BUILTIN, { files: [], database: true }).setChanged, true);
});
