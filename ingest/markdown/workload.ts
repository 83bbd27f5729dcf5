/**
 * Which test a text names: the `workload` label of an environment
 * (store/configKey.ts). The one vocabulary of test names: every reader that
 * names a workload (row labels, headings, commands, configuration bullets,
 * test files named in code) asks this module, so one test has one name
 * whoever read it.
 *
 * | workload | the test | written as |
 * |---|---|---|
 * | `complete_story` | the complete-story suite | `complete_story_test_suite.py`, "Complete Story (Test) Suite", `complete_story (8x)`, "Complete Story Results" |
 * | `transformer_encoder_isolated` | `nn.TransformerEncoderLayer` run by itself, outside the suite | "TransformerEncoderLayer (10 isolated rounds)", "Isolated TransformerEncoderLayer Test", "transformer encoder layer" |
 * | `comprehensive` | `comprehensive_test_suite.py` | `comprehensive_test_suite.py`, "comprehensive (54 tests)", "Comprehensive Test Suite" |
 * | `layernorm_stress` | the LayerNorm stress test | "LayerNorm stress (3 runs)", "Medium stress (LayerNorm)" (in a text) |
 * | `graph_compilation` | `test_graph_compilation_stress.py` | `test_graph_compilation_stress`, "Graph Compilation (Stress)" |
 * | `soak` | the soak tests (`soak_test_quick.py`, the matmul soak) | `soak_test_quick`, "Soak Test (60s)", "Quick Soak Test", "Simple Matmul Soak Test" |
 * | `stress_extended` | `test_stress_extended.py` | `test_stress_extended.py`, `stress_extended`, `extended_stress`, "Extended stress (16T)", "Stress Extended Tests" |
 * | `thread_churn` | `test_thread_churn.py` | `tests/test_thread_churn.py`, "Thread Churn (80 threads)" |
 * | `real_models` | `test_real_models_parallel.py` | `test_real_models_parallel`, "Real Models Parallel" |
 * | `memory_leak` | `test_memory_leak.py` | `test_memory_leak`, "Memory Leak" (a whole label) |
 * | `platform` | `test_platform_specific.py` | `test_platform_specific`, "Platform Checks" |
 * | `metal_diagnostics` | `metal_diagnostics.sh` | `metal_diagnostics` |
 * | `semaphore_recommended` | `test_semaphore_recommended.py` (Lock vs Semaphore(2)) | `test_semaphore_recommended(.py)` |
 * | `benchmark_parallel_mps` | `benchmark_parallel_mps.py` | `benchmark_parallel_mps(.py)`, `Benchmark_Parallel_MPS` |
 * | `stress` | a stress test the text names no further (the `Round\|Threads\|Ops\|Errors` rounds, "Stress Test") | `test_stress_<x>` other than the above, "Stress test(s)" in a text |
 * | `op_shape` | one op per round, shapes checked | "### Round 1544: Linear Operations", an `nn.Linear` operation label |
 * | the script's name | any other test | `test_foo.py`, `foo_test`, `foo_tests`, `tests/foo.py` → `foo`; another Python script its stem (`verify_layernorm_fix.py`) |
 *
 * Two ways to read a name, one vocabulary: {@link workloadName} takes a
 * label that is a test's name as a whole (a row label, a heading without its
 * outcome), {@link workloadIn} finds the tests a longer text mentions (a
 * title, a `**Test Suite**:` value, a command line). Both give the same name
 * for the same test.
 *
 * The suite's four chapters (thread safety, efficiency, batching,
 * correctness) are not workloads: a text naming one of them names a part of
 * `complete_story` ({@link suiteChapter}, {@link isChapterList}).
 * Pure string functions; null means "names no test" or "names several".
 */

/** One known workload: its name, the whole labels that are its name, and its spellings inside a text. */
export interface WorkloadSpelling {
  name: string;
  /** The words of its spellings, which a label's qualifier leaves out (`Soak Test (60s)` → no qualifier). */
  words: string;
  /** Matched against a whole normalised label (lower case, `_`/`-`/`.` as spaces, see {@link normName}). */
  whole: RegExp | null;
  /** Found anywhere in a raw text (global, case-insensitive), or null when only a whole label names it. */
  mention: RegExp | null;
}

