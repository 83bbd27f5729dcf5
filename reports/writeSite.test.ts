/**
 * The site is switched whole, never written in place: a full disk at any
 * point of a build (a real one: a small tmpfs this test mounts), or a planted
 * symlink, leaves a reader of `OUT/` with the old site or the new one, whole.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statfsSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../store/db.ts';
import { buildReports } from './build.ts';
import { nodeSiteFs, type SiteFs } from './siteFs.ts';
import { checkSite, MANIFEST_NAME } from './siteManifest.ts';
import { fixtureDb } from './testdata/fixtureDb.ts';
import { SiteWriteError, writeSite } from './writeSite.ts';

let db: Db;
let tmp: string;
let pagesA: string;
let pagesB: string;
/** What a reader sees in a clean build of site A, and of site B. */
let viewA: Map<string, string>;
let viewB: Map<string, string>;

/** Site A (the old one) and site B (the new one): a page changes, one goes, one with a chart comes. */
const SITE_A: Record<string, string[]> = {
  'a.md': [
    '---',
    'title: A',
    '---',
    'Rows: {{ s.n }}.',
    '```sql s hidden',
    'SELECT count(*) AS n FROM scaling',
    '```',
  ],
  'gone.md': ['Only in the old site.'],
};
const SITE_B: Record<string, string[]> = {
  'a.md': [
    '---',
    'title: A',
    '---',
    'Rows now: {{ s.n }}.',
    '```sql s hidden',
    'SELECT count(*) AS n FROM scaling',
    '```',
  ],
  'b.md': [
    '```sql pts hidden',
    'SELECT config, threads, throughput FROM scaling',
    '```',
    '```chart t',
    'data: pts',
    'marks:',
    '  - {type: dot, x: threads, y: throughput, fill: config}',
    '```',
  ],
};

function pagesDir(pages: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmp, 'pages-'));
  for (const [name, lines] of Object.entries(pages)) writeFileSync(join(dir, name), lines.join('\n'));
  return dir;
}

/** Every file a reader opening `OUT/<name>` gets (following links), by name; empty when there is no site. */
function readerView(out: string): Map<string, string> {
  const view = new Map<string, string>();
  if (!existsSync(out)) return view;
  for (const name of readdirSync(out).sort()) {
    const path = join(out, name);
    if (statSync(path).isFile()) view.set(name, readFileSync(path, 'latin1'));
  }
  return view;
}

/** How two views differ, for a message; empty when they are the same. */
function viewDiff(a: Map<string, string>, b: Map<string, string>): string {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names
    .filter((n) => a.get(n) !== b.get(n))
    .map((n) => `${n}: ${a.get(n)?.length ?? 'absent'} vs ${b.get(n)?.length ?? 'absent'} bytes`)
    .join(', ');
}

const build = (pagesDir: string, outDir: string) => buildReports({ db, pagesDirs: [pagesDir], outDir });

