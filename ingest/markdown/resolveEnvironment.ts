/**
 * Each block's environment from what its file states (envStatements.ts),
 * after what its headings and table caption state (walk.ts), with where each
 * label came from. The order, first that says wins:
 *
 * 1. **stated**: the row itself (rowEnvironment.ts), its table's caption or
 *    header, its enclosing headings (`stated:LINE`, set by the walk);
 * 2. **section** statements, innermost scope first (`file:LINE`): a
 *    statement describes the subtree of its section's parent, so `- Threads:
 *    8` under `### Thread Safety` reaches `### Efficiency` beside it. When two
 *    sibling sections state different values, each keeps to its own subtree
 *    (two `### Configuration: …` headings of one file each govern their own);
 * 3. **file** statements (`file:LINE`): the header and the top-level
 *    describing sections (`## Configuration`, `## Status`, …);
 * 4. **weak**, only where nothing above says anything: one value stated
 *    anywhere in the file for the fix variant, torch, threads or wrapper (the
 *    file's only `Threads: 8`), then prose, cumulative headings and
 *    conclusions naming one fix variant, an "8-thread efficiency" key, the
 *    suite's chapters for the workload (`file:LINE`).
 *
 * A **conflict** (two different values at the same level for the same rows:
 * the header says v2.3 and `## Configuration` says native; one section says
 * both) is a problem on the source naming both lines, and the label stays
 * unknown there: nothing is picked silently, and no weaker inference fills
 * it. Compatible values agree: `2.9.1` and `2.9.1a0+git8cfbcc8` (the build
 * is kept), a plain `libagx_fix.dylib` and `v2.5`, `graph_path` on one line
 * and `Semaphore(2)` on the next (`graph_path+semaphore(2)`); a Python lock beside a
 * Semaphore(2) is a conflict. An `Installed
 * torch` beats a plain `PyTorch` key.
 *
 * Serialisation stated for one workload ("complete_story uses Python-level
 * `_mps_lock`") is kept in `serialisedFor` and reaches only rows of that
 * workload (rowEnvironment.ts).
 */
import type { ConfigLabels } from '../../store/configKey.ts';
import type { Problem } from '../../store/rawTables.ts';
import { torchBase, torchBuild } from '../../store/torchVersion.ts';
import type { Block, BlockContext, EnvProvenance, WorkloadSerialisation } from './blocks.ts';
import type { EnvAttribute, EnvStatement } from './envStatements.ts';
import { NO_LABELS, PROVENANCE_KEY, UNKNOWN_PROVENANCE } from './rowEnvironment.ts';
import { joinSerialisation, serialisationParts } from './serialisation.ts';

/** One label as resolved: its value and provenance (`file:LINE`). */
export interface Resolved {
  value: string | number;
  from: string;
}

/** The labels of the whole file (what a block outside every section gets), with their provenance. */
export interface FileEnvironment {
  labels: ConfigLabels;
  from: EnvProvenance;
}

/** Labels a single value stated anywhere in the file may fill (a test's workload and serialisation are per test). */
const FILE_UNIQUE: ReadonlySet<EnvAttribute> = new Set([
  'fix_variant',
  'torch_version',
  'threads',
  'wrapper',
]);

type Agreement =
  | { ok: true; value: string | number; line: number }
  | { ok: false; a: EnvStatement; b: EnvStatement };

function byLine(a: EnvStatement, b: EnvStatement): number {
  return a.line - b.line;
}

/**
 * Whether statements of one label agree, and on what: the highest rank only,
 * compatible values merged (see the module comment).
 */
function agree(attribute: EnvAttribute, all: EnvStatement[]): Agreement {
  const top = Math.max(...all.map((s) => s.rank));
  const list = all.filter((s) => s.rank === top).sort(byLine);
  const differ = (pick: (s: EnvStatement) => unknown): Agreement | null => {
    const first = list[0];
    const other = list.find((s) => pick(s) !== pick(first));
    return other ? { ok: false, a: first, b: other } : null;
  };
  if (attribute === 'fix_variant') {
    const versioned = list.filter((s) => s.value !== 'unversioned');
    const use = versioned.length ? versioned : list;
    const other = use.find((s) => s.value !== use[0].value);
    if (other) return { ok: false, a: use[0], b: other };
    if (versioned.length < list.length && use[0].value === 'native')
      return { ok: false, a: use[0], b: list.find((s) => s.value === 'unversioned') as EnvStatement };
    return { ok: true, value: use[0].value, line: use[0].line };
  }
  if (attribute === 'torch_version') {
    const conflict = differ((s) => torchBase(String(s.value)));
    if (conflict) return conflict;
    const built = list.filter((s) => torchBuild(String(s.value)) != null);
    const other = built.find((s) => torchBuild(String(s.value)) !== torchBuild(String(built[0].value)));
    if (other) return { ok: false, a: built[0], b: other };
    const pick = built[0] ?? list[0];
    return { ok: true, value: pick.value, line: pick.line };
  }
  if (attribute === 'serialised') {
    const parts = new Set<string>();
    for (const s of list) for (const p of serialisationParts(String(s.value))) parts.add(p);
    const sems = [...parts].filter((p) => p.startsWith('semaphore('));
    const none = parts.has('none');
    // A Python lock admits one thread at a time: with a Semaphore(2) beside it one of the two is wrong.
    const lockAndWider = parts.has('python_lock') && sems.some((p) => p !== 'semaphore(1)');
    if (sems.length > 1 || (none && parts.size > 1) || lockAndWider) {
      const a = list[0];
      const b = list.find((s) => s.value !== a.value) ?? a;
      return { ok: false, a, b };
    }
    return { ok: true, value: joinSerialisation(parts) as string, line: list[0].line };
  }
  return differ((s) => s.value) ?? { ok: true, value: list[0].value, line: list[0].line };
}