/**
 * The known workloads (the table in the module doc). Whole labels are
 * anchored, so their order does not matter; mentions are searched in this
 * order, most specific first, and a later mention inside an earlier one's
 * match is not counted ("Extended Stress Test" is `stress_extended`, not
 * also `stress`).
 */
export const WORKLOADS: readonly WorkloadSpelling[] = [
  {
    name: 'complete_story',
    words: 'complete story',
    whole: /^complete story(?: test)?(?: suite)?$/,
    mention: /complete[ _-]?story(?![a-z])/gi,
  },
  {
    name: 'transformer_encoder_isolated',
    words: 'transformerencoderlayer transformer encoder layer isolated',
    whole: /^(?:isolated )?(?:transformerencoderlayer|transformer encoder layer)(?: isolated)?(?: test)?$/,
    mention: /\bTransformerEncoderLayer\b|\btransformer[ _-]encoder[ _-]layer\b/gi,
  },
  {
    name: 'comprehensive',
    words: 'comprehensive',
    whole: /^comprehensive(?: test)?(?: suite)?$/,
    mention: /\bcomprehensive(?:_test_suite|_tests?\b|\s+(?:test\s+)?suite\b)|^\s*comprehensive\s*(?:\(|$)/gi,
  },
  {
    name: 'layernorm_stress',
    words: 'layernorm stress',
    whole: /^layernorm stress(?: test)?$/,
    mention:
      /\blayer[ _-]?norm[ _-]?stress|\bstress\s*\(\s*layer[ _-]?norm\b|\blayer[ _-]?norm\b[^.;|]{0,20}\bstress test/gi,
  },
  {
    name: 'graph_compilation',
    words: 'graph compilation stress',
    whole: /^(?:test )?graph compilation(?: stress)?(?: test)?$/,
    mention: /\bgraph[ _-]?compilation[ _-]?stress\b/gi,
  },
  {
    name: 'soak',
    words: 'soak',
    whole: /^(?:(?:quick|extended|simple|matmul) )*soak(?: test)?(?: quick)?$/,
    mention: /\bsoak(?:_test\w*)?\b/gi,
  },
  {
    name: 'stress_extended',
    words: 'stress extended',
    whole: /^(?:test )?(?:stress extended|extended stress)(?: tests?)?$/,
    mention: /\btest_stress_extended\w*|\bstress[ _-]extended\b|\bextended[ _-]stress\b/gi,
  },
  { name: 'thread_churn', words: 'thread churn', whole: /^(?:test )?thread churn(?: test)?$/, mention: null },
  {
    name: 'real_models',
    words: 'real models parallel',
    whole: /^(?:test )?real models(?: parallel)?(?: test)?$/,
    mention: null,
  },
  { name: 'memory_leak', words: 'memory leak', whole: /^(?:test )?memory leak(?: test)?$/, mention: null },
  {
    name: 'platform',
    words: 'platform specific checks check',
    whole: /^(?:(?:test|run) )?platform(?: specific)?(?: (?:checks?|tests?))?$/,
    mention: null,
  },
  {
    name: 'metal_diagnostics',
    words: 'metal diagnostics',
    whole: /^metal diagnostics(?: sh)?$/,
    mention: null,
  },
  {
    name: 'semaphore_recommended',
    words: 'semaphore recommended',
    whole: /^(?:test )?semaphore recommended$/,
    mention: null,
  },
  {
    name: 'benchmark_parallel_mps',
    words: 'benchmark parallel mps',
    whole: /^benchmark parallel mps$/,
    mention: /\bbenchmark_parallel_mps\b/gi,
  },
  { name: 'stress', words: 'stress', whole: null, mention: /\btest_stress\w*|\bstress[ _-]?tests?\b/gi },
  {
    name: 'op_shape',
    words: 'operations operation',
    whole: /^(?:linear|convolution|conv[123]d|embedding|matmul|attention|layernorm|pooling) operations?$/,
    mention:
      /\b(?:linear|convolution|conv[123]d|embedding)\s+operations?\b|^\s*nn\.[A-Z]\w*(?:\([^)]*\))?\s*$/gi,
  },
];

/**
 * The words that spell a workload's name in the reports: its vocabulary
 * words, or for a script's workload the words of its name.
 *
 * @example workloadWords('real_models') // Set {'real', 'models', 'parallel'}
 * @example workloadWords('record_stream') // Set {'record', 'stream'}
 */
export function workloadWords(workload: string): Set<string> {
  const known = WORKLOADS.find((w) => w.name === workload);
  return new Set((known?.words ?? workload.replace(/_/g, ' ')).split(' '));
}

/**
 * Each mention pattern twice: without the global flag for `test` and global
 * for `matchAll` (a global pattern's `lastIndex` left by `test` would make a
 * later `matchAll` start mid-string).
 */
const MENTIONS = WORKLOADS.flatMap(({ name, mention }) =>
  mention ? [{ name, one: new RegExp(mention.source, mention.flags.replace('g', '')), all: mention }] : [],
);

/**
 * A label as names are matched: lower case, emphasis and code markers gone,
 * a leading list number (`3.`) and a `tests/` or `./` path prefix dropped,
 * `.py`/`.sh` dropped, `_`, `-` and `.` as spaces, white space collapsed.
 *
 * @example normName('**tests/complete_story_test_suite.py**') // 'complete story test suite'
 */
export function normName(label: string): string {
  return label
    .toLowerCase()
    .replace(/[*`]/g, '')
    .replace(/^\s*\d{1,2}[.)]\s+/, '')
    .replace(/^\s*(?:\.\/)?(?:tests?\/)+/, '')
    .replace(/\.(?:py|sh)\b/g, '')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The known workload a whole normalised label is, or null. */
function wholeName(normalised: string): string | null {
  for (const w of WORKLOADS) if (w.whole?.test(normalised)) return w.name;
  return null;
}

/** A test script's stem: `test_foo`, `foo_test`, `foo_tests`, `foo_test_suite` → `foo`. */
const TEST_STEM = /^(?:test_([a-z0-9]+(?:_[a-z0-9]+)*)|([a-z0-9]+(?:_[a-z0-9]+)*?)_tests?(?:_suite)?)$/;

/**
 * The workload a script's stem (its file name without `.py`) stands for: a
 * known workload when the stem is one of its spellings or names one, else
 * the test's name without `test_` / `_test`, else the stem in lower case.
 *
 * @example scriptWorkload('complete_story_test_suite') // 'complete_story'
 * @example scriptWorkload('test_stress_extended') // 'stress_extended'
 * @example scriptWorkload('test_thread_churn') // 'thread_churn'
 * @example scriptWorkload('record_stream_test') // 'record_stream'
 * @example scriptWorkload('minimal_mps_contiguous_race') // 'minimal_mps_contiguous_race'
 */
export function scriptWorkload(stem: string): string {
  const known = wholeName(normName(stem));
  if (known) return known;
  for (const m of MENTIONS) if (m.one.test(stem)) return m.name;
  const base = stem.toLowerCase();
  const s = TEST_STEM.exec(base);
  return s ? (s[1] ?? s[2]) : base;
}

/** Words that describe a test's report section, not the test ("Complete Story Results"). */
const SECTION_WORDS = /\s+(?:results?|details|summary|output|report)$/;

/**
 * The workload a label is the name of, or null. The whole label must be the
 * name (a row label, a heading without its outcome): a parenthesised
 * qualifier (`(60s)`, `(repeat)`, `(8x)`), a trailing outcome (`- ALL PASS`)
 * and a trailing section word (`Results`, `Details`) are not part of it.
 * Known workloads come first ({@link WORKLOADS}); any other test script
 * (`test_foo.py`, `foo_test`, `foo_tests`) is the workload `foo`, and any
 * other Python script its stem (`verify_layernorm_fix.py`), as
 * {@link scriptWorkload} names them. A bare "Stress Test" is no test's name
 * (it is `stress` only inside a text, {@link workloadIn}). Chapters of the
 * suite, sub-tests, models and checks are not workloads.
 *
 * @example workloadName('complete_story_test_suite.py') // 'complete_story'
 * @example workloadName('Soak Test (60s)') // 'soak'
 * @example workloadName('record_stream_test') // 'record_stream'
 * @example workloadName('Gap 2: Memory Leak') // null
 * @example workloadName('thread_safety') // null
 */
export function workloadName(label: string): string | null {
  const raw = stripQualifiers(label);
  if (!raw) return null;
  const n = normName(raw).replace(SECTION_WORDS, '');
  if (!n || n.length > 60) return null;
  return wholeName(n) ?? scriptName(raw);
}

/** The label without parenthesised qualifiers and without what follows a ` - ` or `: ` separator. */
function stripQualifiers(label: string): string {
  return label
    .replace(/[*`]/g, '')
    .replace(/\s*[([][^)\]]*[)\]]/g, ' ')
    .replace(/\s+[-–—]\s.*$|:\s.*$|:$/, '')
    .trim();
}

