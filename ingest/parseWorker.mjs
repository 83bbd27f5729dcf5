// Bootstrap for ParsePool workers: registers tsx's loader in this thread, then runs the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./parseWorker.ts');
