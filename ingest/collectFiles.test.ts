import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from './collectFiles.ts';

const root = mkdtempSync(join(tmpdir(), 'rb-collect-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A folder with a.md, b.md and sub/c.md, plus the links given as name → target. */
function folder(name: string, links: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const f of ['a.md', 'b.md', 'sub/c.md']) writeFileSync(join(dir, f), `# ${f}\n`);
  for (const [link, target] of Object.entries(links)) symlinkSync(target, join(dir, link));
  return dir;
}

const names = (dir: string, files: { path: string }[]) => files.map((f) => f.path.slice(dir.length + 1));

test('a link back to its own folder is walked once: every file at one path, the link a problem', () => {
  const dir = folder('self', { loop: '.' });
  const { files, problems } = collectFiles([dir]);
  assert.deepEqual(names(dir, files), ['a.md', 'b.md', 'sub/c.md']);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, join(dir, 'loop'));
  assert.match(problems[0].message, /symbolic link to a folder already read/);
});

test('two links back to their folder end (each folder is visited once)', () => {
  const dir = folder('two-loops', { x: '.', y: '.' });
  const { files, problems } = collectFiles([dir]);
  assert.deepEqual(names(dir, files), ['a.md', 'b.md', 'sub/c.md']);
  assert.deepEqual(
    problems.map((p) => p.path),
    [join(dir, 'x'), join(dir, 'y')],
  );
});

test('a link out of the given folders is skipped with a problem, unless links may be followed', () => {
  const outside = join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.md'), '# secret\n');
  const dir = folder('escape', { 'passwd.md': '/etc/passwd', elsewhere: outside });
  const kept = collectFiles([dir]);
  assert.deepEqual(names(dir, kept.files), ['a.md', 'b.md', 'sub/c.md']);
  assert.deepEqual(
    kept.problems.map((p) => [
      p.path.slice(dir.length + 1),
      /outside the folders given.*--follow-links/.test(p.message),
    ]),
    [
      ['elsewhere', true],
      ['passwd.md', true],
    ],
  );
  const followed = collectFiles([dir], { followLinks: true });
  assert.deepEqual(names(dir, followed.files), [
    'a.md',
    'b.md',
    'sub/c.md',
    'elsewhere/secret.md',
    'passwd.md',
  ]);
  assert.deepEqual(followed.problems, []);
});

test('links inside the folders: a second path to a file read already is a problem; a broken link too', () => {
  const dir = folder('inside', { 'again.md': 'a.md', 'sub-link': 'sub', 'broken.md': 'nowhere.md' });
  const { files, problems } = collectFiles([dir]);
  assert.deepEqual(names(dir, files), ['a.md', 'b.md', 'sub/c.md']);
  assert.deepEqual(
    problems.map((p) => [p.path.slice(dir.length + 1), p.message.replace(/:.*/, '')]),
    [
      ['again.md', 'symbolic link to a file already read'],
      ['broken.md', 'broken symbolic link'],
      ['sub-link', 'symbolic link to a folder already read'],
    ],
  );
});

test('a folder or file named on the command line is read even when it is a link', () => {
  const dir = folder('named');
  const link = join(root, 'named-link');
  symlinkSync(dir, link);
  assert.deepEqual(names(link, collectFiles([link]).files), ['a.md', 'b.md', 'sub/c.md']);
  const fileLink = join(root, 'file-link.md');
  symlinkSync(join(dir, 'a.md'), fileLink);
  assert.deepEqual(
    collectFiles([fileLink]).files.map((f) => f.path),
    [fileLink],
  );
});

test('.roundbookignore and exclude globs leave files and folders out, counted; a file named is always read', () => {
  const dir = folder('ignored');
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(join(dir, 'drafts', 'd.md'), '# d\n');
  writeFileSync(join(dir, 'MAP.md'), '# map\n');
  writeFileSync(join(dir, '.roundbookignore'), '# not evidence\nMAP.md\ndrafts/\n');
  const own = collectFiles([dir]);
  assert.deepEqual(names(dir, own.files), ['a.md', 'b.md', 'sub/c.md']);
  assert.equal(own.excluded, 1, 'a folder left out is not walked: only MAP.md is counted');
  assert.deepEqual(own.problems, []);
  const more = collectFiles([dir], { exclude: ['sub/*.md', 'b.md'] });
  assert.deepEqual(names(dir, more.files), ['a.md']);
  assert.equal(more.excluded, 3);
  const reincluded = collectFiles([dir], { exclude: ['!MAP.md'] });
  assert.deepEqual(names(dir, reincluded.files), ['MAP.md', 'a.md', 'b.md', 'sub/c.md']);
  assert.deepEqual(
    collectFiles([join(dir, 'MAP.md')], { exclude: ['MAP.md'] }).files.map((f) => f.path),
    [join(dir, 'MAP.md')],
  );
});

test('a link met in a folder is left out by that folder’s globs', () => {
  const dir = folder('ignored-link', { 'alias.md': 'a.md', more: 'sub' });
  const { files, excluded } = collectFiles([dir], { exclude: ['alias.md', 'more/'], followLinks: true });
  assert.deepEqual(names(dir, files), ['a.md', 'b.md', 'sub/c.md']);
  assert.equal(excluded, 1);
});
