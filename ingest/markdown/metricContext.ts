/**
 * The `context` of a metric: which test it measures (`soak`, `stress`,
 * `multi_model`, …), named by a row label, a line's lead or a heading.
 */
import type { BlockContext } from './blocks.ts';

const CONTEXTS: [RegExp, string][] = [
  [/soak/i, 'soak'],
  [/stress|max_threads/i, 'stress'],
  [/multi[- _]?model|real models|models? parallel/i, 'multi_model'],
  [/batch/i, 'batching'],
  [/thread[ _]?safety/i, 'thread_safety'],
  [/churn/i, 'thread_churn'],
  [/graph[ _]?compil/i, 'graph_compilation'],
  [/memory[ _]?leak/i, 'memory_leak'],
  [/complete[ _]?story/i, 'complete_story'],
  [/async|pipelin|depth/i, 'async_pipeline'],
  [/multi[- _]?queue|queue/i, 'multi_queue'],
  [/throttl|semaphore/i, 'throttle'],
  [/efficien/i, 'efficiency'],
  [/benchmark|performance|throughput/i, 'benchmark'],
];

/**
 * Which test a label or heading names: `soak`, `stress`, `multi_model`,
 * `batching`, `thread_safety`, `thread_churn`, `graph_compilation`,
 * `memory_leak`, `complete_story`, `async_pipeline`, `multi_queue`, `throttle`,
 * `efficiency`, `benchmark`; null when none.
 *
 * @example metricContext('Soak Test (60s)') // 'soak'
 */
export function metricContext(label: string | null | undefined): string | null {
  if (!label) return null;
  for (const [re, name] of CONTEXTS) if (re.test(label)) return name;
  return null;
}

/**
 * The test a row label or a line's lead names (`soak_test_quick`, "Extended
 * stress (8 threads)"), ignoring labels that are metric names ("Throughput",
 * "Errors", "Total ops"): null for those and when none is named.
 *
 * @example labelMetricContext('Soak Test (60s)') // 'soak'
 * @example labelMetricContext('Throughput') // null
 */
export function labelMetricContext(label: string): string | null {
  if (
    /^(total |avg |average |mean )?(ops|operations|throughput|duration|time|errors?|efficiency|latency|result|status|value|crashes)\b/i.test(
      label.trim(),
    )
  )
    return null;
  return metricContext(label);
}

/**
 * The test named by the nearest heading that names one, from the block's
 * heading path upwards; null when none does.
 *
 * @example sectionMetricContext({headingPath: ['Results', 'Soak Test'], …}) // 'soak'
 */
export function sectionMetricContext(ctx: BlockContext): string | null {
  for (let i = ctx.headingPath.length - 1; i >= 0; i--) {
    const c = metricContext(ctx.headingPath[i]);
    if (c) return c;
  }
  return null;
}
