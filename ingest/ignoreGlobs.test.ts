import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ignoreLines, ignoreMatcher } from './ignoreGlobs.ts';

test('ignoreLines: comments and blank lines dropped, trailing spaces trimmed', () => {
  assert.deepEqual(ignoreLines('# indexes\nMAP.md  \n\r\n*ROADMAP*.md\n!keep.md\n'), [
    'MAP.md',
    '*ROADMAP*.md',
    '!keep.md',
  ]);
});

test('ignoreMatcher: gitignore semantics', () => {
  const m = ignoreMatcher([
    'MAP.md',
    '*PLAN*.md',
    'drafts/',
    '/START_HERE.txt',
    'archive/old/*.md',
    '!archive/old/keep.md',
  ]);
  // A name without a slash matches at any depth.
  assert.equal(m('MAP.md', false), true);
  assert.equal(m('archive/sub/MAP.md', false), true);
  assert.equal(m('archive/MAP.md.bak', false), false);
  assert.equal(m('docs/MPS_PARALLEL_INFERENCE_PLAN.md', false), true);
  // A trailing slash matches folders only.
  assert.equal(m('x/drafts', true), true);
  assert.equal(m('x/drafts', false), false);
  // A leading slash anchors at the folder given.
  assert.equal(m('START_HERE.txt', false), true);
  assert.equal(m('sub/START_HERE.txt', false), false);
  // A slash inside anchors too; * never crosses a slash; ! re-includes.
  assert.equal(m('archive/old/a.md', false), true);
  assert.equal(m('archive/old/deeper/a.md', false), false);
  assert.equal(m('archive/old/keep.md', false), false);
  assert.equal(m('x/archive/old/a.md', false), false);
});

test('ignoreMatcher: ** crosses folders, ? and classes match one character', () => {
  const m = ignoreMatcher(['**/formal_*/**', 'report_N?.md', 'v[0-9].md', 'w[!0-9].md']);
  assert.equal(m('archive/formal_verification/a/b.md', false), true);
  assert.equal(m('formal_x/b.md', false), true);
  assert.equal(m('report_N1.md', false), true);
  assert.equal(m('report_N12.md', false), false);
  assert.equal(m('v1.md', false), true);
  assert.equal(m('va.md', false), false);
  assert.equal(m('wa.md', false), true);
  assert.equal(m('w1.md', false), false);
  assert.equal(ignoreMatcher([])('MAP.md', false), false);
  assert.equal(ignoreMatcher(['a.md'])('.\\sub\\a.md', false), true, 'back slashes and ./ are read as /');
});
