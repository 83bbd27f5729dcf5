/**
 * Catalogue of the Markdown report parser (README.md beside it describes the
 * pipeline and its policies). From outside this folder, import from here.
 */

// The parser: text → ParsedReport, never throws

export { MAX_REPORT_CHARS, type ParsedReport, parseReport } from './parseReport.ts';

// The extractors: one registry, each {table, scope, run}

export { extractBatches } from './batches.ts';
export { extractClaims } from './claims.ts';
export {
  EXTRACTORS,
  type ExtractedRows,
  type Extractor,
  emptyRows,
  runExtractors,
  type Scope,
  type ScopeInput,
} from './extractors.ts';
export { extractMetrics } from './metrics.ts';
export { extractRounds, mergeRounds } from './rounds.ts';
export { extractScaling } from './scaling.ts';
export { SCALING_LAYOUTS, type ScalingLayout } from './scalingLayouts.ts';

// Readers shared by the extractors

export { normHeader } from './normHeader.ts';
export { isMissing, parseFraction, parseNumber, parsePercent } from './numbers.ts';
export { isThreadCount, MAX_THREADS, threadsIn } from './threadsIn.ts';

// The intermediate form

export type { Block, BlockContext, TableBlock, TextBlock } from './blocks.ts';
export { type RichTextBlock, type WalkedBlock, walk } from './walk.ts';
