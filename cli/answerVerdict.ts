/**
 * `roundbook verdict` / `ask`'s answer: the verdict of the request, headed by
 * its bottom line (bottomLine.ts). For NO_EVIDENCE it also finds the nearest
 * environments that have data (those differing from the request in fewest
 * labels) and the request's values that no evidence has, with the known ones
 * and a "did you mean".
 */
import {
  ANY_ENVIRONMENT,
  type EnvironmentAnswer,
  torchMatches,
  type VerdictRequest,
  type VerdictResult,
  verdictFor,
} from '../analysis/derive/index.ts';
import type { Db } from '../store/db.ts';
import { quoteLiteral } from '../store/sql.ts';
import { bottomLine } from './bottomLine.ts';
import { didYouMean } from './didYouMean.ts';

/** A verdict with its bottom line first, and for NO_EVIDENCE the nearest data and the unknown values. */
export type AnsweredVerdict = Omit<VerdictResult, 'answer'> & {
  answer: VerdictResult['answer'];
  bottom_line: string;
  last_run: string | null;
  nearest: EnvironmentAnswer[];
  unknown_values: string[];
};

/** How many of the labels the request names an environment differs in. */
export function labelDistance(req: VerdictRequest, e: EnvironmentAnswer): number {
  let d = 0;
  if (req.fix !== null && e.fix_variant !== req.fix) d++;
  if (req.torch !== null && !torchMatches(req.torch, e.torch_version)) d++;
  if (req.threads !== null && e.threads !== req.threads) d++;
  if (req.wrapper !== null && e.wrapper !== req.wrapper) d++;
  if (req.workload !== null && e.workload !== req.workload) d++;
  if (req.serialised !== null && e.serialised !== req.serialised) d++;
  return d;
}

/**
 * The environments with data nearest to the request: the fewest differing labels, most trials first, at most `limit`.
 *
 * @example nearestEnvironments(req, all, 3) // [{fix_variant: 'native', threads: 8, …}]
 */
export function nearestEnvironments(
  req: VerdictRequest,
  all: readonly EnvironmentAnswer[],
  limit = 3,
): EnvironmentAnswer[] {
  const withData = all.filter((e) => (e.trials ?? 0) > 0);
  if (!withData.length) return [];
  const dist = withData.map((e) => labelDistance(req, e));
  const min = Math.min(...dist);
  return withData
    .filter((_, i) => dist[i] === min)
    .sort((a, b) => (b.trials ?? 0) - (a.trials ?? 0))
    .slice(0, limit);
}

/**
 * The request's fix, PyTorch and workload values that no environment has, each with the known values and a "did you mean".
 *
 * @example unknownValues({fix: 'NATIVE', …}, all) // ['fix "NATIVE" is not in the data (known: native, v2.3, v2.9); did you mean native?']
 */
export function unknownValues(req: VerdictRequest, all: readonly EnvironmentAnswer[]): string[] {
  const out: string[] = [];
  const check = (name: string, wanted: string | null, known: string[], matches: (k: string) => boolean) => {
    if (wanted === null || known.some(matches)) return;
    const guess = didYouMean(wanted, known);
    out.push(
      `${name} ${JSON.stringify(wanted)} is not in the data (known: ${known.join(', ') || 'none'})${guess ? `; did you mean ${guess}?` : ''}`,
    );
  };
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))].sort();
  check('fix', req.fix, distinct(all.map((e) => e.fix_variant)), (k) => k === req.fix);
  check('PyTorch', req.torch, distinct(all.map((e) => e.torch_version)), (k) => torchMatches(req.torch, k));
  check('workload', req.workload, distinct(all.map((e) => e.workload)), (k) => k === req.workload);
  return out;
}

/** The newest date (YYYY-MM-DD) of the rounds and reports the deciding environments used; null when none is dated. */
export async function lastRunOf(db: Db, result: VerdictResult): Promise<string | null> {
  const ids = [
    ...new Set(
      result.environments
        .filter((e) => e.decides)
        .flatMap((e) => e.evidence.filter((l) => l.used && l.source_id !== null).map((l) => l.source_id!)),
    ),
  ];
  if (!ids.length) return null;
  const list = ids.map(quoteLiteral).join(', ');
  const [row] = await db.all<{ last: string | null }>(
    `SELECT CAST(max(d) AS VARCHAR) AS last FROM (
       SELECT CAST(started_at AS DATE) AS d FROM rounds WHERE source_id IN (${list})
       UNION ALL SELECT CAST(report_date AS DATE) FROM reports WHERE source_id IN (${list}))`,
  );
  return row?.last ?? null;
}

/**
 * The verdict of `req` from `db`, headed by its bottom line.
 *
 * @example (await answerVerdict(db, req)).bottom_line // 'No — native 2.9.1 (8 threads) failed in 5 of 10 rounds …'
 */
export async function answerVerdict(db: Db, req: VerdictRequest): Promise<AnsweredVerdict> {
  const result = await verdictFor(db, req);
  let nearest: EnvironmentAnswer[] = [];
  let unknown: string[] = [];
  if (result.answer === 'no_evidence') {
    const all = await verdictFor(db, {
      ...ANY_ENVIRONMENT,
      maxCrashRate: req.maxCrashRate,
      confidence: req.confidence,
    });
    // The nearest are named, not argued: their evidence is theirs to ask for.
    nearest = nearestEnvironments(req, all.environments).map((e) => ({ ...e, evidence: [] }));
    unknown = unknownValues(req, all.environments);
  }
  const lastRun = await lastRunOf(db, result);
  const line = bottomLine(result, { lastRun, nearest, unknown });
  return {
    request: result.request,
    answer: result.answer,
    bottom_line: line,
    sentence: result.sentence,
    last_run: lastRun,
    nearest,
    unknown_values: unknown,
    pooled: result.pooled,
    environments: result.environments,
  };
}
