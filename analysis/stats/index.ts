/**
 * Catalogue of the pure statistics behind roundbook's verdicts (no I/O: no
 * files, processes or database). One method per module; every export carries
 * its reference, edge cases and an example.
 */

// Binomial intervals
export { agrestiCoullInterval } from './agrestiCoullInterval.ts';
// Planning, retries, verdicts
export { type AttemptCrashRate, attemptCrashRate, type RetryRounds } from './attemptCrashRate.ts';
// Audits
export {
  type AuditField,
  type AuditRow,
  auditBatch,
  type BatchAudit,
  type BatchMismatch,
  type StatedBatch,
} from './auditBatch.ts';
export { binomialInterval } from './binomialInterval.ts';
export { bootstrapDifference } from './bootstrapDifference.ts';
// Efficiency and scaling
export { type BootstrapOptions, bootstrapMean } from './bootstrapMean.ts';
// Drift
export {
  type ChangePoint,
  type ChangePointOptions,
  type ChangePointResult,
  changePoints,
} from './changePoints.ts';
// Building blocks
export { checkCounts, checkLevel, checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';
export {
  type Claim,
  type ClaimCheck,
  type ClaimCheckOptions,
  type ClaimData,
  checkClaim,
} from './checkClaim.ts';
export { clopperPearsonInterval } from './clopperPearsonInterval.ts';
// Comparisons
export { type FisherResult, fisherExact, type Table2x2 } from './fisherExact.ts';
export {
  type FitScalingOptions,
  fitScaling,
  type ScalingFit,
  type ScalingModel,
  type ScalingPoint,
} from './fitScaling.ts';
export { jeffreysInterval } from './jeffreysInterval.ts';
export { mulberry32 } from './mulberry32.ts';
export { newcombeDifference } from './newcombeDifference.ts';
export { type NonInferiorityResult, nonInferiority, type PassCount } from './nonInferiority.ts';
export { normalCritical } from './normalCritical.ts';
export { probABetter } from './probABetter.ts';
export { roundedEqual } from './roundedEqual.ts';
export { roundsNeeded } from './roundsNeeded.ts';
export { checkSample, mean, quantileSorted } from './sample.ts';
export { type EvidenceSelection, selectEvidence } from './selectEvidence.ts';
export { type SprtParams, type SprtResult, sprt, sprtBounds } from './sprt.ts';
export { sprtSequential } from './sprtSequential.ts';
export { studentTCritical } from './studentTCritical.ts';
export {
  BINOMIAL_METHODS,
  type BinomialInterval,
  type BinomialMethod,
  type Fit,
  type Interval,
} from './types.ts';
export {
  type Environment,
  type EvidenceGroup,
  type EvidenceNote,
  type EvidenceOrigin,
  type Verdict,
  type VerdictOptions,
  verdict,
} from './verdict.ts';
export { poolMoments, type SampleMoments, welchDifference } from './welchDifference.ts';
export { wilsonInterval } from './wilsonInterval.ts';
