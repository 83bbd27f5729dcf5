/**
 * The compiled CLI (scripts/build-js.mjs, what `npm ci` leaves in dist/), built
 * here into a folder of its own inside the package: it starts without loading
 * any command's dependencies, runs a command, and finds the files it reads at
 * run time (built-in pages, the default index page, signature rules, the plan
 * template, the parse worker) from the package root although its chunks sit
 * elsewhere than the sources they came from, run from any folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const repo = join(import.meta.dirname, '..');
const out = join(repo, `.dist-test-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'rb-compiled-'));
const main = join(out, 'cli', 'main.js');

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

/** Runs the compiled CLI from a folder outside the package. */
function compiled(args: string[]) {
  return spawnSync(process.execPath, [main, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 240_000,
  });
}

describe('the compiled CLI', () => {
  before(() => {
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'build-js.mjs'), out], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('start-up imports no package: every command is a chunk loaded when it runs', () => {
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Metafile;
    const entry = Object.keys(meta.outputs).find((o) => o.endsWith('cli/main.js'))!;
    const seen = new Set<string>();
    const packages = new Set<string>();
    const stack = [entry];
    while (stack.length) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const i of meta.outputs[file]?.imports ?? []) {
        if (i.kind !== 'import-statement') continue;
        if (i.external) {
          if (!i.path.startsWith('node:')) packages.add(i.path);
        } else stack.push(i.path);
      }
    }
    assert.deepEqual([...packages], []);
  });

  test('--help lists every command', () => {
    const r = compiled(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const name of ['build', 'run', 'verdict', 'ask', 'plan', 'stats', 'query'])
      assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
  });

  test('stats ci 17 20', () => {
    const r = compiled(['stats', 'ci', '17', '20']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^17\/20 = 85\.0%; 95\.0% two-sided wilson interval 64\.0% – 94\.8%/);
  });

  test('build ingests the examples (parse worker, signature rules) and writes the site from the built-in pages', () => {
    const config = join(work, 'roundbook.config.yaml');
    writeFileSync(
      config,
      [
        `db: ${join(work, 'rb.duckdb')}`,
        `inputs: [${join(repo, 'data', 'examples')}]`,
        'campaigns: []',
        `logs: ${join(work, 'rounds')}`,
        'pages: []',
        `out: ${join(work, 'site')}`,
        '',
      ].join('\n'),
    );
    const r = compiled(['build', '--config', config, '--no-run']);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /ingest: 9 files \(9 parsed/);
    assert.match(r.stdout, /Verdicts \(/);
    for (const page of ['index.html', 'crashes.html', 'dylib.html', 'quality.html'])
      assert.ok(existsSync(join(work, 'site', page)), `${page} written`);

    // plan starts from the shipped Mac campaign.
    const planned = join(work, 'plan.yaml');
    const p = compiled(['plan', 'is native 2.9.1 safe?', '--db', join(work, 'rb.duckdb'), '--out', planned]);
    assert.equal(p.status, 0, `${p.stdout}\n${p.stderr}`);
    assert.match(
      readFileSync(planned, 'utf8'),
      /command: \[ python3, tests\/complete_story_test_suite\.py \]/,
    );
  });
});
