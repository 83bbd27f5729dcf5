/**
 * Reads a question in plain words ("is native 2.9.1 safe yet?", "is the v2.9
 * dylib still necessary at 8 threads?", "can we drop the dylib?", "which
 * crash is most common?") into what `roundbook ask` should compute, or a
 * clear refusal saying what it can answer and where else to look. Small
 * typos of the words it knows are forgiven ("natvie", "neccessary").
 * The table test (parseQuestion.test.ts) holds the phrasings it must read.
 */
import { editDistance } from './didYouMean.ts';

/** What a question asks, and the environment it names (null: not named, any). */
export interface Question {
  /**
   * safe: the verdict; necessary: native against the dylib(s); crashes: the
   * crash clusters; session, scaling, unknown: not answered by `ask` (see `refusal`).
   */
  kind: 'safe' | 'necessary' | 'crashes' | 'session' | 'scaling' | 'unknown';
  fix: string | null;
  torch: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
  workload: string | null;
  /** For session, scaling and unknown: what to do instead, in one sentence. */
  refusal: string | null;
}

/** What `parseQuestion` may know of the data: the fix variants present (to read `v2.4` as `v2.4_nr` when only that exists). */
export interface QuestionContext {
  fixes?: readonly string[];
}

/** The words the parser knows, so a typo of one (one edit; two in a long word) is read as it. */
const VOCABULARY = [
  'native',
  'necessary',
  'needed',
  'required',
  'stable',
  'unsafe',
  'crashes',
  'crash',
  'dylib',
  'wrapper',
  'retry',
  'retries',
  'remove',
  'session',
  'threads',
  'thread',
  'safe',
  'scaling',
  'scale',
  'common',
  'frequent',
  'signature',
];

function fixTypos(q: string): string {
  return q.replace(/[a-z]{4,}/g, (word) => {
    if (VOCABULARY.includes(word)) return word;
    // A four-letter word only by a swap of neighbours (sfae → safe); longer ones by one edit, two from eight letters.
    const limit = word.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestD = limit + 1;
    for (const v of VOCABULARY) {
      if (Math.abs(v.length - word.length) > limit) continue;
      if (word.length === 4 && [...v].sort().join('') !== [...word].sort().join('')) continue;
      const d = editDistance(word, v);
      if (d < bestD) [best, bestD] = [v, d];
    }
    return best ?? word;
  });
}

const REFUSAL_UNKNOWN =
  'ask whether a build is safe ("is native 2.9.1 safe yet?"), whether a dylib is still necessary ("is v2.9 still necessary?"), or which crash is most common';

/**
 * The question `text` asks; `context.fixes` (the fix variants in the data) lets `v2.4` read as `v2.4_nr` when only that exists.
 *
 * @example parseQuestion('is pytorch 2.9.1 thread-safe?') // {kind: 'safe', fix: null, torch: '2.9.1', threads: null, …}
 * @example parseQuestion('can we drop the dylib?').kind // 'necessary'
 */
