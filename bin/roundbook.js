#!/usr/bin/env node
// Entry point for `roundbook` / `npx roundbook`: runs the TypeScript CLI in this
// process, through tsx's loader. No child process: a signal sent to this pid
// (Ctrl-C, kill, a supervisor's SIGTERM) reaches the code that handles it, and
// the exit status is the CLI's own.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
