/**
 * A small pool of worker threads running `parseSource`, so that Markdown
 * parsing (the slow part) runs beside hashing and database writes on the main
 * thread. With `size` 0 it parses inline (tests, tiny ingests).
 *
 * Each file has a time and a memory budget: a worker still parsing a file
 * when its time is up, or whose heap outgrows the memory budget, is ended
 * and replaced, and the file is recorded `rejected` with the budget it went
 * over. A parser that is slow or greedy on some input (micromark resolves
 * emphasis in quadratic time) costs that file, never the ingest.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundleFile, COMPILED, packageFile } from '../store/packageFile.ts';
import { failedParse, type ParsedSource, parseSource } from './parseSource.ts';

/** What one file may cost a worker. */
export interface ParseBudget {
  /** Seconds a file of this many bytes may take. */
  seconds: (bytes: number) => number;
  /** Heap (V8's old generation) a worker may hold while parsing, in MB. */
  memoryMb: number;
}

/**
 * 10 s plus 10 s per 1 MB (the parsers run at 250–300 KB/s: a budget some
 * 30× what a file takes, so a busy machine never trips it), and 2 GB of heap
 * (the largest real report needs under 100 MB). A lower heap limit costs
 * every file: V8 grows a small heap timidly and collects more often (at 512
 * MB the corpus ingest took some 10% longer).
 */
export const DEFAULT_BUDGET: ParseBudget = {
  seconds: (bytes) => 10 + (10 * bytes) / 1048576,
  memoryMb: 2048,
};

interface Job {
  id: number;
  bytes: Uint8Array;
  path: string;
  resolve: (value: ParsedSource) => void;
}

interface Running {
  job: Job;
  timer: NodeJS.Timeout;
}

export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Running>();
  private readonly all = new Set<Worker>();
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size = Math.max(1, Math.min(2, availableParallelism())),
    private readonly budget: ParseBudget = DEFAULT_BUDGET,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): Worker {
    // From the sources, workers do not inherit tsx's module hooks: a small .mjs bootstrap
    // registers them. The compiled bundle has the worker as an entry of its own.
    // A larger young generation halves the scavenges of remark's many short-lived objects.
    const entry = COMPILED
      ? bundleFile('ingest', 'parseWorker.js')
      : packageFile('ingest', 'parseWorker.mjs');
    const worker = new Worker(entry, {
      resourceLimits: { maxYoungGenerationSizeMb: 64, maxOldGenerationSizeMb: this.budget.memoryMb },
    });
    // A worker takes files once it says it is ready (loading tsx's loader is no file's time).
    worker.on('message', (msg: { ready: true } | { id: number; result: ParsedSource }) => {
      if ('ready' in msg) {
        this.idle.push(worker);
        this.pump();
      } else this.done(worker, msg.id, msg.result);
    });
    worker.on('error', (err: Error & { code?: string }) =>
      this.lost(
        worker,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `parse stopped: over the file's memory budget (${this.budget.memoryMb} MB)`
          : `parser failed: ${err.message}`,
      ),
    );
    worker.on('exit', (code) => this.lost(worker, `parser stopped (worker exit ${code})`));
    this.all.add(worker);
    return worker;
  }

  /** Number of files handed over and not yet parsed. */
  get inFlight(): number {
    return this.queue.length + this.running.size;
  }

  /** Parses one file; never rejects (a file the parser cannot finish is `rejected` with the reason). */
  parse(bytes: Uint8Array, path: string): Promise<ParsedSource> {
    if (this.size === 0) return Promise.resolve(parseSource(bytes, path));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, path, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      const seconds = this.budget.seconds(job.bytes.length);
      const timer = setTimeout(
        () => this.lost(worker, `parse stopped after ${round(seconds)} s (the file's time budget)`),
        seconds * 1000,
      );
      this.running.set(worker, { job, timer });
      worker.postMessage({ id: job.id, bytes: job.bytes, path: job.path });
    }
  }

  private done(worker: Worker, id: number, result: ParsedSource): void {
    const run = this.running.get(worker);
    if (!run || run.job.id !== id) return;
    clearTimeout(run.timer);
    this.running.delete(worker);
    this.idle.push(worker);
    run.job.resolve(result);
    this.pump();
  }

  /** A worker that will not answer (over a budget, failed, exited): its file is recorded, the worker replaced. */
  private lost(worker: Worker, message: string): void {
    if (!this.all.delete(worker)) return; // already handled (an error is followed by an exit)
    const run = this.running.get(worker);
    this.running.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    void worker.terminate();
    if (run) {
      clearTimeout(run.timer);
      run.job.resolve(failedParse(run.job.path, message));
    }
    if (!this.closed) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    this.all.clear();
    for (const { timer } of this.running.values()) clearTimeout(timer);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;
