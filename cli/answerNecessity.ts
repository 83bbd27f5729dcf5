/**
 * `roundbook ask`'s answer to a necessity question ("is the dylib still
 * necessary?"): the comparisons of native against each dylib that the
 * question names (from `roundbook analyze`), Holm-adjusted over just those,
 * and whether they decide. Each comparison's `sentence` is its bottom line.
 */
import { necessityFamily, torchMatches, type UnadjustedComparison } from '../analysis/derive/index.ts';
import type { Db } from '../store/db.ts';
import type { Question } from './parseQuestion.ts';

/** The comparisons a necessity question matches, and its answer for `--fail-on`. */
export interface NecessityAnswer {
  /** no_evidence: no comparison; undecided: any says "cannot tell yet"; decided otherwise. */
  answer: 'no_evidence' | 'undecided' | 'decided';
  comparisons: ReturnType<typeof necessityFamily>;
  /** One line per comparison (its sentence), or the one line saying there is none. */
  bottom_lines: string[];
}

/** What a necessity answer says when no comparison matches. */
export const NO_COMPARISON =
  'No comparison of native against a dylib on the same build, threads and wrapper: nothing to answer from yet.';

/**
 * The necessity answer to `question` from `db`'s comparisons.
 *
 * @example (await answerNecessity(db, parseQuestion('is v2.9 still necessary?'))).bottom_lines[0]
 *   // 'native 6/10 vs v2.9 10/10 rounds passed; Fisher p = 0.087, …: the data cannot tell yet whether the dylib is necessary.'
 */
export async function answerNecessity(
  db: Db,
  question: Pick<Question, 'fix' | 'torch' | 'threads'>,
): Promise<NecessityAnswer> {
  const rows = (await db.tableExists('comparisons'))
    ? await db.all<UnadjustedComparison>('SELECT * FROM comparisons ORDER BY a_config, b_config')
    : [];
  // The comparisons this answer gives are its family: Holm over them, not over the whole table.
  const comparisons = necessityFamily(
    rows.filter(
      (r) =>
        (question.fix === null || question.fix === 'native' || r.b_fix_variant === question.fix) &&
        torchMatches(question.torch, r.torch_version as string | null) &&
        (question.threads === null || r.threads === question.threads),
    ),
  );
  const answer =
    comparisons.length === 0
      ? 'no_evidence'
      : comparisons.some((r) => r.reading === 'cannot tell yet')
        ? 'undecided'
        : 'decided';
  return {
    answer,
    comparisons,
    bottom_lines: comparisons.length ? comparisons.map((r) => String(r.sentence)) : [NO_COMPARISON],
  };
}
