/**
 * Every statement a report makes about the environment of its runs outside
 * the headings and captions that stand over them (those are read by the walk,
 * walk.ts): key/value fields, configuration bullets, command lines, prose.
 * Each statement records its line, the section it stands in and how far it
 * reaches; resolveEnvironment.ts chooses among them for each block.
 *
 * **Reach** (`tier`, `scope`):
 * - `file`: the header (before the first section) and top-level describing
 *   sections (`## Configuration`, `## Test Configuration`, `## Environment`,
 *   `## System`, `## Status`, `## Summary`, `## Build Note`, …) describe the
 *   whole file.
 * - `section`: anything else describes the subtree of its section's parent:
 *   `- Threads: 8` under `### Thread Safety` describes `### Efficiency`
 *   beside it (same `##` parent); a top-level section that does not describe
 *   (`## Metrics`) reaches only its own subtree.
 * - `weak`: what a careful reader infers when nothing states it: prose in the
 *   header or a summary naming exactly one fix variant, a cumulative heading
 *   naming one ("## Cumulative v2.4 NR Results"), conclusion prose naming one
 *   (a `## Conclusion`, or the paragraphs of the file's last section);
 *   an "8-thread efficiency" key; the suite's four chapters or its 160 ops
 *   for the workload; a PyTorch version in prose.
 *
 * **Never read**: fenced code (skipped by the walk), sections that recommend,
 * plan, compare or list artifacts (`## Recommendations`, `## Next Steps`,
 * `## How to Run`, `## Comparison with N=2941`, `## Deployment Status`, …),
 * artifact and checksum lines (`libagx_fix_v2_5.dylib: 100248 bytes OK`,
 * `Dylib MD5: … (libagx_fix_v2_4_nr.dylib)`), version ranges ("All dylibs
 * built (v2.2-v2.9)", fixVariant.ts), `v2.9.1` (a torch version), keys that
 * name a variant in a table (a comparison row), `Fork HEAD` / `Base`
 * (torchVersionIn.ts), and any serialisation on a line about the
 * `test_semaphore_recommended` comparison test or a comparison ("vs Lock").
 */
import type { ConfigLabels } from '../../store/configKey.ts';
import type { Wrapper } from '../../store/vocabulary.ts';
import type { Field } from './fields.ts';
import { fixVariantOf, fixVariantsIn } from './fixVariant.ts';
import { isCumulativeHeading, wrapperIn } from './headingContext.ts';
import { serialisationIn } from './serialisation.ts';
import { threadsIn } from './threadsIn.ts';
import { torchInProse, torchKeyRole, torchVersionIn } from './torchVersionIn.ts';
import type { WalkedBlock } from './walk.ts';
import { isChapterList, workloadIn, workloadsIn } from './workload.ts';

/** An environment label (store/configKey.ts). */
export type EnvAttribute = keyof ConfigLabels;

/** How far a statement reaches; see the module comment. */
export type EnvTier = 'file' | 'section' | 'weak';

/** One statement of one label, with where it stands and how far it reaches. */
export interface EnvStatement {
  attribute: EnvAttribute;
  value: string | number;
  line: number;
  /** Line of the heading of the section it stands in; 0 for the header. */
  home: number;
  /** Line of the heading whose subtree it describes; 0 for the whole file. */
  scope: number;
  tier: EnvTier;
  /**
   * Strength within its tier: a higher rank beats a lower one without a
   * conflict (an `Installed torch` over a plain `PyTorch` key; for weak fix
   * variants, summary prose over cumulative headings over conclusions).
   */
  rank: number;
  /** The workload a serialisation statement is about ("complete_story uses `_mps_lock`"); null for all. */
  workload: string | null;
}

/** Sections whose statements describe the whole file when they stand at the top level. */
const DESCRIBING =
  /config|setup|environment|system|^(?:\d+\.\s*)?(?:final |current )?status$|dylib|test mode|parameters|method|platform|hardware|build note|iteration info|summary|overview/i;
/** Sections that describe no run of this file: what to do, what others did, what exists. */
const NOT_STATED =
  /recommend|next steps?|how to|usage|instructions|\btodo\b|\bto do\b|\bplans?\b|future|reproduc|references?|files? (?:referenced|changed|modified)|comparison|previous|history|background|\bprior\b|appendix|related|deployment|artifacts?|changelog|lessons/i;
const CLOSING = /conclusion|verdict|final status|outcome/i;
const SUMMARY = /summary|overview|objective|purpose|scope/i;

