/**
 * The verdict for a requested environment, computed from the raw tables on
 * the fly (so thresholds can differ from the stored `verdicts`). A PyTorch
 * version matches its builds (2.9.1 matches 2.9.1a0+git8cfbcc8); when the
 * matching groups come from different environments the verdict refuses to
 * pool them and each environment gets its own answer.
 */
import type { Db } from '../../store/db.ts';
import { ensureRawSchema } from '../../store/migrate.ts';
import { distinctEnvironments } from './environments.ts';
import { loadEvidence } from './loadEvidence.ts';
import { type EnvironmentRequest, matchGroups } from './matchGroups.ts';
import { verdictRow } from './verdictRows.ts';

/** What `roundbook verdict` asks: an environment (null labels match anything) and the threshold. */
export interface VerdictRequest extends EnvironmentRequest {
  /** Crash rate a safe build must be shown to stay below. */
  maxCrashRate: number;
  /** One-sided confidence of the bounds. */
  confidence: number;
}

/** One answer: a row as `verdicts` holds it, computed for the request's threshold. */
export type VerdictAnswer = ReturnType<typeof verdictRow>;

/** The answer to a request, and per environment when the overall verdict refused to pool. */
export interface VerdictResult {
  request: VerdictRequest;
  overall: VerdictAnswer;
  /** Per-environment answers when the overall verdict refused to pool. */
  environments: VerdictAnswer[];
}

/**
 * The verdict for `req` from the evidence in `db` (the same evidence and
 * rules as `analyze`'s `verdicts`, at the request's threshold). Throws when
 * the database was written by another schema version.
 *
 * @example await verdictFor(db, { fix: 'native', torch: '2.9.1', threads: 8, wrapper: null,
 *   maxCrashRate: 0.01, confidence: 0.95 }) // { overall: { answer: 'unsafe', … }, environments: [] }
 */
export async function verdictFor(db: Db, req: VerdictRequest): Promise<VerdictResult> {
  await ensureRawSchema(db);
  const { groups } = await loadEvidence(db);
  const matched = matchGroups(groups, req);
  const settings = { maxCrashRate: req.maxCrashRate, confidence: req.confidence };
  const overall = verdictRow(matched, {}, settings);
  const environments =
    overall.answer === 'refused'
      ? distinctEnvironments(matched).map((env) => verdictRow(matched, env, settings))
      : [];
  return { request: req, overall, environments };
}