before(async () => {
  db = await fixtureDb();
  tmp = mkdtempSync(join(tmpdir(), 'rb-write-site-'));
  pagesA = pagesDir(SITE_A);
  pagesB = pagesDir(SITE_B);
  await build(pagesA, join(tmp, 'clean-a'));
  await build(pagesB, join(tmp, 'clean-b'));
  viewA = readerView(join(tmp, 'clean-a'));
  viewB = readerView(join(tmp, 'clean-b'));
  assert.ok(viewDiff(viewA, viewB), 'the two sites differ');
});
after(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a full disk (a real tmpfs)', () => {
  let mnt: string | undefined;
  let why = '';
  before(() => {
    const dir = join(tmp, 'mnt');
    mkdirSync(dir);
    if (process.getuid?.() !== 0) {
      why = 'mounting a tmpfs needs root';
      return;
    }
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { encoding: 'utf8' });
    if (m.status !== 0) why = `mount -t tmpfs failed: ${(m.stderr || m.error?.message || '').trim()}`;
    else mnt = dir;
  });
  after(() => {
    if (mnt) spawnSync('umount', [mnt]);
  });

  /** Fills the tmpfs so that `free` bytes are left. */
  function leaveFree(dir: string, free: number): void {
    const s = statfsSync(dir);
    const avail = s.bavail * s.bsize;
    writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, avail - free)));
  }

  test('at every point of a build: the old site or the new one, whole; the error names the file; the next build completes', async (t) => {
    if (!mnt) return t.skip(why);
    const out = join(mnt, 'site');
    let failures = 0;
    for (let free = 0; free < 1_000_000; free += 4096) {
      for (const name of readdirSync(mnt)) rmSync(join(mnt, name), { recursive: true, force: true });
      await build(pagesA, out);
      assert.equal(viewDiff(readerView(out), viewA), '', 'the old site');
      leaveFree(mnt, free);
      let error: Error | undefined;
      try {
        await build(pagesB, out);
      } catch (err) {
        error = err as Error;
      }
      const view = readerView(out);
      const diffA = viewDiff(view, viewA);
      const diffB = viewDiff(view, viewB);
      assert.ok(
        !diffA || !diffB,
        `${free} bytes free: a half-built site (against old: ${diffA}; against new: ${diffB})`,
      );
      rmSync(join(mnt, 'filler'));
      if (!error) {
        assert.equal(diffB, '', 'a build that succeeds leaves the new site');
        break;
      }
      failures++;
      assert.match(error.message, /no space left on device/i);
      assert.ok(error.message.includes(mnt), `the error names the file: ${error.message}`);
      await build(pagesB, out);
      assert.equal(viewDiff(readerView(out), viewB), '', 'the next build completes');
    }
    assert.ok(failures > 3, `the disk filled at ${failures} points only`);
  });
});

test('a symlink planted in the site folder is replaced, never written through', async () => {
  const out = join(tmp, 'planted');
  await build(pagesA, out);
  const victim = join(tmp, 'victim.txt');
  writeFileSync(victim, 'precious');
  // Planted where a page of the new site goes, and where the old site has a page.
  for (const name of ['b.html', 'a.html']) {
    rmSync(join(out, name), { force: true });
    symlinkSync(victim, join(out, name));
  }
  await build(pagesB, out);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.equal(lstatSync(join(out, 'b.html')).isSymbolicLink(), false);
  assert.equal(viewDiff(readerView(out), viewB), '');
});

/** Stands for the process being killed: thrown by a "killed" filesystem at and after the fatal operation. */
class Killed extends Error {}

/** Operations of a {@link SiteFs} that change the disk (the ones a fault is injected at). */
const CHANGES = [
  'mkdir',
  'mkdtemp',
  'writeNew',
  'link',
  'symlink',
  'rename',
  'unlink',
  'rmdir',
  'rmTree',
  'syncDir',
];

/**
 * The real filesystem with a fault at the `at`-th change: `kill` stops everything there (a file being
 * written is left with half its bytes, and nothing happens after: every later call throws); `error` fails
 * that one operation as a full disk would (ENOSPC; EIO for fsync and removals) and lets the writer go on.
 */
function faultyFs(at: number, fault: 'kill' | 'error'): SiteFs & { count: number; hit: boolean } {
  let dead = false;
  const fs = {
    count: 0,
    hit: false,
  } as SiteFs & { count: number; hit: boolean };
  for (const [name, real] of Object.entries(nodeSiteFs) as [keyof SiteFs, (...a: unknown[]) => unknown][]) {
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (dead) throw new Killed('killed');
      if (CHANGES.includes(name) && ++fs.count === at) {
        fs.hit = true;
        if (name === 'writeNew') {
          const [path, bytes] = args as [string, Uint8Array];
          writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)), { flag: 'wx' });
        }
        if (fault === 'kill') {
          dead = true;
          throw new Killed(`killed at ${name}`);
        }
        const code = ['syncDir', 'unlink', 'rmdir', 'rmTree'].includes(name) ? 'EIO' : 'ENOSPC';
        throw Object.assign(new Error(`${code}: injected, ${name} '${String(args[0])}'`), { code });
      }
      return real(...args);
    };
  }
  return fs;
}

/** The files of a site as `writeSite` takes them (the reader's view without the manifest). */
const siteFiles = (view: Map<string, string>) =>
  new Map([...view].filter(([n]) => n !== MANIFEST_NAME).map(([n, s]) => [n, Buffer.from(s, 'latin1')]));

