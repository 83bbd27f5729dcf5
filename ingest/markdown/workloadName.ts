/**
 * Which test (workload) a name or a text names: the one normaliser of test
 * names, shared by the extractors that make rounds from rows and headings
 * naming their test, and by whatever resolves a report's workload context.
 *
 * A workload is one test process: the complete-story suite, the extended
 * stress test, the quick soak test, … (`WORKLOADS`), or any other test
 * script named by its file (`test_foo.py`, `foo_test`, `tests/foo.py` →
 * `foo`). The four chapters of the complete-story suite (thread safety,
 * efficiency ceiling, batching advantage, correctness) are parts of one run
 * of the suite, not workloads of their own ({@link suiteChapter}).
 * Op-level shape tests ("Linear Operations", "Convolution Operations") are
 * the workload `op_shape`.
 */

/** One known workload: its name and the normalised spellings that name it. */
export interface WorkloadSpelling {
  name: string;
  /** Matched against the whole normalised label (lower case, `_`/`-`/`.` as spaces, see {@link normName}). */
  pattern: RegExp;
}

/**
 * The known workloads, first match wins. Spellings come from the reports:
 * `complete_story_test_suite.py`, `Complete Story Suite`, `test_stress_extended`,
 * `Extended stress`, `soak_test_quick`, `Soak Test`, `Thread Churn`,
 * `test_real_models_parallel`, `Memory Leak`, `test_platform_specific`,
 * `Platform Checks`, `Graph Compilation`, `metal_diagnostics`,
 * `test_semaphore_recommended`, `comprehensive_test_suite`,
 * `benchmark_parallel_mps`, `TransformerEncoderLayer`, `LayerNorm stress`.
 */
export const WORKLOADS: readonly WorkloadSpelling[] = [
  { name: 'complete_story', pattern: /^complete story(?: test)?(?: suite)?$/ },
  { name: 'stress_extended', pattern: /^(?:test )?(?:stress extended|extended stress)(?: tests?)?$/ },
  { name: 'soak', pattern: /^(?:(?:quick|extended|simple|matmul) )*soak(?: test)?(?: quick)?$/ },
  { name: 'thread_churn', pattern: /^(?:test )?thread churn(?: test)?$/ },
  { name: 'real_models', pattern: /^(?:test )?real models(?: parallel)?(?: test)?$/ },
  { name: 'memory_leak', pattern: /^(?:test )?memory leak(?: test)?$/ },
  {
    name: 'platform',
    pattern: /^(?:(?:test|run) )?platform(?: specific)?(?: (?:checks?|tests?))?$/,
  },
  { name: 'graph_compilation', pattern: /^(?:test )?graph compilation(?: stress)?(?: test)?$/ },
  { name: 'metal_diagnostics', pattern: /^metal diagnostics(?: sh)?$/ },
  { name: 'semaphore_recommended', pattern: /^(?:test )?semaphore recommended$/ },
  { name: 'comprehensive', pattern: /^comprehensive(?: test)?(?: suite)?$/ },
  { name: 'benchmark_parallel_mps', pattern: /^benchmark parallel mps$/ },
  {
    name: 'transformer_encoder_layer',
    pattern: /^(?:isolated )?(?:transformerencoderlayer|transformer encoder layer)(?: isolated)?(?: test)?$/,
  },
  { name: 'layernorm_stress', pattern: /^layernorm stress(?: test)?$/ },
  {
    name: 'op_shape',
    pattern: /^(?:linear|convolution|conv[123]d|embedding|matmul|attention|layernorm|pooling) operations?$/,
  },
];

/** Words that describe a test's report section, not the test ("Complete Story Results"). */
const SECTION_WORDS = /\s+(?:results?|details|summary|output|report)$/;

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

/** A script name: `test_foo`, `foo_test`, `foo_tests`, `foo_test_suite` (from `.py`/`.sh` or the underscores). */
const SCRIPT = /^(?:test_([a-z0-9]+(?:_[a-z0-9]+)*)|([a-z0-9]+(?:_[a-z0-9]+)*?)_tests?(?:_suite)?)$/;

