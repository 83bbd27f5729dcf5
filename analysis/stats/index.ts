/**
 * Catalogue of the pure statistics behind roundbook's verdicts (no I/O: no
 * files, processes or database). One method per module; every export carries
 * its reference, edge cases and an example.
 */

// Binomial intervals (a pass rate with its uncertainty)

export { agrestiCoullInterval } from './agrestiCoullInterval.ts';
export { binomialInterval } from './binomialInterval.ts';
export { clopperPearsonInterval } from './clopperPearsonInterval.ts';
export { jeffreysInterval } from './jeffreysInterval.ts';
export { wilsonInterval } from './wilsonInterval.ts';

// Comparisons of two configurations

export { type FisherResult, fisherExact, type Table2x2 } from './fisherExact.ts';
export { holmAdjust } from './holmAdjust.ts';
export { newcombeDifference } from './newcombeDifference.ts';
export { type NonInferiorityResult, nonInferiority, type PassCount } from './nonInferiority.ts';
export { probABetter } from './probABetter.ts';

// Planning, retries, sequential tests and verdicts

export { type AttemptCrashRate, attemptCrashRate, type RetryRounds } from './attemptCrashRate.ts';
export {
  ATTEMPT_OUTCOME_ROLE,
  type AttemptFailureRate,
  type AttemptOutcomeCounts,
  addAttempts,
  attemptFailureRate,
  noAttempts,
} from './attemptFailureRate.ts';
export {
  compatibleEnvironments,
  ENV_ATTRIBUTES,
  ENV_KEYS,
  type EnvAttribute,
  type Environment,
  type EvidenceGroup,
  type EvidenceNote,
  type EvidenceOrigin,
  envKey,
  isThrottled,
} from './evidence.ts';
export {
  effectiveCounts,
  type GroupCount,
  type OverdispersionTest,
  overdispersionTest,
} from './overdispersion.ts';
export { roundsNeeded } from './roundsNeeded.ts';
export { type SafetyEValues, safetyEValues } from './safetyEValues.ts';
export { type PlanStart, type PlanTarget, reachProbability, roundsForPower } from './safetyPower.ts';
export {
  type BoundaryRow,
  decideSafety,
  moreTrialsToSafe,
  SAFETY_PROCEDURES,
  type SafetyDecision,
  type SafetyProcedure,
  type SafetyRule,
  safetyBoundary,
} from './safetyProcedure.ts';
export { type EvidenceSelection, selectEvidence } from './selectEvidence.ts';
export { type Verdict, type VerdictOptions, verdict } from './verdict.ts';

// Efficiency and scaling

export { compareScalingModels, type ScalingComparison } from './compareScalingModels.ts';
export { type FitScalingOptions, fitScaling, fitScalingCells, type ScalingFit } from './fitScaling.ts';
export {
  type FitByRoundsOptions,
  fitScalingByRounds,
  MIN_BOOTSTRAP_UNITS,
  type ScalingFitsByRounds,
} from './fitScalingByRounds.ts';
export {
  type MeanEstimate,
  MIN_MEAN_SAMPLE,
  meanDifferenceInterval,
  meanInterval,
} from './meanInterval.ts';
export { type PeakConcurrency, peakConcurrency } from './peakConcurrency.ts';
export {
  mergeCells,
  roundingHalfUnit,
  type ScalingCell,
  type ScalingPoint,
  scalingCells,
} from './scalingCells.ts';
export {
  type ScalingModel,
  type ScalingSolution,
  type SolveScalingOptions,
  solveScaling,
} from './solveScaling.ts';
export { poolMoments, type SampleMoments, welchDifference } from './welchDifference.ts';

// Drift

export {
  type ChangePoint,
  type ChangePointOptions,
  type ChangePointResult,
  type ChangePointScan,
  changePointScan,
  changePoints,
  type ScanSeries,
} from './changePoints.ts';

// Audits of stated numbers and claims

export {
  type AuditField,
  type AuditRow,
  auditBatch,
  type BatchAudit,
  type BatchMismatch,
  type StatedBatch,
} from './auditBatch.ts';
export {
  type Claim,
  type ClaimCheck,
  type ClaimCheckOptions,
  type ClaimData,
  checkClaim,
} from './checkClaim.ts';

// Building blocks (argument checks, samples, quantiles, the seeded PRNG, shared types)

export { checkCounts, checkLevel, checkNonNegativeInteger, checkOpenUnit } from './checkArgs.ts';
export { formatPercent } from './formatPercent.ts';
export { mulberry32 } from './mulberry32.ts';
export { normalCritical } from './normalCritical.ts';
export { roundedEqual } from './roundedEqual.ts';
export { checkSample, mean, quantileSorted } from './sample.ts';
export { studentTCritical } from './studentTCritical.ts';
export {
  BINOMIAL_METHODS,
  type BinomialInterval,
  type BinomialMethod,
  type Fit,
  type Interval,
} from './types.ts';