const LABEL_NAMES: Record<EnvAttribute, string> = {
  fix_variant: 'fix variant',
  torch_version: 'PyTorch version',
  threads: 'thread count',
  wrapper: 'wrapper',
  workload: 'workload',
  serialised: 'serialisation',
};

/** The value of one label for a block inside `sections`, from `pool` (statements of that label). */
function resolveLabel(
  attribute: EnvAttribute,
  sections: readonly number[],
  pool: EnvStatement[],
  conflict: (a: EnvStatement, b: EnvStatement) => void,
): Resolved | null {
  if (pool.length === 0) return null;
  const found = (r: Agreement & { ok: true }): Resolved => ({ value: r.value, from: `file:${r.line}` });
  for (let i = sections.length - 1; i >= 0; i--) {
    const scope = sections[i];
    const group = pool.filter((s) => s.tier === 'section' && s.scope === scope);
    if (group.length === 0) continue;
    const all = agree(attribute, group);
    if (all.ok) return found(all);
    const homes = new Set(group.map((s) => s.home));
    if (homes.size === 1) {
      conflict(all.a, all.b);
      return null;
    }
    // Sibling sections disagree: each governs its own subtree only.
    const own = group.filter((s) => s.home === scope || sections.includes(s.home));
    if (own.length === 0) continue;
    const mine = agree(attribute, own);
    if (mine.ok) return found(mine);
    conflict(mine.a, mine.b);
    return null;
  }
  const file = pool.filter((s) => s.tier === 'file');
  if (file.length) {
    const r = agree(attribute, file);
    if (r.ok) return found(r);
    conflict(r.a, r.b);
    return null;
  }
  if (FILE_UNIQUE.has(attribute)) {
    const anywhere = pool.filter((s) => s.tier === 'section');
    if (anywhere.length) {
      const r = agree(attribute, anywhere);
      return r.ok ? found(r) : null;
    }
  }
  const weak = pool.filter((s) => s.tier === 'weak');
  if (weak.length === 0) return null;
  const r = agree(attribute, weak);
  return r.ok ? found(r) : null;
}

/**
 * Fills each block's context with what the file states (see the module
 * comment), leaving what its headings and caption state; records each
 * conflict once as a problem. Returns the file-level environment (for the
 * `reports` row).
 *
 * @example resolveEnvironment(blocks, readEnvStatements(blocks, fields), problems).labels.fix_variant // 'v2.4_nr'
 */
export function resolveEnvironment(
  blocks: Block[],
  statements: EnvStatement[],
  problems: Problem[],
): FileEnvironment {
  const reported = new Set<string>();
  const conflict = (a: EnvStatement, b: EnvStatement) => {
    // A file that runs several tests names several workloads: unknown, not a contradiction.
    if (a.attribute === 'workload') return;
    const [x, y] = a.line <= b.line ? [a, b] : [b, a];
    const message = `conflicting ${LABEL_NAMES[x.attribute]}: ${x.value} (line ${x.line}) and ${y.value} (line ${y.line})`;
    if (reported.has(message)) return;
    reported.add(message);
    problems.push({ line: x.line, message });
  };
  const pools = new Map<EnvAttribute, EnvStatement[]>();
  const perWorkload = new Map<string, EnvStatement[]>();
  for (const s of statements) {
    if (s.attribute === 'serialised' && s.workload != null) {
      const list = perWorkload.get(s.workload) ?? [];
      list.push(s);
      perWorkload.set(s.workload, list);
      continue;
    }
    const list = pools.get(s.attribute) ?? [];
    list.push(s);
    pools.set(s.attribute, list);
  }

  const fill = (ctx: BlockContext): BlockContext => {
    const out: BlockContext = { ...ctx, from: { ...ctx.from } };
    for (const attribute of Object.keys(PROVENANCE_KEY) as EnvAttribute[]) {
      if (out[attribute] != null) continue;
      const r = resolveLabel(attribute, ctx.sections ?? [], pools.get(attribute) ?? [], conflict);
      if (!r) continue;
      (out as unknown as Record<string, unknown>)[attribute] = r.value;
      out.from[PROVENANCE_KEY[attribute]] = r.from;
    }
    const specific: WorkloadSerialisation[] = [];
    for (const [workload, pool] of perWorkload) {
      const r = resolveLabel('serialised', ctx.sections ?? [], pool, conflict);
      if (r) specific.push({ workload, serialised: String(r.value), from: r.from });
    }
    out.serialisedFor = specific;
    return out;
  };

  const cache = new Map<BlockContext, BlockContext>();
  for (const b of blocks) {
    let c = cache.get(b.context);
    if (!c) {
      c = fill(b.context);
      cache.set(b.context, c);
    }
    b.context = c;
  }
  const top = fill({
    ...NO_LABELS,
    from: { ...UNKNOWN_PROVENANCE },
    headingPath: [],
    sections: [],
    serialisedFor: [],
    cumulative: false,
  });
  const { from, fix_variant, torch_version, threads, wrapper, workload, serialised } = top;
  return { labels: { fix_variant, torch_version, threads, wrapper, workload, serialised }, from };
}