describe('killed or failed at every write', () => {
  /** What is at OUT before the build: nothing, an empty folder, a switched site, an old roundbook's folder, a user's folder. */
  const SCENARIOS = ['first build', 'empty folder', 'switch', 'old folder', 'user folder'] as const;
  type Scenario = (typeof SCENARIOS)[number];
  const MINE = 'notes.txt';

  function prepare(root: string, scenario: Scenario): string {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const out = join(root, 'site');
    if (scenario === 'switch') writeSite(out, siteFiles(viewA), { database: 'db' });
    if (scenario === 'empty folder') mkdirSync(out);
    if (scenario === 'old folder') {
      // Written by an older roundbook, file by file, with no manifest: moved aside at the first switch.
      mkdirSync(out);
      for (const name of siteFiles(viewB).keys()) writeFileSync(join(out, name), `old ${name}`);
    }
    if (scenario === 'user folder') {
      // A folder with a file of the user's: roundbook writes its pages in place, beside it.
      mkdirSync(out);
      writeFileSync(join(out, MINE), 'mine');
      assert.equal(writeSite(out, siteFiles(viewA), { database: 'db' }).mode, 'in place');
    }
    return out;
  }

  /** A reader's view minus in-place temporaries (hidden names nobody opens) and the user's own file. */
  const visible = (out: string) =>
    new Map([...readerView(out)].filter(([n]) => !/^\..+\.tmp-[0-9a-f]{8}$/.test(n) && n !== MINE));

  /** Checks what a reader sees after an interrupted build; returns a complaint or ''. */
  function check(
    out: string,
    scenario: Scenario,
    before: Map<string, string>,
    after: Map<string, string>,
  ): string {
    const view = visible(out);
    if (scenario === 'user folder') {
      if (readFileSync(join(out, MINE), 'utf8') !== 'mine') return 'the user file changed';
      // Written in place: every page whole, old or new.
      for (const [name, text] of view)
        if (text !== before.get(name) && text !== after.get(name)) return `${name}: neither old nor new`;
      return '';
    }
    if (!viewDiff(view, before) || !viewDiff(view, after)) return '';
    // Moving an old folder aside leaves OUT missing for an instant (documented).
    if (scenario === 'old folder' && view.size === 0 && !existsSync(out)) return '';
    return `a mix: against old ${viewDiff(view, before)}; against new ${viewDiff(view, after)}`;
  }

  /** Runs the loop for one scenario and fault with `write` as the writer; returns every complaint. */
  function loop(
    scenario: Scenario,
    fault: 'kill' | 'error',
    write: (out: string, fs: SiteFs) => void,
  ): { complaints: string[]; points: number } {
    const root = join(tmp, `faults-${scenario.replace(' ', '-')}-${fault}`);
    const complaints: string[] = [];
    const clean = join(tmp, 'clean-b-writeSite');
    rmSync(clean, { recursive: true, force: true });
    writeSite(clean, siteFiles(viewB), { database: 'db' });
    const after = readerView(clean);
    let at = 1;
    for (; at < 500; at++) {
      const out = prepare(root, scenario);
      const before = visible(out);
      const fs = faultyFs(at, fault);
      let error: unknown;
      try {
        write(out, fs);
      } catch (err) {
        error = err;
      }
      if (!fs.hit) break;
      const complaint = check(out, scenario, before, after);
      if (complaint) complaints.push(`${fault} at change ${at}: ${complaint}`);
      if (fault === 'error' && error) {
        const e = error as Error & { path?: string };
        if (!(error instanceof SiteWriteError) || !e.message.includes(e.path ?? '\0'))
          complaints.push(`error at change ${at}: the error names no file: ${e.message}`);
        else if (scenario !== 'user folder' && viewDiff(visible(out), before))
          complaints.push(`error at change ${at}: a failed build changed the site`);
      }
      // The next build, on a healthy disk, completes and tidies up.
      write(out, nodeSiteFs);
      if (viewDiff(visible(out), after))
        complaints.push(`after ${fault} at ${at}: the next build is not whole`);
      const versions = join(root, '.site.versions');
      const left = existsSync(versions) ? readdirSync(versions) : [];
      if (left.length > 2 || left.some((n) => n.startsWith('.link-')))
        complaints.push(`after ${fault} at ${at}: left behind ${left.join(', ')}`);
      if (readdirSync(out).some((n) => /\.tmp-/.test(n)))
        complaints.push(`after ${fault} at ${at}: temp files left`);
    }
    return { complaints, points: at - 1 };
  }

  for (const scenario of SCENARIOS)
    for (const fault of ['kill', 'error'] as const)
      test(`${scenario}, ${fault} at each change: the old site or the new one, whole; the next build completes`, (t) => {
        const { complaints, points } = loop(scenario, fault, (out, fs) => {
          writeSite(out, siteFiles(viewB), { database: 'db', fs });
        });
        assert.deepEqual(complaints, []);
        assert.ok(points >= 5, `only ${points} changes`);
        t.diagnostic(`${points} points`);
      });

  test('control: the checks catch a writer that replaces files in place', () => {
    const naive = (out: string, fs: SiteFs) => {
      if (fs.kind(out) === undefined) fs.mkdir(out);
      for (const [name, bytes] of siteFiles(viewB)) {
        if (fs.kind(join(out, name))) fs.unlink(join(out, name));
        fs.writeNew(join(out, name), bytes);
      }
    };
    const { complaints } = loop('switch', 'kill', naive);
    assert.ok(
      complaints.some((c) => /a mix/.test(c)),
      complaints.join('\n'),
    );
  });
});