/** A test script's workload from its file or module name, or null when the label is no test script. */
function scriptName(raw: string): string | null {
  const m = /^(?:\.\/)?(?:[\w-]+\/)*([\w-]+?)(\.(?:py|sh))?$/.exec(raw.trim().replace(/[*`]/g, ''));
  if (!m) return null;
  const base = m[1].toLowerCase();
  // A test (`test_foo`, `foo_test`), or another Python script named by its file
  // (`tests/verify_layernorm_fix.py`). Shell scripts are tools (deploy_patch.sh),
  // unless they are known workloads or named as tests.
  if (TEST_STEM.test(base) || (m[2] === '.py' && /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(base)))
    return scriptWorkload(base);
  return null;
}

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
 * Every workload a text names, in order of appearance: test scripts (by
 * {@link scriptWorkload}) and the vocabulary's spellings (duplicates kept; a
 * spelling inside a script's name or inside an earlier workload's spelling
 * is not counted again).
 *
 * @example workloadMentions('complete_story_test_suite.py and test_stress_extended.py').map((m) => m.workload)
 *   // ['complete_story', 'stress_extended']
 */
export function workloadMentions(text: string): WorkloadMention[] {
  if (!text) return [];
  const known = MENTIONS_SEEN.get(text);
  if (known) return known.slice();
  const out = findMentions(text);
  if (MENTIONS_SEEN.size >= 4096) MENTIONS_SEEN.clear();
  MENTIONS_SEEN.set(text, out);
  return out.slice();
}

/** Texts already read: the readers of one report ask about the same lines many times (a pure function, so cached). */
const MENTIONS_SEEN = new Map<string, WorkloadMention[]>();

function findMentions(text: string): WorkloadMention[] {
  const out: WorkloadMention[] = [];
  const taken: [number, number][] = [];
  const inside = (a: number, b: number) => taken.some(([x, y]) => a < y && b > x);
  for (const m of text.matchAll(SCRIPT)) {
    const stem = m[1] ?? m[2];
    if (NOT_A_TEST.test(stem)) continue;
    out.push(Object.freeze({ workload: scriptWorkload(stem), index: m.index }));
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const n of MENTIONS) {
    const found: [number, number][] = [];
    for (const m of text.matchAll(n.all)) {
      const end = m.index + m[0].length;
      if (inside(m.index, end)) continue;
      out.push(Object.freeze({ workload: n.name, index: m.index }));
      found.push([m.index, end]);
    }
    taken.push(...found);
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

/** The chapters of the complete-story suite, by their spellings in rows and bullets (as normalised). */
const CHAPTERS: readonly { name: string; re: RegExp }[] = [
  { name: 'thread_safety', re: /\bthread ?safety\b/ },
  { name: 'efficiency_ceiling', re: /\befficiency\b/ },
  { name: 'batching_advantage', re: /\bbatching\b/ },
  { name: 'correctness', re: /\bcorrectness\b/ },
];

/**
 * The complete-story chapter a label names at its start (`thread_safety`,
 * `Thread safety (8T x 20)`, `Efficiency Ceiling`, `Batching vs Threading`,
 * `Correctness`), or null. Chapters are parts of one run of the suite.
 *
 * @example suiteChapter('Thread safety (8T x 20)') // 'thread_safety'
 * @example suiteChapter('Throughput') // null
 */
export function suiteChapter(label: string): string | null {
  const n = normName(label);
  for (const c of CHAPTERS) if (c.re.exec(n)?.index === 0) return c.name;
  return null;
}

/**
 * True when the labels name all four chapters of the complete-story suite
 * (thread safety, efficiency, batching, correctness) anywhere in them: a run
 * of the suite written as its chapters, with or without the suite's name.
 *
 * @example isChapterList(['Thread safety: PASS', 'Efficiency ceiling: CONFIRMED', 'Batching advantage: CONFIRMED', 'Correctness: PASS']) // true
 */
export function isChapterList(labels: readonly string[]): boolean {
  const names = labels.map(normName);
  return CHAPTERS.every((c) => names.some((l) => c.re.test(l)));
}
