/**
 * The import graph of the source tree keeps the floors of README's data flow:
 * `store/` imports nothing else of the project; the pure statistics of
 * `analysis/stats/` stand on `store/` alone and do no I/O; every stage imports
 * only from its own floor or the floors below it (runner → ingest → analysis →
 * reports → cli); no module imports itself through a circle; and a folder
 * with an `index.ts` is entered from outside only through it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_ROOTS = ['store', 'runner', 'ingest', 'analysis', 'reports', 'cli', 'bench', 'scripts', 'test'];

/** The floors, lowest first; a module may import from its own floor and those below. */
const FLOORS: [floor: string, rank: number][] = [
  ['store/', 0],
  ['analysis/stats/', 1],
  ['runner/', 2],
  ['ingest/', 3],
  ['analysis/', 4],
  ['reports/', 5],
  ['cli/', 6],
  ['bench/', 7],
  ['scripts/', 7],
  ['test/', 7],
];

function rankOf(file: string): number {
  const found = FLOORS.find(([floor]) => file.startsWith(floor));
  if (!found) throw new Error(`${file}: in no floor`);
  return found[1];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(repo, dir)).sort()) {
    if (['node_modules', 'golden', 'fixtures'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(join(repo, path)).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const isTest = (file: string) => /\.test\.ts$/.test(file) || file.startsWith('test/');

/** Relative imports (static, re-exports and dynamic) of a file, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(repo, resolve(repo, dirname(file), s)));
}

/** Package and node: imports of a file. */
function externalImportsOf(file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^'.][^']*)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g),
  ].map((m) => m[1]);
}

const files = SOURCE_ROOTS.flatMap((root) => sourceFiles(root));
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const product = files.filter((f) => !isTest(f));

test('every relative import names a file that exists', () => {
  const known = new Set(files);
  const broken = [...graph].flatMap(([f, deps]) =>
    deps.filter((d) => !known.has(d)).map((d) => `${f} → ${d}`),
  );
  assert.deepEqual(broken, []);
});

test('store/ imports nothing else of the project', () => {
  const out = product
    .filter((f) => f.startsWith('store/'))
    .flatMap((f) =>
      graph
        .get(f)!
        .filter((d) => !d.startsWith('store/'))
        .map((d) => `${f} → ${d}`),
    );
  assert.deepEqual(out, []);
});

test('no stage imports a later one (store < analysis/stats < runner < ingest < analysis < reports < cli)', () => {
  const out = product.flatMap((f) =>
    graph
      .get(f)!
      .filter((d) => rankOf(d) > rankOf(f))
      .map((d) => `${f} → ${d}`),
  );
  assert.deepEqual(out, []);
});

test('analysis/stats is pure: no files, processes, clock-dependent modules or database', () => {
  const io = /^(node:(fs|child_process|worker_threads|net|http|os)|@duckdb\/)/;
  const out = product
    .filter((f) => f.startsWith('analysis/stats/'))
    .flatMap((f) =>
      externalImportsOf(f)
        .filter((m) => io.test(m))
        .map((m) => `${f} → ${m}`),
    );
  assert.deepEqual(out, []);
});

test('only store/db.ts imports @duckdb/node-api', () => {
  const out = product.filter((f) => f !== 'store/db.ts' && externalImportsOf(f).includes('@duckdb/node-api'));
  assert.deepEqual(out, []);
});

test('no import circles', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of product) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test('a folder with an index.ts is entered from outside only through it', () => {
  const indexed = new Set(files.filter((f) => f.endsWith('/index.ts')).map((f) => dirname(f)));
  const out = product.flatMap((f) =>
    graph
      .get(f)!
      .filter((d) => {
        const folder = dirname(d);
        return indexed.has(folder) && !d.endsWith('/index.ts') && !`${dirname(f)}/`.startsWith(`${folder}/`);
      })
      .map((d) => `${f} → ${d}`),
  );
  assert.deepEqual(out, []);
});

test('the checks above see a violation when there is one', () => {
  // A made-up edge from store/ into ingest/ ranks upward: the rank rule catches it.
  assert.ok(rankOf('ingest/ingest.ts') > rankOf('store/db.ts'));
  assert.equal(rankOf('analysis/stats/verdict.ts'), 1);
  assert.equal(rankOf('analysis/derive/analyze.ts'), 4);
});
