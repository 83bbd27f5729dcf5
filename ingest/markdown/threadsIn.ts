/**
 * The one reader of thread counts in text ("(8T)", "8 threads", "8-Thread",
 * "@ 8t") and the one bound on what counts as a thread count. Headings, row
 * labels, captions, cells and measurement clauses are all read by it.
 */

/**
 * The largest thread count: larger numbers before "T"/"threads" are ids,
 * sizes or years, not thread counts.
 */
export const MAX_THREADS = 1024;

/**
 * True for a thread count: 1…{@link MAX_THREADS}.
 *
 * @example isThreadCount(8) // true
 * @example isThreadCount(2048) // false
 */
export function isThreadCount(n: number): boolean {
  return n >= 1 && n <= MAX_THREADS;
}

const THREADS = /\b(\d{1,4})\s?(?:-\s?)?(?:[Tt]\b|threads?\b|worker threads?\b)|@\s*(\d{1,4})\s*t\b/gi;
const RANGE = /\d\s*[-–]\s*\d+\s*(?:t\b|threads?)/i;

/** How {@link threadsIn} reads a text. */
export interface ThreadsInOptions {
  /**
   * Read "single-thread"/"single-threaded" as the count 1. Scaling tables
   * want it (a `Single-threaded` row is the 1-thread point); configuration
   * labels do not (a "Single-threaded baseline" section does not make its
   * measurements 1-thread configurations).
   */
  singleThreaded?: boolean;
}

/**
 * The one thread count a text states (`(8T)`, `8 threads`, `8-Thread`,
 * `8T x 20`, `@ 8t`, `8 worker threads`), or null when it states none, a
 * range (`1-16 threads`) or several different counts (`80T+56T+70T`,
 * "8t … 16t"). Counts outside 1…{@link MAX_THREADS} are not counts.
 *
 * @example threadsIn('Round | Result | Retries | Efficiency (8T)') // 8
 * @example threadsIn('Scaling 1-16 threads') // null
 * @example threadsIn('Single-threaded', { singleThreaded: true }) // 1
 */
export function threadsIn(text: string | null | undefined, options: ThreadsInOptions = {}): number | null {
  if (!text) return null;
  if (RANGE.test(text)) return null;
  const found = new Set<number>();
  for (const m of text.matchAll(THREADS)) {
    const n = Number(m[1] ?? m[2]);
    if (isThreadCount(n)) found.add(n);
  }
  if (options.singleThreaded && /single[- ]thread/i.test(text)) found.add(1);
  return found.size === 1 ? [...found][0] : null;
}
