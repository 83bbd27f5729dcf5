/**
 * The answer to a verdict request from the answers of its environments.
 * Environments that differ are never pooled (each has its own answer); the
 * request's answer is a function of theirs:
 *
 * - the environments that **decide** are those with rounds to judge that are
 *   not serialised or throttled — unless the request names a serialisation,
 *   in which case every matching environment (all of that serialisation)
 *   decides. A serialised run never stands in for the unserialised question;
 *   throttled environments are still listed, labelled, with their answers;
 * - no deciding environment → `no_evidence`;
 * - any deciding environment `unsafe` → `unsafe` (the request covers it, and
 *   it crashes more often than the threshold);
 * - every deciding environment `safe` → `safe`;
 * - otherwise → `undecided`.
 *
 * An environment whose serialisation is not stated is not known to be
 * throttled, so it decides (and says "serialisation not stated").
 */
import type { Verdict } from '../stats/index.ts';

/** What the request's answer reads of an environment. */
export interface EnvironmentOutcome {
  config: string | null;
  answer: string | null;
  trials: number | null;
  throttled: boolean | null;
  serialised: string | null;
}

/** The request's answer, its sentence, and which environments decided it. */
export interface RequestAnswer {
  answer: Verdict['status'];
  sentence: string;
  deciding: boolean[];
}

/**
 * The answer to a request whose matching environments answered `envs`;
 * `namedSerialisation` is the serialisation the request names (null: the
 * unserialised question).
 *
 * @example requestAnswer([{answer: 'safe', throttled: false, trials: 400, …},
 *   {answer: 'unsafe', throttled: true, trials: 50, …}], null).answer // 'safe'
 */
export function requestAnswer(
  envs: readonly EnvironmentOutcome[],
  namedSerialisation: string | null,
): RequestAnswer {
  const deciding = envs.map(
    (e) => (e.trials ?? 0) > 0 && (namedSerialisation !== null || e.throttled !== true),
  );
  const decided = envs.filter((_, i) => deciding[i]);
  const throttled = envs.filter((e, i) => !deciding[i] && e.throttled === true && (e.trials ?? 0) > 0);
  const aside =
    throttled.length > 0
      ? ` ${throttled.length} serialised or throttled environment${throttled.length === 1 ? ' is' : 's are'} listed but do${throttled.length === 1 ? 'es' : ''} not decide (${countedNames(throttled.map((e) => String(e.serialised)))}).`
      : '';
  const count = (a: string) => decided.filter((e) => e.answer === a).length;
  const of = `${decided.length} deciding environment${decided.length === 1 ? '' : 's'}`;
  if (decided.length === 0)
    return {
      answer: 'no_evidence',
      sentence:
        throttled.length > 0
          ? `No evidence for the unserialised question: only serialised or throttled runs match.${aside}`
          : 'No usable rounds match the request: nothing to judge.',
      deciding,
    };
  if (count('unsafe') > 0)
    return {
      answer: 'unsafe',
      sentence: `Unsafe: ${count('unsafe')} of ${of} crash${count('unsafe') === 1 ? 'es' : ''} more often than the threshold.${aside}`,
      deciding,
    };
  if (count('safe') === decided.length)
    return { answer: 'safe', sentence: `Safe: all ${of} are below the threshold.${aside}`, deciding };
  return {
    answer: 'undecided',
    sentence: `Undecided: ${count('safe')} of ${of} safe, ${decided.length - count('safe')} undecided, none unsafe.${aside}`,
    deciding,
  };
}

/**
 * Names with how often each occurs, most frequent first: `graph_path ×30, semaphore(2) ×12, python_lock`.
 *
 * @example countedNames(['a', 'b', 'a']) // 'a ×2, b'
 */
export function countedNames(names: readonly string[]): string {
  const n = new Map<string, number>();
  for (const name of names) n.set(name, (n.get(name) ?? 0) + 1);
  return [...n]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .map(([name, k]) => (k > 1 ? `${name} ×${k}` : name))
    .join(', ');
}