const FIX_KEY =
  /^(?:agx fix(?: version| dylib| variant)?|dylib(?: version| used| variant)?|fix(?: variant| version| dylib)?|configuration|config|test mode|mode|version|fix dylib|agx_fix|library|injected dylib|dyld insert libraries|dyld_insert_libraries)$/;
/** Header keys whose value may name the variant in passing ("**Status**: All tests pass, v2.3 stable"). */
const HEADER_FIX_KEY = /^(?:status|result|results)$/;
const THREAD_KEY = /^(?:threads|thread count|num threads|number of threads|threads per test|worker threads)$/;
const CONFIG_KEY =
  /^(?:config|configuration|setup|parameters|test parameters|test configuration|test config)$/;
const WRAPPER_KEY = /^(?:wrapper|test wrapper|runner|test runner|retry|retries|max retries|retry wrapper)$/;
const COMMAND_KEY = /^(?:command|test command|run command|cmd|invocation|environment|env)$/;
const TEST_KEY = /^(?:test|test suite|suite|test script|script|workload|test file|tests run)$/;
const SERIAL_KEY = /^(?:throttle|throttling|serialization|serialisation|serialized|serialised|lock mode)$/;
const GRAPH_KEY = /^mps force graph path$/;
/** A value that lists, sizes or checksums artifacts rather than saying what ran. */
const ARTIFACT =
  /\bbytes\b|\b\d+(?:\.\d+)?\s*[KM]B\b|\bmd5\b|\bsha\d*\b|checksum|\bbuilt\b|\bexists?\b|\bpresent\b|\bsize\b|✅|\bOK\b|\bverified\b.*\bbuild|\.mm\b|\.tla\b/i;
const ARTIFACT_KEY = /md5|sha|checksum|size|bytes|built|builds|artifact|exists|path|source|variants/;
/** A line that runs something: env assignments before a command, a script, or python on a test file. */
const COMMAND_LINE =
  /(?:^|[\s`:])(?:[A-Z][A-Z0-9_]*=\S*\s+)+(?:\.\/|python3?\b|\S+\.sh\b)|(?:^|[\s`:])\.\/scripts\/\S+\.sh\b|(?:^|[\s`:])python3?\s+\S+\.py\b/;
/**
 * Prose saying what the tests ran under: "All tests run with
 * `./scripts/run_test_with_crash_check.sh` wrapper", "All tests executed with
 * crash-check wrapper using v2.9 dylib".
 */
const RUN_WITH = /\b(?:run|ran|runs|executed|tested|invoked)\s+(?:with|via|using|through|under)\b/i;
const NATIVE_THREADING = /\bnative (?:MPS )?threading\b/i;
const ENV_WORDS =
  /dylib|agx|native|v2[._]\d|torch|thread|\d\s?t\b|retr|wrapper|run_|\.py|\.sh|test|suite|story|lock|semaphore|throttl|graph|seriali|mps_|restored|operations|\bops\b|soak|stress|efficiency|correctness|batching|safety/i;
/** An efficiency measured at one thread count: "8-thread efficiency", "Efficiency (8T)", "efficiency … at 8 threads". */
const EFFICIENCY_AT =
  /\b(\d{1,4})[- ]?thread(?:ed)?\s+efficiency\b|\befficiency\s*\(\s*(\d{1,4})\s*t\s*\)|\befficiency\b[^|]{0,40}?\bat\s+(\d{1,4})\s+threads\b/i;
/** The suite's 160 operations per round: "160/160 operations per round", "160 ops/round", "25 rounds x 160 ops". */
const SUITE_OPS =
  /\b160(?:\/160)?\s*(?:(?:gpu\s+)?op(?:eration)?s?\s*)?(?:\/\s*|per\s+)round\b|\brounds?\s*[x×]\s*160\s+(?:gpu\s+)?op(?:eration)?s\b/i;
/** A line that is one chapter of the suite ("Thread safety: PASS", "efficiency_ceiling: PASS (16.2% at 8 threads)"), not "Correctness Benchmark". */
const CHAPTER_LABEL =
  /^(?:\d+\.\s*)?(thread[ _-]?safety|efficiency(?:[ _-]ceiling)?|batching(?:[ _-]advantage)?|correctness)\s*(?:[:(|]|$|-\s|pass\b|confirmed\b)/i;

/** Several thread counts listed together ("8 and 16 worker threads", "at 1, 2, 4 and 8 threads"): no one count is stated. */
const SEVERAL_COUNTS =
  /\b\d{1,4}\s*(?:,|and|or|\/)\s*(?:\d{1,4}\s*(?:,|and|or)\s*)*\d{1,4}\s*(?:worker\s+)?threads?\b/i;

/** What the wrapper of a command or wrapper value is. */
function wrapperOfCommand(text: string, direct: boolean): Wrapper | null {
  if (/run_test_with_crash_check\.sh/.test(text)) return 'none';
  if (/MPS_TEST_MAX_RETRIES=[01]\b/.test(text)) return 'none';
  if (/run_mps_test\.sh|MPS_TEST_MAX_RETRIES=[2-9]/.test(text)) return 'retry';
  if (direct && /(?:^|[\s`:])python3?\s+\S+\.py\b/.test(text)) return 'none';
  return null;
}

