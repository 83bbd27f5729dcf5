/**
 * The verdict for a request, computed from the raw tables on the fly (so
 * thresholds can differ from the stored `verdicts`): every environment the
 * request matches gets its own answer (environments that differ are never
 * pooled), and the request's answer is a function of theirs
 * (`requestAnswer.ts`: a serialised or throttled environment never decides
 * the unserialised question). A PyTorch version matches its builds (2.9.1
 * matches 2.9.1a0+git8cfbcc8), and environments pool the builds of one base.
 */
import type { Db } from '../../store/db.ts';
import { ensureRawSchema } from '../../store/migrate.ts';
import { loadEvidence } from './loadEvidence.ts';
import { couldMatch, type EnvironmentRequest, matchGroups } from './matchGroups.ts';
import { type PooledAnswer, pooledAnswer } from './pooledAnswer.ts';
import { requestAnswer } from './requestAnswer.ts';
import {
  type EvidenceLine,
  environmentVerdict,
  verdictEnvironments,
  type verdictRow,
} from './verdictRows.ts';

/** What `roundbook verdict` asks: an environment (null labels match anything) and the threshold. */
export interface VerdictRequest extends EnvironmentRequest {
  /** Crash rate a safe build must be shown to stay below. */
  maxCrashRate: number;
  /** One-sided confidence of the bounds. */
  confidence: number;
}

/** A request for every environment with data, at the default threshold (1% at 95%): labels narrow it. */
export const ANY_ENVIRONMENT: VerdictRequest = {
  fix: null,
  torch: null,
  threads: null,
  wrapper: null,
  workload: null,
  serialised: null,
  maxCrashRate: 0.01,
  confidence: 0.95,
};

/** An environment's answer: its `verdicts` row at the request's threshold, whether it decides the request, and its evidence. */
export type EnvironmentAnswer = ReturnType<typeof verdictRow> & {
  /** False for a serialised or throttled environment when the request names no serialisation (listed, not deciding). */
  decides: boolean;
  evidence: EvidenceLine[];
};

/** The answer to a request, and the answer of every environment it matches. */
export interface VerdictResult {
  request: VerdictRequest;
  answer: 'safe' | 'unsafe' | 'undecided' | 'no_evidence' | 'refused';
  sentence: string;
  environments: EnvironmentAnswer[];
  /**
   * The deciding environments pooled, when they differ only in labels some of
   * them leave unstated (with the heterogeneity check), beside their own
   * answers; null otherwise. It never replaces `answer`.
   */
  pooled: PooledAnswer | null;
}

/**
 * The verdict for `req` from the evidence in `db` (the same evidence and
 * rules as `analyze`'s `verdicts`, at the request's threshold). Throws when
 * the database was written by another schema version.
 *
 * @example await verdictFor(db, { fix: 'native', torch: '2.9.1', threads: 8, wrapper: null, workload: null,
 *   serialised: null, maxCrashRate: 0.01, confidence: 0.95 }) // { answer: 'unsafe', environments: [{…}, …] }
 */
export async function verdictFor(
  db: Db,
  req: VerdictRequest,
  /** Resolve every unit's environment, not only those that could match (what `analyze` does; tests compare). */
  options: { resolveAll?: boolean } = {},
): Promise<VerdictResult> {
  await ensureRawSchema(db);
  const { groups } = await loadEvidence(db, options.resolveAll ? undefined : (u) => couldMatch(u, req));
  const matched = matchGroups(groups, req);
  const settings = { maxCrashRate: req.maxCrashRate, confidence: req.confidence };
  const envs = verdictEnvironments(matched);
  const answers = envs.map((env) => environmentVerdict(matched, env, settings));
  const overall = requestAnswer(
    answers.map((a) => a.row),
    req.serialised,
  );
  return {
    request: req,
    answer: overall.answer,
    sentence: overall.sentence,
    environments: answers.map((a, i) => ({ ...a.row, decides: overall.deciding[i], evidence: a.evidence })),
    pooled: pooledAnswer(
      matched,
      envs.flatMap((env, i) => (overall.deciding[i] ? [{ env, config: answers[i].row.config ?? '' }] : [])),
      settings,
    ),
  };
}
