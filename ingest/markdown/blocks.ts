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

/** Configuration context: report metadata overridden by the heading path, then by the block itself. */
export interface BlockContext extends ConfigLabels {
  /** Where each label came from. */
  from: EnvProvenance;
  /** Headings from the top down, text only (e.g. ["Results", "With v2.3 Dylib (20 rounds)"]). */
  headingPath: string[];
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