/**
 * The workload a label is the name of, or null. The whole label must be the
 * name (a row label, a heading without its outcome): a parenthesised
 * qualifier (`(60s)`, `(repeat)`, `(8x)`), a trailing outcome (`- ALL PASS`)
 * and a trailing section word (`Results`, `Details`) are not part of it.
 * Known workloads come first ({@link WORKLOADS}); any other test script
 * (`test_foo.py`, `foo_test`, `foo_tests`) is the workload `foo`, and any
 * other Python script its stem (`verify_layernorm_fix.py`).
 * Chapters of the suite, sub-tests, models and checks are not workloads.
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
  for (const w of WORKLOADS) if (w.pattern.test(n)) return w.name;
  return scriptName(raw);
}

/** The label without parenthesised qualifiers and without what follows a ` - ` or `: ` separator. */
function stripQualifiers(label: string): string {
  return label
    .replace(/[*`]/g, '')
    .replace(/\s*[([][^)\]]*[)\]]/g, ' ')
    .replace(/\s+[-–—]\s.*$|:\s.*$|:$/, '')
    .trim();
}

/** A test script's workload from its file or module name, or null. */
function scriptName(raw: string): string | null {
  const m = /^(?:\.\/)?(?:[\w-]+\/)*([\w-]+?)(\.(?:py|sh))?$/.exec(raw.trim().replace(/[*`]/g, ''));
  if (!m) return null;
  const base = m[1].toLowerCase();
  const s = SCRIPT.exec(base);
  if (s) return s[1] ?? s[2];
  // Another Python script named by its file (`tests/verify_layernorm_fix.py`): its stem. Shell
  // scripts are tools (deploy_patch.sh), unless they are known workloads or named as tests.
  if (m[2] === '.py' && /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(base)) return base;
  return null;
}

/** Finds a known workload's spelling anywhere in a text (word-bounded, as normalised). */
const ANYWHERE: readonly { name: string; re: RegExp }[] = [
  { name: 'complete_story', re: /\bcomplete story\b/ },
  { name: 'stress_extended', re: /\btest stress extended\b/ },
  { name: 'soak', re: /\bsoak test quick\b/ },
  { name: 'thread_churn', re: /\btest thread churn\b/ },
  { name: 'real_models', re: /\btest real models parallel\b/ },
  { name: 'memory_leak', re: /\btest memory leak\b/ },
  { name: 'graph_compilation', re: /\bgraph compilation stress\b/ },
  { name: 'semaphore_recommended', re: /\bsemaphore recommended\b/ },
  { name: 'comprehensive', re: /\bcomprehensive test suite\b/ },
  { name: 'benchmark_parallel_mps', re: /\bbenchmark parallel mps\b/ },
  { name: 'transformer_encoder_layer', re: /\btransformerencoderlayer\b/ },
];

/**
 * The one known workload a text names anywhere (a title, a `**Test Suite**:`
 * value, a command line), or null when it names none or several. Only the
 * spellings that cannot mean anything else count here (`complete_story`,
 * `test_stress_extended`, `TransformerEncoderLayer`, …).
 *
 * @example workloadIn('./scripts/run_mps_test.sh python3 tests/complete_story_test_suite.py') // 'complete_story'
 * @example workloadIn('Rounds 1640-1659') // null
 */
export function workloadIn(text: string): string | null {
  const n = ` ${normName(text)} `;
  const found = new Set<string>();
  for (const w of ANYWHERE) if (w.re.test(n)) found.add(w.name);
  return found.size === 1 ? [...found][0] : null;
}

/** The chapters of the complete-story suite, by their spellings in rows and bullets. */
const CHAPTERS: readonly { name: string; re: RegExp }[] = [
  { name: 'thread_safety', re: /^thread safety\b/ },
  { name: 'efficiency_ceiling', re: /^efficiency(?: ceiling)?\b/ },
  { name: 'batching_advantage', re: /^batching(?: advantage| vs threading)?\b/ },
  { name: 'correctness', re: /^correctness\b/ },
];

/**
 * The complete-story chapter a label names (`thread_safety`, `Thread safety
 * (8T x 20)`, `Efficiency Ceiling`, `Batching vs Threading`, `Correctness`),
 * or null. Chapters are parts of one run of the suite.
 *
 * @example suiteChapter('Thread safety (8T x 20)') // 'thread_safety'
 * @example suiteChapter('Throughput') // null
 */
export function suiteChapter(label: string): string | null {
  const n = normName(label);
  for (const c of CHAPTERS) if (c.re.test(n)) return c.name;
  return null;
}
