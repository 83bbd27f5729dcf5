/**
 * A small pool of worker threads running `parseSource`, so that Markdown
 * parsing (the slow part) runs beside hashing and database writes on the main
 * thread. With `size` 0 it parses inline (tests, tiny ingests).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ParsedSource, parseSource } from './parseSource.ts';

interface Pending {
  resolve: (value: ParsedSource) => void;
  reject: (err: Error) => void;
}

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; bytes: Uint8Array; path: string }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;

  constructor(readonly size = Math.max(1, Math.min(2, availableParallelism()))) {
    for (let i = 0; i < size; i++) {
      // Workers do not inherit tsx's module hooks: a small .mjs bootstrap registers them.
      // A larger young generation halves the scavenges of remark's many short-lived objects.
      const worker = new Worker(new URL('./parseWorker.mjs', import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      worker.on('message', (msg: { id: number; result: ParsedSource }) =>
        this.done(worker, msg.id, msg.result),
      );
      worker.on('error', (err) => this.fail(worker, err));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Number of files handed over and not yet parsed. */
  get inFlight(): number {
    return this.pending.size;
  }

  parse(bytes: Uint8Array, path: string): Promise<ParsedSource> {
    if (this.size === 0) return Promise.resolve(parseSource(bytes, path));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, bytes, path });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job.id);
      worker.postMessage(job);
    }
  }

  private done(worker: Worker, id: number, result: ParsedSource): void {
    this.busy.delete(worker);
    this.idle.push(worker);
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(result);
    this.pump();
  }

  private fail(worker: Worker, err: Error): void {
    const id = this.busy.get(worker);
    if (id !== undefined) {
      this.pending.get(id)?.reject(err);
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
