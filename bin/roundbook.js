#!/usr/bin/env node
// Entry point for `roundbook` / `npx roundbook`: runs the TypeScript CLI in this
// process, through tsx's loader. No child process: a signal sent to this pid
// (Ctrl-C, kill, a supervisor's SIGTERM) reaches the code that handles it, and
// the exit status is the CLI's own. The project's tsconfig applies, whatever
// the folder it runs in.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../cli/main.ts');