export function parseQuestion(text: string, context: QuestionContext = {}): Question {
  const q = fixTypos(text.toLowerCase().replace(/\s+/g, ' ').trim());

  // The environment named.
  const dylib =
    q.match(/(?<![\w.])v(\d+(?:\.\d+)?)(?![.\d])(?:[\s_-]*(nr))?\b/) ?? q.match(/libagx_fix_v(\d+)_(\d+)/);
  let dylibFix: string | null = null;
  if (dylib) {
    const version = dylib[0].startsWith('libagx') ? `${dylib[1]}.${dylib[2]}` : dylib[1];
    dylibFix = `v${version}${dylib[2] === 'nr' ? '_nr' : ''}`;
    const known = context.fixes;
    if (known && !known.includes(dylibFix)) {
      const extended = known.filter((k) => k.startsWith(`${dylibFix}_`));
      if (extended.length === 1) dylibFix = extended[0];
    }
  }
  const native = /\b(native|no dylib|without (?:the |a |any )?(?:dylib|fix)|stock|vanilla|unpatched)\b/.test(
    q,
  );
  // A PyTorch version has three parts (2.9.1); a dylib version has two (v2.9).
  const torch = q.match(/(?<![\w.])v?(\d+\.\d+\.\d+(?:a\d+)?(?:\+git[0-9a-f]+)?)(?![.\d])/)?.[1] ?? null;
  // A thread count is a whole number of its own ("8 threads", "8t", "8-thread", "threads=8"), never the
  // last part of a version ("2.9.1 thread-safe"), and "thread-safe" names no count.
  const threadsText =
    q.match(/(?<![\w.])(\d+)\s*-?\s*(?:threads?\b(?!-safe)|t\b|workers?\b)/)?.[1] ??
    q.match(/\bthreads?\s*(?:=|:)?\s*(\d+)(?![.\d])/)?.[1] ??
    (/\bsingle[\s-]?thread\w*/.test(q) ? '1' : undefined);
  const wrapper = /\b(no|without)\s+(?:the\s+|a\s+)?(?:retry\s+)?(?:wrapper|retr(?:y|ies))\b/.test(q)
    ? 'none'
    : /\b(with|using)\s+(?:the\s+|a\s+)?(?:retry\s+)?(?:wrapper|retr(?:y|ies))\b|\bretry wrapper\b/.test(q)
      ? 'retry'
      : null;
  const workload = /\bcomplete[\s_-]?story\b/.test(q) ? 'complete_story' : null;
  const env = {
    torch,
    threads: threadsText === undefined ? null : Number(threadsText),
    wrapper: wrapper as Question['wrapper'],
    workload,
  };

  // What it asks.
  const refuse = (kind: Question['kind'], refusal: string): Question => ({
    kind,
    fix: native ? 'native' : dylibFix,
    ...env,
    refusal,
  });
  if (
    /\b(this|last|latest|newest|the) (session|campaign|run|batch)\b.*\b(add|added|adds|change|changed|show|showed|find|found)\b|\bwhat did (this|the|my|our|last) (session|campaign|run)\b/.test(
      q,
    )
  )
    return refuse(
      'session',
      "what a session added is its report: roundbook report --session CAMPAIGN (or a round range, or worker N) writes it in the team's own shape; ask answers whether a build is safe or a dylib necessary",
    );
  const crashList =
    /\b(which|what|top|most (?:common|frequent)|commonest|list)\b.*\b(crash|crashes|signature|signatures)\b|\b(crash|crashes)\b.*\b(most (?:common|frequent)|commonest|top)\b/.test(
      q,
    );
  if (crashList && !/\b(safe|unsafe|stable|necessary|needed)\b/.test(q))
    return { kind: 'crashes', fix: native ? 'native' : dylibFix, ...env, refusal: null };
  if (/\b(scale|scales|scaling|efficiency|speed-?up|throughput)\b/.test(q))
    return refuse(
      'scaling',
      'thread scaling is on the Scaling page of the site (roundbook report) and in roundbook query "SELECT * FROM scaling_fits"; ask answers whether a build is safe or a dylib necessary',
    );
  const necessity =
    /\b(necessary|needed|need|still required|required|counterproductive|worth (?:it|keeping)|help|helps|make a difference|does .*\bmatter)\b/.test(
      q,
    ) ||
    /\b(remove|drop|delete|stop using|get rid of|go without|ditch)\b.*\b(dylib|fix|v\d)/.test(q) ||
    /\b(native|no dylib|without (?:the )?dylib)\b\s*(?:vs\.?|versus|against|or|compared (?:to|with))\s*v\d|\bv\d[\w.]*\s*(?:vs\.?|versus|against|compared (?:to|with))\s*(?:native|no dylib)\b/.test(
      q,
    );
  if (necessity)
    return { kind: 'necessary', fix: dylibFix ?? (native ? 'native' : null), ...env, refusal: null };
  const safety =
    /\b(safe|unsafe|stable|unstable|crash|crashes|crashing|crashed|thread-safe|fixed|ready|reliable|flaky|fail|fails|failing|ship)\b/.test(
      q,
    );
  if (safety) return { kind: 'safe', fix: native ? 'native' : dylibFix, ...env, refusal: null };
  return refuse('unknown', REFUSAL_UNKNOWN);
}
