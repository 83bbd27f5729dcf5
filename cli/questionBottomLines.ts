/**
 * The bottom lines of the project's three questions — is native 2.9.1 safe
 * yet? is the dylib still necessary? what did the latest session add? — as
 * `roundbook build` (and so `npm start`) prints them last. Each is read by
 * `ask`'s parser and answered by the code `ask` and `verdict` answer with
 * (answerVerdict.ts, answerNecessity.ts); the session's is its report's
 * Summary sentence (`roundbook report --session`).
 */
import { loadSessionReport, type SessionSelector, sessionSummary } from '../reports/session/index.ts';
import type { Db } from '../store/db.ts';
import { answerNecessity } from './answerNecessity.ts';
import { answerVerdict } from './answerVerdict.ts';
import { parseQuestion } from './parseQuestion.ts';

/** The questions `roundbook build` answers, in the order it prints them. */
export const THREE_QUESTIONS = [
  'is native 2.9.1 safe yet?',
  'is the dylib still necessary?',
  'what did the latest session add?',
] as const;

/** A question, its answer word (for colour), and its bottom line(s): one per comparison for a necessity question. */
export interface QuestionBottomLine {
  question: string;
  answer: string;
  bottom_lines: string[];
}

/**
 * The newest session: the run of the newest runner round (`CAMPAIGN/RUN`), else the worker of the newest report
 * with rounds; null when there are no rounds.
 */
export async function latestSession(db: Db): Promise<SessionSelector | null> {
  const [run] = await db.all<{ campaign: string; round_uid: string }>(
    `SELECT campaign, round_uid FROM rounds WHERE campaign IS NOT NULL AND origin = 'runner'
     ORDER BY started_at DESC NULLS LAST, round_uid DESC LIMIT 1`,
  );
  if (run) {
    const runId = run.round_uid.split('/')[1];
    return runId
      ? { kind: 'campaign', campaign: run.campaign, run: runId }
      : { kind: 'campaign', campaign: run.campaign };
  }
  const [worker] = await db.all<{ worker_n: number }>(
    `SELECT rep.worker_n FROM reports rep JOIN rounds r ON r.source_id = rep.source_id
     WHERE rep.worker_n IS NOT NULL ORDER BY rep.report_date DESC NULLS LAST, rep.reported_at DESC NULLS LAST LIMIT 1`,
  );
  return worker ? { kind: 'worker', worker: worker.worker_n } : null;
}

const selectorText = (s: SessionSelector) =>
  s.kind === 'rounds'
    ? `${s.first}-${s.last}`
    : s.kind === 'worker'
      ? `N=${s.worker}`
      : s.run
        ? `${s.campaign}/${s.run}`
        : s.campaign;

/**
 * The bottom lines of {@link THREE_QUESTIONS} from `db` (analysed: the verdicts and comparisons are read).
 *
 * @example (await questionBottomLines(db))[0].bottom_lines[0] // 'No — native 2.9.1 (threads not stated) failed in 4 of 10 rounds …'
 */
export async function questionBottomLines(
  db: Db,
  limits: { maxCrashRate: number; confidence: number } = { maxCrashRate: 0.01, confidence: 0.95 },
): Promise<QuestionBottomLine[]> {
  const [safe, necessary, session] = THREE_QUESTIONS;
  const q = parseQuestion(safe);
  const verdict = await answerVerdict(db, {
    fix: q.fix,
    torch: q.torch,
    threads: q.threads,
    wrapper: q.wrapper,
    workload: q.workload,
    serialised: null,
    ...limits,
  });
  const necessity = await answerNecessity(db, parseQuestion(necessary));
  const selector = await latestSession(db);
  const sessionLine = selector
    ? `${selectorText(selector)}: ${sessionSummary(await loadSessionReport(db, selector))} (roundbook report --session ${selectorText(selector)})`
    : 'No session has rounds yet.';
  return [
    { question: safe, answer: verdict.answer, bottom_lines: [verdict.bottom_line] },
    { question: necessary, answer: necessity.answer, bottom_lines: necessity.bottom_lines },
    { question: session, answer: selector ? 'session' : 'no_evidence', bottom_lines: [sessionLine] },
  ];
}