/** Statements of one command line (fix from the injected dylib, wrapper, workload, threads, graph path). */
function commandStatements(text: string, push: (a: EnvAttribute, v: string | number | null) => void): void {
  const dyld = /DYLD_INSERT_LIBRARIES=["'`]?(\S+)/.exec(text);
  if (dyld) push('fix_variant', fixVariantOf(dyld[1]));
  const scripts = workloadsIn(text.replace(/\S+\.sh\b/g, ' '));
  // A bare `python3 x.py` runs x without a wrapper only when x is a test: a tool
  // (`python3 tests/verify_patch.py`, `setup.py`) says nothing of how tests ran.
  push('wrapper', wrapperOfCommand(text, scripts.length > 0));
  if (scripts.length === 1) push('workload', scripts[0]);
  const t = /--threads[ =](\d{1,4})\b/.exec(text);
  if (t) push('threads', Number(t[1]));
  if (/\bMPS_FORCE_GRAPH_PATH=1\b/.test(text)) push('serialised', 'graph_path');
}

/** True for a key whose value is read as an environment statement (not `Note`, `Finding`, …). */
function isEnvKey(key: string): boolean {
  return (
    FIX_KEY.test(key) ||
    HEADER_FIX_KEY.test(key) ||
    THREAD_KEY.test(key) ||
    CONFIG_KEY.test(key) ||
    WRAPPER_KEY.test(key) ||
    COMMAND_KEY.test(key) ||
    TEST_KEY.test(key) ||
    SERIAL_KEY.test(key) ||
    GRAPH_KEY.test(key) ||
    torchKeyRole(key) != null
  );
}

/**
 * True for a heading whose section describes no run of its own file: it
 * recommends, plans, compares, recalls or lists artifacts
 * (`## Recommendations`, `## Next Steps`, `## How to Run Tests`,
 * `## Comparison with N=2941`, `## Deployment Status`). Nothing under it is
 * an environment statement.
 *
 * @example describesNoRun('## Recommendations for Next AI') // true
 */
export function describesNoRun(heading: string): boolean {
  return NOT_STATED.test(heading);
}

/** The heading text of each section line, and the section's parent. */
interface SectionInfo {
  text: string;
  parent: number;
  describing: boolean;
  silent: boolean;
}

/**
 * Reads every environment statement of a report (see the module comment),
 * in document order.
 *
 * @param blocks the walked blocks (walk.ts)
 * @param fields their key/value fields (fields.ts)
 * @example readEnvStatements(blocks, fieldsOf(blocks)).filter((s) => s.attribute === 'threads')
 *   // [{attribute: 'threads', value: 8, line: 21, home: 18, scope: 16, tier: 'section', …}]
 */
export function readEnvStatements(blocks: WalkedBlock[], fields: Field[]): EnvStatement[] {
  const out: EnvStatement[] = [];
  const sections = new Map<number, SectionInfo>();
  const fieldsByBlock = new Map<number, Field[]>();
  for (const f of fields) {
    const list = fieldsByBlock.get(f.block);
    if (list) list.push(f);
    else fieldsByBlock.set(f.block, [f]);
  }
  const chapterLabels = new Map<number, { labels: string[]; line: number }>();
  /** Every workload the file names anywhere (headings, text, first cells). */
  const named = new Set<string>();
  const sectionWorkload = new Map<number, string>();

  // The last top-level section: prose there is the report's closing, whatever its title ("## System Stability").
  let lastTop = 0;
  for (const b of blocks) if (b.context.sections?.length === 1) lastTop = b.context.sections[0];

  blocks.forEach((b, i) => {
    const ctx = b.context;
    const secs = ctx.sections ?? [];
    const home = secs.length ? secs[secs.length - 1] : 0;
    if (home && !sections.has(home) && b.kind === 'text' && b.role === 'heading' && b.line === home) {
      const parent = secs.length >= 2 ? secs[secs.length - 2] : 0;
      const parentInfo = parent ? sections.get(parent) : undefined;
      sections.set(home, {
        text: b.text,
        parent,
        describing: DESCRIBING.test(b.text),
        silent: NOT_STATED.test(b.text) || (parentInfo?.silent ?? false),
      });
    }
    const info = home ? sections.get(home) : undefined;
    if (info?.silent) return;
    const parent = info?.parent ?? 0;
    const fileLevel = home === 0 || (parent === 0 && (info?.describing ?? false));
    const tier: EnvTier = fileLevel ? 'file' : 'section';
    const scope = fileLevel ? 0 : parent || home;
    const describing = home === 0 || (info?.describing ?? false);
    const inSummary = home !== 0 && SUMMARY.test(info?.text ?? '') && parent === 0;
    const seen = new Set<string>();
    const add = (
      attribute: EnvAttribute,
      value: string | number | null,
      line: number,
      t: EnvTier = tier,
      rank = 0,
      workload: string | null = null,
    ) => {
      if (value == null || value === '') return;
      const key = `${attribute}\u0000${value}\u0000${line}\u0000${t}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ attribute, value, line, home, scope: t === 'section' ? scope : 0, tier: t, rank, workload });
    };

    if (b.kind === 'text' && b.role === 'heading') {
      if (isCumulativeHeading(b.text)) add('fix_variant', fixVariantOf(b.text), b.line, 'weak', 1);
      for (const n of workloadsIn(b.text)) named.add(n);
      const w = workloadIn(b.text);
      if (w && home) sectionWorkload.set(home, w);
      return;
    }

    // Key/value fields.
    for (const f of fieldsByBlock.get(i) ?? []) {
      const { key, value, line } = f;
      if (!ENV_WORDS.test(key) && !ENV_WORDS.test(value)) continue;
      const table = b.kind === 'table';
      if (
        table &&
        /config|environment|variant|version|dylib|setup|mode|approach|option|\bfix\b/i.test(b.header[0] ?? '')
      )
        continue; // a comparison of configurations, one per row
      const artifact = ARTIFACT_KEY.test(key) || ARTIFACT.test(value);
      // Fix variant.
      if (!artifact) {
        if (FIX_KEY.test(key)) {
          const v = fixVariantOf(value) ?? (describing && NATIVE_THREADING.test(value) ? 'native' : null);
          add('fix_variant', v, line);
          if (!/semaphore_recommended/i.test(value)) add('serialised', serialisationIn(value), line);
        } else if (!table && describing && fixVariantsIn(key).length === 1) {
          const v = fixVariantOf(`${key} ${value}`);
          add('fix_variant', v, line);
        } else if (home === 0 && HEADER_FIX_KEY.test(key)) add('fix_variant', fixVariantOf(value), line);
      }
      // Torch.
      const role = torchKeyRole(key);
      if (role === 'installed' || role === 'stated')
        add('torch_version', torchVersionIn(value), line, tier, role === 'installed' ? 1 : 0);
      else if (role == null && describing) add('torch_version', torchInProse(value), line);
      // Threads.
      if (THREAD_KEY.test(key)) {
        const m = /^\s*(\d{1,4})\b(?!\s*(?:[-–,/+x×]|to)\s*\d)/.exec(value);
        if (m && Number(m[1]) >= 1) add('threads', Number(m[1]), line);
      } else if (CONFIG_KEY.test(key)) add('threads', threadsIn(value), line);
      else if (/efficiency/.test(key)) add('threads', threadsIn(key), line, 'weak');
      // Wrapper.
      if (WRAPPER_KEY.test(key)) {
        const n = /^\s*(\d{1,2})\b/.exec(value);
        add(
          'wrapper',
          wrapperOfCommand(value, false) ??
            wrapperIn(value) ??
            (n ? (Number(n[1]) > 0 ? 'retry' : 'none') : null),
          line,
        );
      }
      // Workload.
      if (TEST_KEY.test(key)) add('workload', workloadIn(value), line);
      // Serialisation.
      if (SERIAL_KEY.test(key))
        add(
          'serialised',
          /^\s*(?:none|no|off|disabled|false)\b/i.test(value) ? 'none' : serialisationIn(value),
          line,
        );
      else if (GRAPH_KEY.test(key))
        add('serialised', /^\s*`?(?:1|true|on|yes|enabled)\b/i.test(value) ? 'graph_path' : null, line);
      // Weak workload: the suite's 160 operations per round ("Total Operations | 4000 (160 ops/round x 25 rounds)").
      if (SUITE_OPS.test(value)) add('workload', 'complete_story', line, 'weak');
      // Commands.
      if (COMMAND_KEY.test(key) && (COMMAND_LINE.test(value) || /\.sh\b|\.py\b/.test(value)))
        commandStatements(value, (a, v) => add(a, v, line));
    }
    if (b.kind === 'table') {
      const labels = b.rows.map((r) => r.cells[0]?.text ?? '');
      for (const l of labels) for (const n of workloadsIn(l)) named.add(n);
      if (isChapterList(labels)) add('workload', 'complete_story', b.rows[0]?.line ?? b.line, 'weak');
      return;
    }

    const text = b.text;
    if (!ENV_WORDS.test(text)) return;
    for (const n of workloadsIn(text)) named.add(n);
    const isField = (fieldsByBlock.get(i) ?? []).some((f) => isEnvKey(f.key));
    // Command lines and "run with the … wrapper" prose.
    if (COMMAND_LINE.test(text)) commandStatements(text, (a, v) => add(a, v, b.line));
    if (RUN_WITH.test(text) && /\btests?\b/i.test(text) && !ARTIFACT.test(text)) {
      const crashCheck = /crash[- ]check(?:ing)?\b|run_test_with_crash_check\.sh/i.test(text);
      add('wrapper', crashCheck ? 'none' : (wrapperOfCommand(text, false) ?? wrapperIn(text)), b.line);
      add('fix_variant', fixVariantOf(text), b.line);
    }
    // Bullets of a describing section (not key/value): "- libagx_fix_v2_3.dylib", "- PyTorch 2.9.1+ (native MPS threading)".
    const w = workloadIn(text);
    if (w && home && !sectionWorkload.has(home)) sectionWorkload.set(home, w);
    if (describing && !isField && b.role === 'item' && !inSummary && !ARTIFACT.test(text)) {
      add('fix_variant', fixVariantOf(text) ?? (NATIVE_THREADING.test(text) ? 'native' : null), b.line);
      add('torch_version', torchInProse(text), b.line);
      if (!SEVERAL_COUNTS.test(text)) add('threads', threadsIn(text), b.line);
      if (!/semaphore_recommended/i.test(text)) add('serialised', serialisationIn(text), b.line);
    } else if (!isField) {
      add('torch_version', torchInProse(text), b.line, 'weak');
      // Serialisation of one named test: "complete_story uses Python-level `_mps_lock`".
      if (w && w !== 'semaphore_recommended') add('serialised', serialisationIn(text), b.line, tier, 0, w);
      // "I restored the original test": the file's test runs without the lock.
      const restored =
        /\brestored the original test\b|\bremoved the (?:global |python[- ]level )?lock\b/i.test(text);
      if (restored) add('serialised', 'none', b.line, 'file', 0, w ?? sectionWorkload.get(home) ?? null);
    }
    // Weak fix variant from prose: the header and top-level summaries, then conclusions. Every
    // variant a line names is kept, so prose that compares two names none (resolveEnvironment.ts).
    if (b.role !== 'heading' && !isField) {
      const closing = CLOSING.test(info?.text ?? '') || (home === lastTop && b.role === 'paragraph');
      const rank = home === 0 || inSummary ? 2 : closing ? 0 : -1;
      if (rank >= 0) {
        const variants = fixVariantsIn(text);
        for (const v of variants) add('fix_variant', v, b.line, 'weak', rank);
        // "System remains stable with v2.7 dylib + Semaphore(2) throttling": a paragraph naming
        // the session's one fix states its throttle too, as weakly (a list item may be one of
        // several configurations compared: "1. v2.5 dylib + Python-level lock", "2. v2.5 alone").
        if (variants.length === 1 && b.role === 'paragraph' && !/semaphore_recommended/i.test(text))
          add('serialised', serialisationIn(text), b.line, 'weak', rank);
      }
    }
    // Weak threads: an efficiency measured at one thread count.
    const eff = EFFICIENCY_AT.exec(text);
    if (eff) add('threads', Number(eff[1] ?? eff[2] ?? eff[3]), b.line, 'weak');
    // Weak workload: the suite's 160 operations, or its chapters listed together.
    if (SUITE_OPS.test(text)) add('workload', 'complete_story', b.line, 'weak');
    const chapter = CHAPTER_LABEL.exec(text);
    if (chapter) {
      const c = chapterLabels.get(home) ?? { labels: [], line: b.line };
      c.labels.push(chapter[1]);
      chapterLabels.set(home, c);
      if (isChapterList(c.labels)) add('workload', 'complete_story', c.line, 'weak');
    }
  });
  // The suite's chapters or its 160 operations say complete_story only in a file that names no other test.
  const others = [...named].some((n) => n !== 'complete_story');
  return others ? out.filter((s) => !(s.tier === 'weak' && s.attribute === 'workload')) : out;
}
