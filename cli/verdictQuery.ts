/**
 * The verdict for a requested environment, computed from the raw tables on
 * the fly (so thresholds can differ from the stored `verdicts`). A PyTorch
 * version matches its builds (2.9.1 matches 2.9.1a0+git8cfbcc8); when the
 * matching groups come from different environments the verdict refuses to
 * pool them and each environment gets its own answer.
 */
import { distinctEnvironments } from '../analysis/derive/environments.ts';
import { loadEvidence } from '../analysis/derive/loadEvidence.ts';
import { verdictRow } from '../analysis/derive/verdictRows.ts';
import type { EvidenceGroup } from '../analysis/stats/index.ts';
import type { Db } from '../store/db.ts';
import { ensureRawSchema } from '../store/migrate.ts';

export interface VerdictRequest {
  fix: string | null;
  torch: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
  maxCrashRate: number;
  confidence: number;
}

export type VerdictAnswer = ReturnType<typeof verdictRow>;

export interface VerdictResult {
  request: VerdictRequest;
  overall: VerdictAnswer;
  /** Per-environment answers when the overall verdict refused to pool. */
  environments: VerdictAnswer[];
}

export const torchMatches = (wanted: string | null, actual: string | null) =>
  wanted === null || (actual !== null && (actual === wanted || actual.startsWith(wanted.replace(/^v/, ''))));

export function matchGroups(groups: readonly EvidenceGroup[], req: VerdictRequest): EvidenceGroup[] {
  return groups.filter(
    (g) =>
      (req.fix === null || g.env.fix_variant === req.fix) &&
      torchMatches(req.torch, g.env.torch_version) &&
      (req.threads === null || g.env.threads === req.threads) &&
      (req.wrapper === null || g.env.wrapper === req.wrapper),
  );
}

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
