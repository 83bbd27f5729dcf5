#!/usr/bin/env node
// Entry point for `roundbook` / `npx roundbook`. Runs the CLI in this process:
// no child process, so a signal sent to this pid (Ctrl-C, kill, a supervisor's
// SIGTERM) reaches the code that handles it (a run records its `end` event),
// and the exit status is the CLI's own.
//
// It runs the compiled bundle in dist/ (`npm run build:js`, run by `npm ci`)
// when that is there and no source that went into it is newer; otherwise the
// TypeScript sources through tsx's loader, with the project's tsconfig,
// whatever the folder it runs in. ROUNDBOOK_FROM_SOURCE=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** True when dist/ holds a bundle built after every source file it was built from. */
function bundleIsFresh() {
  if (process.env.ROUNDBOOK_FROM_SOURCE) return false;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(`${root}dist/roundbook-build.json`, 'utf8'));
    statSync(`${root}dist/cli/main.js`);
    return inputs.every((file) => statSync(root + file).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

if (bundleIsFresh()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: `${root}tsconfig.json` });
  await import('../cli/main.ts');
}
