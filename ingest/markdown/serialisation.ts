/**
 * How a text says a test's GPU work was serialised: the `serialised` label of
 * an environment (store/configKey.ts). Vocabulary:
 *
 * | value | written as |
 * |---|---|
 * | `python_lock` | `_mps_lock`, "Python-level lock", `threading.Lock()`, "Python lock" |
 * | `semaphore(N)` | `Semaphore(2)`, `threading.Semaphore(1)` (a Semaphore(1) is kept as written, not renamed a lock) |
 * | `graph_path` | `MPS_FORCE_GRAPH_PATH=1`, `MPS_FORCE_GRAPH_PATH: 1`, `GRAPH_PATH` |
 * | `none` | "No Python-level lock", "without Python-level serialization", "restored the original test" |
 *
 * Several at once are joined with `+` in sorted order (`graph_path+python_lock`).
 * A text that compares constructs ("Semaphore(2) +13% vs Lock") states none of
 * them; where a text stands (a `test_semaphore_recommended` comparison, a
 * recommendation for user code) is for the caller to judge. Pure string
 * functions; null means "says nothing" or "says contradictory things".
 */

const LOCK =
  /\b_mps_lock\b|\bpython[- ]level\s+(?:`?_?mps_lock`?|lock|serializ\w*|serialis\w*)|\bpython\s+lock\b|\bthreading\.R?Lock\s*\(\s*\)/i;
const SEMAPHORE = /\b(?:threading\.)?(?:Bounded)?Semaphore\s*\(\s*(\d{1,3})\s*\)/gi;
const GRAPH =
  /\bMPS_FORCE_GRAPH_PATH\s*(?:=|:|\s)\s*`?\s*(?:1|true|on|yes|enabled)\b|(?<![\w=])(?<!MPS_FORCE_)GRAPH_PATH\b(?!\s*=\s*0)/i;
const NONE_PHRASE =
  /\bno\s+(?:python[- ]level\s+)?(?:_mps_lock|lock|serializ\w*|serialis\w*|throttl\w*)(?![-\w])|\bwithout\s+(?:the\s+|a\s+|any\s+)?(?:python(?:[- ]level)?\s+|global\s+)?(?:_mps_lock|lock|serializ\w*|serialis\w*|throttl\w*)(?![-\w])|\bunserialized\b|\bunserialised\b|\brestored the original test\b|\bremoved the (?:global |python[- ]level )?lock\b/gi;
const COMPARISON = /\bvs\.?\s|\bversus\b|\bcompared (?:to|with)\b|\bspeedup\b|\bops\/s\b|\bx faster\b/i;

/**
 * Joins serialisation parts into the stored form: sorted, distinct, `+`.
 *
 * @example joinSerialisation(['python_lock', 'graph_path']) // 'graph_path+python_lock'
 */
export function joinSerialisation(parts: Iterable<string>): string | null {
  const set = [...new Set(parts)].sort();
  return set.length ? set.join('+') : null;
}

/**
 * The parts of a stored serialisation.
 *
 * @example serialisationParts('graph_path+semaphore(2)') // ['graph_path', 'semaphore(2)']
 */
export function serialisationParts(value: string | null): string[] {
  return value ? value.split('+') : [];
}

/**
 * The serialisation a text states: every construct it names, joined
 * ({@link joinSerialisation}); `none` only where the text says there is no
 * lock or serialisation; null when it names nothing, names `none` beside a
 * construct, or compares constructs.
 *
 * @example serialisationIn('v2.5 + GRAPH_PATH + _mps_lock') // 'graph_path+python_lock'
 * @example serialisationIn('### complete_story_test_suite.py (Uses Python-level `_mps_lock`)') // 'python_lock'
 * @example serialisationIn('- Throttle: Semaphore(2)') // 'semaphore(2)'
 * @example serialisationIn('### comprehensive_test_suite.py (No Python-level lock)') // 'none'
 * @example serialisationIn('Semaphore(2) +13% vs Lock') // null
 * @example serialisationIn('MPS_FORCE_GRAPH_PATH=0') // null
 */
export function serialisationIn(text: string): string | null {
  if (!text || !/lock|semaphore|graph_path|serializ|serialis|restored|throttl/i.test(text)) return null;
  const parts: string[] = [];
  // What is left once the "no lock" phrases are cut out: a construct named there contradicts them.
  const rest = text.replace(NONE_PHRASE, ' ');
  const none = rest !== text;
  if (LOCK.test(rest)) parts.push('python_lock');
  const sems = new Set<number>();
  for (const m of rest.matchAll(SEMAPHORE)) sems.add(Number(m[1]));
  if (sems.size > 1) return null;
  for (const n of sems) if (n >= 1) parts.push(`semaphore(${n})`);
  if (GRAPH.test(rest)) parts.push('graph_path');
  if (parts.length && COMPARISON.test(text)) return null;
  if (none) return parts.length ? null : 'none';
  return joinSerialisation(parts);
}
