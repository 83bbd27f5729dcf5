// Compiles the CLI to JavaScript: `node scripts/build-js.mjs [OUTDIR]` (default dist/).
// One ESM bundle for Node 20 with code splitting, so each command's module stays a
// chunk of its own that the CLI imports only when that command runs; packages stay
// external (node_modules is read at run time); source maps beside each file. The
// parse worker is an entry of its own. Files read at run time (pages, campaigns,
// signature rules) are not copied: the code names them from the package root.
// The manifest roundbook-build.json lists the sources that went in, so that
// bin/roundbook.js can tell whether the bundle is older than any of them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, process.argv[2] ?? 'dist');
if (relative(root, outdir).startsWith('..') || outdir === root) {
  throw new Error(`build-js: the bundle must go in a folder inside the package (${outdir})`);
}

// Packages stay external, read from node_modules at run time, except two kinds of
// CommonJS whose loading cost more than their work: @stdlib's (each function a tree of
// hundreds of tiny files: 110 ms of `stats ci`) and @duckdb/node-api's JavaScript (dozens
// of re-exporting files Node scans one by one: 170 ms of CPU of a `verdict`; its native
// bindings stay external). Bundled, they are one chunk's parse. What those CommonJS
// files require of Node or of other packages goes through a require made for each
// chunk (the banner).
const stdlibInside = {
  name: 'stdlib-inside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@stdlib/') || args.path === '@duckdb/node-api'
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts', 'ingest/parseWorker.ts'],
  outbase: '.',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [stdlibInside],
  banner: {
    js: "import { createRequire as __rbCreateRequire } from 'node:module';\nconst require = __rbCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
mkdirSync(outdir, { recursive: true });
// The package's own sources (packages change only with an install, which rebuilds).
const inputs = Object.keys(result.metafile.inputs)
  .filter((file) => !file.startsWith('..') && !file.includes('node_modules/'))
  .sort();
writeFileSync(
  join(outdir, 'roundbook-build.json'),
  `${JSON.stringify({ builtAt: started, inputs }, null, 1)}\n`,
);
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
console.log(`build-js: ${inputs.length} modules → ${relative(root, outdir)}/ in ${Date.now() - started} ms`);
