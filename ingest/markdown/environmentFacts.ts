/**
 * `environment_facts`: statements about a test's own environment that reach
 * beyond the runs of the file that makes them. The analysis applies them to
 * the series of that workload; the parser only records them, each with its
 * line, the workload, the attribute, the value, the date it was stated on
 * (the report's date, or its "Updated …" date) and the words it was read from.
 *
 * Kept narrow on purpose; two kinds, both about serialisation:
 * - **a test's code**: a fenced block that names one test file (a comment
 *   `# In tests/complete_story_test_suite.py`, or the paragraph just above)
 *   and defines a module-level `NAME = threading.Semaphore(N)` /
 *   `threading.Lock()` (`THREAD_SAFETY_PROOF.md:44-59` →
 *   `{complete_story, serialised, semaphore(1)}`). Not when its section says
 *   the change was undone ("I restored the original test").
 * - **prose or a heading naming one test file** with a lock or semaphore it
 *   uses, or says it lacks: `### complete_story_test_suite.py (Uses
 *   Python-level _mps_lock)` → `{complete_story, serialised, python_lock}`;
 *   `### comprehensive_test_suite.py (No Python-level lock)` → `none`.
 *
 * Never from a comparison ("Semaphore(2) +13% vs Lock"), from the
 * `test_semaphore_recommended` comparison test, from a line naming several
 * test files, or from sections that recommend, plan or compare
 * (envStatements.ts `describesNoRun`).
 */
import type { EnvironmentFactRow } from '../../store/rawTables.ts';
import type { BlockContext, CodeFence } from './blocks.ts';
import { describesNoRun } from './envStatements.ts';
import { fieldsOf } from './fields.ts';
import { reportDates } from './metadata.ts';
import { serialisationIn } from './serialisation.ts';
import type { WalkedBlock, WalkedBlocks } from './walk.ts';
import { scriptWorkload } from './workload.ts';

const TEST_FILE = /(?<![\w./-])(?:[\w.-]+\/)*([A-Za-z]\w*)\.py\b/g;
const USES =
  /\b(?:uses?|using|wraps?|wrapped|serializ\w*|serialis\w*|guard\w*|protect\w*|throttl\w*|adds?|added)\b/i;
const UNDONE =
  /\brestored the original test\b|\bremoved the (?:global |python[- ]level )?lock\b|\breverted\b/i;
/** A Markdown heading quoted inside a line (MAP.md's "headings such as `### complete_story_test_suite.py (Uses …)`"): it describes another report. */
const QUOTED_HEADING = /(?:^|[\s`"'(])#{2,6}\s+\S/;
/** A module-level (unindented) lock or semaphore definition. */
const DEFINITION =
  /^([A-Za-z_]\w*)\s*=\s*threading\.(?:Bounded)?(Semaphore\s*\(\s*(\d{1,3})\s*\)|R?Lock\s*\(\s*\))/m;

/** The one test workload a text names by its file, or null (none, several, or a comparison test). */
function testFileIn(text: string): string | null {
  const found = new Set<string>();
  for (const m of text.matchAll(TEST_FILE)) found.add(scriptWorkload(m[1]));
  if (found.size !== 1) return null;
  const [w] = found;
  return w === 'semaphore_recommended' ? null : w;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

/** True when the section of a context says its change was undone ("I restored the original test"). */
function undoneIn(blocks: WalkedBlock[], context: BlockContext): boolean {
  const home = context.sections?.at(-1);
  if (home == null) return false;
  return blocks.some((b) => b.kind === 'text' && b.context.sections?.at(-1) === home && UNDONE.test(b.text));
}

function fenceFact(blocks: WalkedBlock[], fence: CodeFence): Omit<EnvironmentFactRow, 'stated_on'> | null {
  if (fence.context.headingPath.some(describesNoRun)) return null;
  const def = DEFINITION.exec(fence.value);
  if (!def) return null;
  const comments = fence.value
    .split('\n')
    .filter((l) => /^\s*#/.test(l))
    .join(' ');
  const workload = testFileIn(comments) ?? testFileIn(fence.intro ?? '');
  if (!workload || undoneIn(blocks, fence.context)) return null;
  const value = def[3] != null ? `semaphore(${Number(def[3])})` : 'python_lock';
  const offset = fence.value.slice(0, def.index).split('\n').length;
  return {
    line: fence.line + offset,
    workload,
    attribute: 'serialised',
    value,
    context: snippet(`${comments} ${def[0]}`),
  };
}

function textFact(blocks: WalkedBlock[], b: WalkedBlock): Omit<EnvironmentFactRow, 'stated_on'> | null {
  if (b.kind !== 'text' || !/\.py\b/.test(b.text) || !/lock|semaphore|serializ|serialis/i.test(b.text))
    return null;
  if (b.context.headingPath.some(describesNoRun) || QUOTED_HEADING.test(b.text)) return null;
  const workload = testFileIn(b.text);
  if (!workload || UNDONE.test(b.text)) return null;
  const value = serialisationIn(b.text);
  if (!value || (value !== 'none' && !USES.test(b.text)) || undoneIn(blocks, b.context)) return null;
  return { line: b.line, workload, attribute: 'serialised', value, context: snippet(b.text) };
}

/**
 * The environment facts of a report (see the module comment). `stated_on` is
 * the report's updated date from its date keys; the parser fills it from the
 * file name when the text has none.
 *
 * @example extractEnvironmentFacts(walk(tree)) // [{line: 49, workload: 'complete_story', attribute: 'serialised', value: 'semaphore(1)', …}]
 */
export function extractEnvironmentFacts(blocks: WalkedBlocks): EnvironmentFactRow[] {
  const facts: Omit<EnvironmentFactRow, 'stated_on'>[] = [];
  for (const f of blocks.fences ?? []) {
    const fact = fenceFact(blocks, f);
    if (fact) facts.push(fact);
  }
  for (const b of blocks) {
    const fact = textFact(blocks, b);
    if (fact) facts.push(fact);
  }
  if (facts.length === 0) return [];
  const { updated_date } = reportDates(fieldsOf(blocks), '');
  return facts.sort((a, b) => a.line - b.line).map((f) => ({ ...f, stated_on: updated_date }));
}
