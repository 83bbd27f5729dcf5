import type { MetricRow } from '../tables.ts';
import type { Block } from './blocks.ts';

/** Measurements in the shared vocabulary of DESIGN.md. STUB: filled in by the metrics work. */
export function extractMetrics(_block: Block): MetricRow[] {
  return [];
}