describe('the switch', () => {
  test('files that did not change keep their inode and mtime across a switch; nothing changed writes nothing', () => {
    const out = join(tmp, 'links', 'site');
    mkdirSync(dirname(out), { recursive: true });
    const files = siteFiles(viewB);
    const first = writeSite(out, files, { database: 'db' });
    assert.equal(first.mode, 'switch');
    assert.ok(first.files.every((f) => f.status === 'written'));
    assert.ok(lstatSync(out).isSymbolicLink());
    const before = statSync(join(out, 'b.html'));
    const again = writeSite(out, files, { database: 'db' });
    assert.ok(again.files.every((f) => f.status === 'unchanged'));
    assert.equal(readlinkSync(out), readlinkSync(out), 'the same version');
    const changed = new Map(files).set('a.md', Buffer.from('changed'));
    const target = readlinkSync(out);
    const third = writeSite(out, changed, { database: 'db' });
    assert.notEqual(readlinkSync(out), target, 'a new version');
    assert.deepEqual(
      third.files.filter((f) => f.status === 'written').map((f) => basename(f.path)),
      ['a.md'],
    );
    const after = statSync(join(out, 'b.html'));
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
    // The previous version is kept for readers inside it; the one before is gone.
    assert.equal(readdirSync(join(dirname(out), '.site.versions')).length, 2);
    writeSite(out, new Map(files).set('a.md', Buffer.from('again')), { database: 'db' });
    assert.equal(readdirSync(join(dirname(out), '.site.versions')).length, 2);
  });

  test('a symlink planted for the versions folder is refused; nothing is written through it', () => {
    const root = join(tmp, 'planted-versions');
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(root, { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    symlinkSync(elsewhere, join(root, '.site.versions'));
    assert.throws(() => writeSite(join(root, 'site'), siteFiles(viewB), { database: 'db' }), SiteWriteError);
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  test('in a folder of the user, a planted symlink is replaced; stale pages of the last build go; the user file stays', () => {
    const out = join(tmp, 'user-site');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'mine');
    const a = writeSite(out, siteFiles(viewA), { database: 'db' });
    assert.equal(a.mode, 'in place');
    assert.match(a.note ?? '', /holds files roundbook did not write \(mine\.txt\)/);
    const victim = join(tmp, 'victim2.txt');
    writeFileSync(victim, 'precious');
    rmSync(join(out, 'b.html'), { force: true });
    symlinkSync(victim, join(out, 'b.html'));
    writeSite(out, siteFiles(viewB), { database: 'db' });
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
    assert.equal(readFileSync(join(out, 'mine.txt'), 'utf8'), 'mine');
    const view = readerView(out);
    view.delete('mine.txt');
    assert.equal(viewDiff(view, readerView(join(tmp, 'clean-b-writeSite'))), '');
  });

  test('a symlink of the user at OUT: its folder is updated in place', () => {
    const real = join(tmp, 'webroot');
    mkdirSync(real);
    const out = join(tmp, 'site-link');
    symlinkSync(real, out);
    const r = writeSite(out, siteFiles(viewB), { database: 'db' });
    assert.equal(r.mode, 'in place');
    assert.ok(lstatSync(out).isSymbolicLink() && readlinkSync(out) === real);
    assert.ok(existsSync(join(real, 'b.html')));
  });
});

test('the site records the database state that built it: checkSite finds it matching, then stale', async () => {
  const out = join(tmp, 'checked');
  await build(pagesB, out);
  assert.deepEqual(await checkSite(out, db), []);
  await db.run(`CREATE TABLE extra AS SELECT 1 AS x`);
  try {
    assert.match((await checkSite(out, db)).join('\n'), /built from another database state/);
  } finally {
    await db.run('DROP TABLE extra');
  }
  writeFileSync(join(readlinkTarget(out), 'a.md'), 'tampered');
  assert.match((await checkSite(out, db)).join('\n'), /a\.md: differs from the manifest/);
});

/** The folder a switched site's symlink points to. */
const readlinkTarget = (out: string) => join(dirname(out), readlinkSync(out));

describe('killed for real: SIGKILL from strace at each system call that changes the disk', () => {
  const CHILD = join(import.meta.dirname, 'testdata', 'writeSiteChild.ts');
  let why = '';
  before(() => {
    const probe = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
    if (probe.error) why = 'strace is not installed';
    else if (probe.status !== 0) why = `strace cannot trace here: ${probe.stderr.trim()}`;
  });

  test('at every mkdir, fsync, symlink and rename of a build: the old site or the new one, whole', (t) => {
    if (why) return t.skip(why);
    const root = join(tmp, 'strace');
    const src = join(tmp, 'strace-src');
    mkdirSync(src, { recursive: true });
    for (const [name, bytes] of siteFiles(viewB)) writeFileSync(join(src, name), bytes);
    const clean = join(tmp, 'strace-clean', 'site');
    mkdirSync(dirname(clean), { recursive: true });
    writeSite(clean, siteFiles(viewB), { database: 'child' });
    const after = readerView(clean);
    let kills = 0;
    for (const call of ['mkdir', 'fsync', 'symlink', 'rename']) {
      for (let n = 1; n < 100; n++) {
        rmSync(root, { recursive: true, force: true });
        mkdirSync(root);
        const out = join(root, 'site');
        writeSite(out, siteFiles(viewA), { database: 'child' });
        const before = readerView(out);
        const run = spawnSync(
          'strace',
          [
            '-f',
            '-qq',
            '-o',
            '/dev/null',
            '-e',
            `trace=${call}`,
            '-e',
            `inject=${call}:signal=KILL:when=${n}`,
          ].concat([process.execPath, '--import', 'tsx', CHILD, out, src]),
          { encoding: 'utf8', env: { ...process.env, TSX_DISABLE_CACHE: '1' } },
        );
        const killed = run.signal === 'SIGKILL' || run.status === 137;
        const view = readerView(out);
        if (!killed) {
          assert.equal(run.status, 0, run.stderr);
          assert.equal(viewDiff(view, after), '', `${call} #${n}: a build that ran to the end`);
          break;
        }
        kills++;
        assert.ok(
          !viewDiff(view, before) || !viewDiff(view, after),
          `killed at ${call} #${n}: a mix (against old: ${viewDiff(view, before)}; against new: ${viewDiff(view, after)})`,
        );
        writeSite(out, siteFiles(viewB), { database: 'child' });
        assert.equal(viewDiff(readerView(out), after), '', `after ${call} #${n}: the next build`);
        assert.ok(readdirSync(join(root, '.site.versions')).length <= 2, 'old versions removed');
      }
    }
    assert.ok(kills >= 8, `only ${kills} kills`);
    t.diagnostic(`${kills} kills`);
  });
});
