/**
 * `--fail-on unsafe,undecided,no-evidence,refused`: the answers that make
 * `roundbook verdict` / `roundbook ask` exit 1, so a CI step can gate on them.
 */
import { CliError } from './args.ts';

/** The answers `--fail-on` may name, as typed (no-evidence) and as the JSON spells them (no_evidence). */
export const FAIL_ON_ANSWERS = ['unsafe', 'undecided', 'no-evidence', 'refused', 'safe'] as const;

/** The answer as JSON spells it (`no_evidence`). */
export type FailOnAnswer = 'unsafe' | 'undecided' | 'no_evidence' | 'refused' | 'safe';

/**
 * Reads the comma list of `--fail-on` (undefined: none); an unknown word is a usage error listing the known ones.
 *
 * @example parseFailOn('unsafe,no-evidence') // ['unsafe', 'no_evidence']
 */
export function parseFailOn(value: unknown): FailOnAnswer[] {
  if (value === undefined || value === null || value === '') return [];
  const words = String(value)
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const out: FailOnAnswer[] = [];
  for (const w of words) {
    const norm = w.replace(/_/g, '-');
    if (!(FAIL_ON_ANSWERS as readonly string[]).includes(norm))
      throw new CliError(
        `--fail-on: unknown answer ${JSON.stringify(w)}; known: ${FAIL_ON_ANSWERS.join(', ')}`,
      );
    out.push(norm.replace(/-/g, '_') as FailOnAnswer);
  }
  return out;
}

/**
 * The exit code for an answer: 1 when `--fail-on` names it, else 0.
 *
 * @example exitForAnswer('unsafe', ['unsafe']) // 1
 */
export function exitForAnswer(answer: string, failOn: readonly FailOnAnswer[]): number {
  return (failOn as readonly string[]).includes(answer) ? 1 : 0;
}

/** The option spec shared by verdict and ask. */
export const FAIL_ON_OPTION = {
  'fail-on': {
    type: 'string',
    description:
      'exit 1 when the answer is one of these (comma list): unsafe, undecided, no-evidence, refused, safe',
  },
} as const;
