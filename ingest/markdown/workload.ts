/**
 * Which test a text names: the `workload` label of an environment
 * (store/configKey.ts). A small vocabulary for the tests the reports run
 * most, and the script's own name for every other test:
 *
 * | workload | written as |
 * |---|---|
 * | `complete_story` | `complete_story_test_suite.py`, "Complete Story (Test) Suite", `complete_story (8x)` |
 * | `transformer_encoder_isolated` | "TransformerEncoderLayer (10 isolated rounds)": the layer run by itself, outside the suite |
 * | `op_shape` | "### Round 1544: Linear Operations", an `nn.Linear` operation label: one op per round, shapes checked |
 * | `comprehensive` | `comprehensive_test_suite.py`, "comprehensive (54 tests)" |
 * | `layernorm_stress` | "LayerNorm stress (3 runs)", "Medium stress (LayerNorm)" |
 * | `stress` | `test_stress_extended.py`, "Extended stress", "Stress Test" |
 * | `soak` | `soak_test_quick.py`, "Soak Test" |
 * | the script's name | `tests/test_thread_churn.py` → `test_thread_churn`, `benchmark_parallel_mps` |
 *
 * The suite's four chapters (thread safety, efficiency, batching,
 * correctness) are not workloads: a text naming one of them names a part of
 * `complete_story` ({@link isChapterList} recognises the four together).
 * Pure string functions; null means "names no test" or "names several".
 */

/** The named workloads, most specific first (the first that matches a script name decides). */
const NAMED_SOURCES: readonly { workload: string; re: RegExp }[] = [
  { workload: 'complete_story', re: /complete[ _-]?story(?![a-z])/gi },
  { workload: 'transformer_encoder_isolated', re: /\bTransformerEncoderLayer\b/gi },
  {
    workload: 'comprehensive',
    re: /\bcomprehensive(?:_test_suite|_tests?\b|\s+(?:test\s+)?suite\b)|^\s*comprehensive\s*(?:\(|$)/gi,
  },
  {
    workload: 'layernorm_stress',
    re: /\blayer[ _-]?norm[ _-]?stress|\bstress\s*\(\s*layer[ _-]?norm\b|\blayer[ _-]?norm\b[^.;|]{0,20}\bstress test/gi,
  },
  { workload: 'soak', re: /\bsoak(?:_test\w*)?\b/gi },
  { workload: 'stress', re: /\btest_stress\w*|\bstress[ _-]?tests?\b|\bextended stress\b/gi },
  {
    workload: 'op_shape',
    re: /\b(?:linear|convolution|conv[123]d|embedding)\s+operations?\b|^\s*nn\.[A-Z]\w*(?:\([^)]*\))?\s*$/gi,
  },
];

/**
 * Each named workload with a sticky-free pattern for `test` and a global one
 * for `matchAll` (a global pattern's `lastIndex` left by `test` would make a
 * later `matchAll` start mid-string).
 */
const NAMED = NAMED_SOURCES.map(({ workload, re }) => ({
  workload,
  one: new RegExp(re.source, re.flags.replace('g', '')),
  all: re,
}));

/** A test script named in a text: `tests/x.py`, `x.py`, or a bare `test_x` identifier. */
const SCRIPT = /(?<![\w./-])(?:[\w.-]+\/)*([A-Za-z][\w]*)\.py\b|(?<![\w./-])(test_[a-z0-9_]*[a-z0-9])\b/g;

/** Scripts that are tools, not tests. */
const NOT_A_TEST = /^(?:setup|conftest|__init__|__main__|verify_patch|create_patch|deploy_patch)$/i;

/** One workload named in a text, with its character offset. */
export interface WorkloadMention {
  workload: string;
  index: number;
}

/**
 * The workload a script name stands for: the vocabulary's name when the
 * script is one of its tests, else the name itself in lower case.
 *
 * @example scriptWorkload('complete_story_test_suite') // 'complete_story'
 * @example scriptWorkload('test_thread_churn') // 'test_thread_churn'
 */
export function scriptWorkload(stem: string): string {
  for (const n of NAMED) if (n.one.test(stem)) return n.workload;
  return stem.toLowerCase();
}

/**
 * Every workload a text names, in order of appearance: the vocabulary's
 * names and test scripts (duplicates kept).
 *
 * @example workloadMentions('complete_story_test_suite.py and test_stress_extended.py').map((m) => m.workload)
 *   // ['complete_story', 'stress']
 */
export function workloadMentions(text: string): WorkloadMention[] {
  if (!text) return [];
  const out: WorkloadMention[] = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(SCRIPT)) {
    const stem = m[1] ?? m[2];
    if (NOT_A_TEST.test(stem)) continue;
    out.push({ workload: scriptWorkload(stem), index: m.index });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const n of NAMED)
    for (const m of text.matchAll(n.all)) {
      if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
      out.push({ workload: n.workload, index: m.index });
    }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The distinct workloads a text names, in order of first mention.
 *
 * @example workloadsIn('### complete_story_test_suite.py - ALL PASS') // ['complete_story']
 */
export function workloadsIn(text: string): string[] {
  return [...new Set(workloadMentions(text).map((m) => m.workload))];
}

/**
 * The one workload a text names, or null when it names none or several.
 *
 * @example workloadIn('### TransformerEncoderLayer (10 isolated rounds)') // 'transformer_encoder_isolated'
 * @example workloadIn('### Round 1544: Linear Operations') // 'op_shape'
 * @example workloadIn('### Thread Safety') // null (a chapter of the suite, not a test)
 * @example workloadIn('complete_story vs comprehensive') // null
 */
export function workloadIn(text: string): string | null {
  const w = workloadsIn(text);
  return w.length === 1 ? w[0] : null;
}

const CHAPTERS = [/thread[ _-]?safety/i, /efficiency/i, /batching/i, /correctness/i];

/**
 * True when the labels name all four chapters of the complete-story suite
 * (thread safety, efficiency, batching, correctness): a run of the suite
 * written as its chapters, with or without the suite's name.
 *
 * @example isChapterList(['Thread safety: PASS', 'Efficiency ceiling: CONFIRMED', 'Batching advantage: CONFIRMED', 'Correctness: PASS']) // true
 */
export function isChapterList(labels: readonly string[]): boolean {
  return CHAPTERS.every((re) => labels.some((l) => re.test(l)));
}
