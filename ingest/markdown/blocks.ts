/**
 * The intermediate form between the Markdown tree and the extractors: a report
 * is walked once into blocks, each carrying its heading path and the
 * configuration context in force where it stands. Extractors are pure
 * functions from a block (plus the report's context) to rows.
 */
import type { ConfigLabels } from '../../store/configKey.ts';

/**
 * Where each label of a context came from: `stated:LINE` (a heading or table
 * caption at LINE states it), `file` or `file:LINE` (the report's metadata or
 * a configuration section), `unknown`. See store/vocabulary.ts PROVENANCE_KINDS.
 */
export interface EnvProvenance {
  fix_variant: string;
  torch: string;
  threads: string;
  wrapper: string;
  workload: string;
  serialised: string;
}

/**
 * A serialisation stated for one workload only ("complete_story uses
 * Python-level `_mps_lock`"): it applies to a row of that workload, never to
 * the rows of another test beside it.
 */
export interface WorkloadSerialisation {
  workload: string;
  serialised: string;
  /** Provenance, as in {@link EnvProvenance}. */
  from: string;
}

/**
 * Configuration context: the labels its headings and table caption state,
 * then what the rest of the file states (ingest/markdown/resolveEnvironment.ts),
 * then the row itself (rowEnvironment.ts).
 */
export interface BlockContext extends ConfigLabels {
  /** Where each label came from. */
  from: EnvProvenance;
  /** Headings from the top down, text only (e.g. ["Results", "With v2.3 Dylib (20 rounds)"]). */
  headingPath: string[];
  /**
   * Lines of the enclosing section headings, outermost first, without the
   * title (the document's first heading when it is an h1): the sections whose
   * statements may describe this block (resolveEnvironment.ts). Absent in a
   * context made by hand: no sections.
   */
  sections?: number[];
  /**
   * Serialisations the file states for one workload each; a row of that
   * workload takes it over `serialised` (rowEnvironment.ts). Absent or empty
   * when none.
   */
  serialisedFor?: WorkloadSerialisation[];
  /** True when inside a section that states cumulative totals ("Cumulative", "Since N=2700", "Total"). */
  cumulative: boolean;
}

export interface TableCell {
  /** Cell text with inline Markdown removed (`**17.93x**` → `17.93x`), trimmed. */
  text: string;
  /** True when the whole cell was bold (summary rows such as `**Mean**`). */
  bold: boolean;
}

export interface TableRow {
  line: number;
  cells: TableCell[];
}

export interface TableBlock {
  kind: 'table';
  line: number;
  header: string[];
  rows: TableRow[];
  context: BlockContext;
  /** The nearest bold-only paragraph or heading text above the table (e.g. "**8 threads x 20 iterations:**"). */
  caption: string | null;
}

/** A paragraph, list item or heading, as plain text; one block per source line. */
export interface TextBlock {
  kind: 'text';
  line: number;
  text: string;
  /** `heading` for a heading's own text, `item` for list items, `paragraph` otherwise. */
  role: 'heading' | 'item' | 'paragraph';
  context: BlockContext;
}

export type Block = TableBlock | TextBlock;

/**
 * A fenced code block kept aside by the walk (walk.ts keeps only those that
 * define a `threading` lock or semaphore), for environment facts: where it
 * stands, its text, and the paragraph just before it in the same section.
 */
export interface CodeFence {
  /** Line of the opening fence. */
  line: number;
  lang: string | null;
  value: string;
  context: BlockContext;
  /** The text of the paragraph or list item just above the fence in its section, if any. */
  intro: string | null;
}
