/**
 * The Markdown extractors as one registry. Each registration names the table
 * its rows go to, its scope (what it reads: each table, each block, each
 * paragraph, or the whole report once) and the function that reads it.
 * parseReport runs them all; adding a new kind of row is its table spec
 * (store/rawTables.ts) plus one registration here.
 */
import type { ParsedRows, Problem } from '../../store/rawTables.ts';
import { extractBatches } from './batches.ts';
import type { TableBlock } from './blocks.ts';
import { extractClaims } from './claims.ts';
import { extractEnvironmentFacts } from './environmentFacts.ts';
import type { ExtractContext } from './extractContext.ts';
import { extractHeadingRounds } from './headingRounds.ts';
import { extractMetrics } from './metrics.ts';
import { extractRounds, mergeRounds } from './rounds.ts';
import { extractScaling } from './scaling.ts';
import { extractSingleRuns } from './singleRuns.ts';
import { paragraphs, type RichTextBlock, type WalkedBlock, type WalkedBlocks } from './walk.ts';

/** What an extractor reads, by scope. */
export interface ScopeInput {
  /** Each table, in document order. */
  table: TableBlock;
  /** Each block in document order: tables, and text lines (headings included) with their heading path. */
  block: WalkedBlock;
  /** Each paragraph, list item or heading with its lines joined (walk.ts `paragraphs`). */
  paragraph: RichTextBlock;
  /** The report's blocks, once (with the fences the walk kept aside for environment facts). */
  report: WalkedBlocks;
}

/** What an extractor reads: `table`, `block`, `paragraph` or `report`. */
export type Scope = keyof ScopeInput;

/** The rows a parser gives one table. */
type Rows<T extends keyof ParsedRows> = NonNullable<ParsedRows[T]>;

/**
 * One registration: rows for `table`, read by `run` from each input of
 * `scope`. `merge` says how one run's rows join those read before (default:
 * appended), for tables whose later rows may complete earlier ones.
 */
export type Extractor = {
  [T in keyof ParsedRows]-?: {
    [S in Scope]: {
      table: T;
      scope: S;
      run(input: ScopeInput[S], report: ExtractContext): Rows<T>;
      merge?(earlier: Rows<T>, more: Rows<T>): Rows<T>;
    };
  }[Scope];
}[keyof ParsedRows];

/**
 * Every Markdown extractor. Within one block, extractors run in this order
 * (rounds, then scaling, then metrics); paragraph extractors run after all
 * blocks, report extractors last (heading rounds, single runs, batches). The order of the tables here is the order
 * of a ParsedReport's keys.
 */
export const EXTRACTORS = [
  // An efficiency-only round table fills the rounds already read instead of adding rounds.
  { table: 'rounds', scope: 'table', run: extractRounds, merge: mergeRounds },
  // Rounds written as headings ("### Round 1544: …" + "- **Result**: PASS").
  { table: 'rounds', scope: 'report', run: extractHeadingRounds },
  // Single runs of named tests (a test's row or heading with its outcome).
  { table: 'rounds', scope: 'report', run: extractSingleRuns },
  { table: 'batches', scope: 'report', run: extractBatches },
  { table: 'scaling', scope: 'block', run: extractScaling },
  { table: 'metrics', scope: 'block', run: extractMetrics },
  { table: 'claims', scope: 'paragraph', run: extractClaims },
  // Statements about a workload's environment beyond this file (a test's own lock or semaphore).
  { table: 'environment_facts', scope: 'report', run: extractEnvironmentFacts },
] as const satisfies readonly Extractor[];

/** The tables a list of extractors fills. */
type TablesOf<X> = X extends readonly (infer E)[]
  ? E extends { table: infer T extends keyof ParsedRows }
    ? T
    : never
  : never;

/** The rows of the tables a list of extractors fills, by table. */
export type RowsOf<X extends readonly Extractor[]> = { [T in TablesOf<X>]: Rows<T> };

/** The tables a Markdown report fills besides `reports`. */
export type ExtractedRows = RowsOf<typeof EXTRACTORS>;

/**
 * No rows yet for each table the extractors fill, keyed in their order.
 *
 * @example emptyRows(EXTRACTORS) // {rounds: [], batches: [], scaling: [], metrics: [], claims: [], environment_facts: []}
 */
export function emptyRows<const X extends readonly Extractor[]>(extractors: X): RowsOf<X> {
  const list: readonly Extractor[] = extractors;
  return Object.fromEntries(list.map((x) => [x.table, []])) as RowsOf<X>;
}

/**
 * Runs the extractors over a report's blocks: per block in document order
 * the `table` and `block` extractors (in registry order), then the
 * `paragraph` extractors per paragraph, then the `report` extractors once
 * (in registry order). Each extractor is given the report's facts and the
 * problem list (`ExtractContext`). An extractor that throws loses only that
 * input's rows: the error becomes a problem with the input's line (none for
 * the whole report), and the other extractors and inputs still run.
 *
 * @example runExtractors(walk(tree), EXTRACTORS, problems).rounds.length
 */
export function runExtractors<const X extends readonly Extractor[]>(
  blocks: WalkedBlocks,
  extractors: X,
  problems: Problem[],
  facts: { worker_n: number | null } = { worker_n: null },
): RowsOf<X> {
  const list: readonly Extractor[] = extractors;
  const rows: Record<string, unknown[]> = emptyRows(list);
  const report: ExtractContext = { worker_n: facts.worker_n, problems };
  const add = (x: Extractor, line: number | null, input: ScopeInput[Scope]) => {
    let more: unknown[];
    try {
      more = (x.run as (input: ScopeInput[Scope], report: ExtractContext) => unknown[])(input, report);
    } catch (err) {
      problems.push({
        line,
        message: `${x.table} extractor failed on this ${x.scope}: ${(err as Error)?.message ?? String(err)}`,
      });
      return;
    }
    const merge = x.merge as ((earlier: unknown[], more: unknown[]) => unknown[]) | undefined;
    if (merge) rows[x.table] = merge(rows[x.table], more);
    else rows[x.table].push(...more);
  };
  const perBlock = list.filter((x) => x.scope === 'block' || x.scope === 'table');
  for (const b of blocks)
    for (const x of perBlock) if (x.scope === 'block' || b.kind === 'table') add(x, b.line, b);
  const perParagraph = list.filter((x) => x.scope === 'paragraph');
  if (perParagraph.length)
    for (const p of paragraphs(blocks)) for (const x of perParagraph) add(x, p.line, p);
  for (const x of list) if (x.scope === 'report') add(x, null, blocks);
  return rows as RowsOf<X>;
}
