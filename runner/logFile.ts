/**
 * Appending events to a round log: each event is one line written with a
 * single `write` and `fsync`ed before the call returns, so a runner killed at
 * any instant loses at most the attempt in flight. Reading is tolerant: a torn
 * last line (no newline) or a malformed line is skipped, not fatal.
 *
 * Every line starts `{"v":<version>,"seq":<k>,` where k is its line number:
 * the ingest (ingest/roundLogs.ts) takes an event's line number from `seq`
 * when every line of a file is so, and reads such files in parallel.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import {
  type EventBody,
  type LogEvent,
  READ_ROUND_LOG_VERSIONS,
  ROUND_LOG_VERSION,
} from '../store/roundLog.ts';

/** Common fields stamped on every event of a log. */
export interface LogIdentity {
  campaign: string;
  run: string;
  host: string;
}

/**
 * `flush: false` leaves the bytes to the kernel: a runner killed (even with
 * kill -9) keeps them, only a power loss may not. For an `attempt_start`,
 * whose loss in a power cut goes with the attempt it announces.
 */
/** An event made ready to write, and its line (`LogWriter.prepare`). */
export interface PreparedEvent<E extends LogEvent = LogEvent> {
  event: E;
  line: string;
}

export interface WriteOptions {
  flush?: boolean;
}

/** An append-only, fsync-per-event JSONL writer. */
export class LogWriter {
  private seq = 0;
  private fd: number | null;
  /** Called with each batch of lines once they are written (and flushed): a fleet host sends them on. */
  onWrite: ((lines: { seq: number; line: string }[]) => void) | null = null;

  /** Creates `path` (which must not exist yet) and writes to it. */
  constructor(
    readonly path: string,
    private readonly identity: LogIdentity,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (existsSync(path)) throw new Error(`log file already exists: ${path}`);
    this.fd = openSync(path, 'ax');
  }

  /** Appends one event and flushes it to disk (fdatasync); returns the event as written. */
  write<E extends LogEvent>(body: EventBody<E>, options?: WriteOptions): E {
    return this.writeAll<E>([body], options)[0];
  }

  /** Appends events with one write and one flush (an attempt and the round it ends). */
  writeAll<E extends LogEvent>(bodies: EventBody<E>[], { flush = true }: WriteOptions = {}): E[] {
    const at = this.now().toISOString();
    const events = bodies.map((body, i) => this.eventOf(body, this.seq + 1 + i, at));
    this.append(
      events,
      events.map((e) => JSON.stringify(e)),
      flush,
    );
    return events;
  }

  /**
   * The event `body` would be written as next, and its line, without writing it (a fleet host sends a
   * round's end to the fleet database first: runner/fleet/). Nothing is reserved: write it with
   * {@link writePrepared} before anything else, or not at all.
   */
  prepare<E extends LogEvent>(body: EventBody<E>): PreparedEvent<E> {
    const event = this.eventOf(body, this.seq + 1, this.now().toISOString());
    return { event, line: JSON.stringify(event) };
  }

  /** Writes (and flushes) a prepared event; throws when another line was written since it was prepared. */
  writePrepared<E extends LogEvent>(prepared: PreparedEvent<E>): E {
    if (prepared.event.seq !== this.seq + 1)
      throw new Error(
        `${this.path}: a prepared event is line ${prepared.event.seq}, the next line is ${this.seq + 1}`,
      );
    this.append([prepared.event], [prepared.line], true);
    return prepared.event;
  }

  /** An event as written: version, line number, who wrote it and when, then its body. */
  private eventOf<E extends LogEvent>(body: EventBody<E>, seq: number, at: string): E {
    return { v: ROUND_LOG_VERSION, seq, ...this.identity, at, ...body } as unknown as E;
  }

  /** Writes the lines of `events` (numbered next) in one write, flushes, and tells `onWrite`. */
  private append(events: readonly LogEvent[], lines: readonly string[], flush: boolean): void {
    if (this.fd === null) throw new Error(`log closed: ${this.path}`);
    writeSync(this.fd, lines.map((l) => `${l}\n`).join(''));
    this.seq += events.length;
    if (flush) fdatasyncSync(this.fd);
    this.onWrite?.(events.map((e, i) => ({ seq: e.seq, line: lines[i] })));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Events of a log file, skipping a torn last line and malformed lines (the
 * ingester reports those; the runner only needs what is certainly written).
 */
export function readLogEvents(path: string): LogEvent[] {
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n');
  const out: LogEvent[] = [];
  for (const line of text.slice(0, end + 1).split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as LogEvent;
      if (e && typeof e === 'object' && READ_ROUND_LOG_VERSIONS.includes(e.v) && typeof e.type === 'string')
        out.push(e);
    } catch {
      // malformed: skipped
    }
  }
  return out;
}
