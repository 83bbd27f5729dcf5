/**
 * The derive step's public API; every import from outside this folder comes
 * through here. `analyze` recomputes every derived table from the raw tables
 * (a registry of producers, `producers.ts`, one per table of
 * `store/derivedTables.ts`); `verdictFor` answers one verdict on the fly at
 * any threshold, from the same evidence and rules.
 */

// The derived tables

export { type AnalyzeSummary, analyze } from './analyze.ts';

// Necessity answers (roundbook ask): a family of comparisons re-read together

export { NECESSITY_ALPHA, necessityFamily, type UnadjustedComparison } from './comparisonRows.ts';
export { type Plan, type PlannedConfig, planQuestion } from './planQuestion.ts';

// Verdicts on the fly (roundbook verdict, roundbook ask)

export { type EnvironmentRequest, matchGroups, torchMatches } from './matchGroups.ts';
export { type EnvironmentOutcome, type RequestAnswer, requestAnswer } from './requestAnswer.ts';
export {
  ANY_ENVIRONMENT,
  type EnvironmentAnswer,
  type VerdictRequest,
  type VerdictResult,
  verdictFor,
} from './verdictFor.ts';
export type { EvidenceLine } from './verdictRows.ts';
