// Worker thread body for ParsePool: parses one file per message.
import { parentPort } from 'node:worker_threads';
import { parseSource } from './parseSource.ts';

parentPort?.postMessage({ ready: true });
parentPort?.on('message', (job: { id: number; bytes: Uint8Array; path: string }) => {
  parentPort?.postMessage({ id: job.id, result: parseSource(job.bytes, job.path) });
});
