/**
 * Catalogue of the Markdown report parser (`ingest/markdown`).
 *
 * - parseReport: text → ParsedReport (never throws)
 * - walk / withReportLabels: mdast → blocks with heading context (fenced code skipped)
 * - fieldsOf: `**Key**: value` fields; readMetadata: title, date, worker N, torch, hardware, report labels
 * - fixVariantOf / fixVariantsIn: dylib mentions → `native`, `v2.3`, `v2.4_nr`, `unversioned`, …
 * - labelContext, threadsIn, wrapperIn, roundRangeIn, isCumulativeHeading: what a heading states
 * - categorize: report category from path + measurements
 * - extractRounds / mergeRounds / fillStatusFromBatches: per-round tables → rounds
 * - extractBatches / textBatches / tableBatches / passFractions / efficiencyStats: stated group results → batches
 * - extractClaims / stanceOf / subjectOf: conclusions → claims
 * - extractScaling (scaling.ts), extractMetrics (metrics.ts), numbers.ts: written alongside by the metrics work
 */
export { extractBatches, textBatches } from './batches.ts';
export { tableBatches } from './batchTables.ts';
export { categorize, hasMeasurementSignal } from './category.ts';
export { extractClaims, stanceOf, subjectOf } from './claims.ts';
export { efficiencyStats } from './efficiencyStats.ts';
export { fieldsOf, normKey } from './fields.ts';
export { fixVariantMentions, fixVariantOf, fixVariantsIn } from './fixVariant.ts';
export { isCumulativeHeading, labelContext, roundRangeIn, threadsIn, wrapperIn } from './headingContext.ts';
export {
  parseReportDate,
  readMetadata,
  torchVersionIn,
  workerFromPath,
  workerFromValue,
} from './metadata.ts';
export { extractMetrics } from './metrics.ts';
export { MAX_REPORT_CHARS, parseReport } from './parseReport.ts';
export { passFractions } from './passFractions.ts';
export { fillStatusFromBatches } from './roundStatus.ts';
export { extractRounds, mergeRounds, parseRetries, parseRoundStatus, roundColumns } from './rounds.ts';
export { extractScaling } from './scaling.ts';
export { walk, withReportLabels } from './walk.ts';
