import type { ScalingRow } from '../tables.ts';
import type { Block } from './blocks.ts';

/** Thread-scaling points from a table or a statement ("14.7% efficiency at 8 threads"). STUB: filled in by the scaling work. */
export function extractScaling(_block: Block): ScalingRow[] {
  return [];
}
