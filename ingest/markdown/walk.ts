/**
 * The tree walk: mdast → Block[] with heading path and configuration context.
 *
 * Policy on fenced code blocks: they are skipped and no block is made of
 * them. They hold raw tool output, other tools' counters (CBMC `0/384
 * failed`), pipe tables pasted from terminals and ASCII charts; what this
 * drops is the raw test output that prose around it usually restates. The one
 * exception is narrow: a fence that defines a `threading` lock or semaphore is
 * kept aside (`fences` of the result) for the environment facts
 * (environmentFacts.ts), which read a test's own serialisation from it. Raw
 * HTML nodes are skipped too (never echoed, never parsed).
 */
import type { Code, TableCell as MdCell, Nodes, Root, RootContent, Table } from 'mdast';
import type { BlockContext, CodeFence, TableBlock, TableCell, TextBlock } from './blocks.ts';
import { isCumulativeHeading, labelContext } from './headingContext.ts';
import { NO_LABELS, UNKNOWN_PROVENANCE } from './rowEnvironment.ts';
import { workloadIn } from './workload.ts';

/** A run of inline text, bold (`**…**`) or not. */
export interface Segment {
  text: string;
  strong: boolean;
  /** True for inline code (`` `Pass Rate: 17/20` ``): quoted, not stated. */
  code?: boolean;
}

/** A text block that keeps its bold runs, for key/value fields and bold statements. */
export interface RichTextBlock extends TextBlock {
  segments: Segment[];
  /** Ordinal of the paragraph, list item or heading the line belongs to (lines of one paragraph share it). */
  paragraph: number;
}

/** What the walk yields: tables, and text blocks with their bold runs. */
export type WalkedBlock = TableBlock | RichTextBlock;

/** The walk's result: the blocks in document order, and the fences kept aside for environment facts. */
export type WalkedBlocks = WalkedBlock[] & { fences?: CodeFence[] };

/** A fence is kept aside only when it defines a `threading` lock or semaphore. */
const SERIALISING_CODE = /\bthreading\.(?:Bounded)?(?:Semaphore|R?Lock)\s*\(/;

interface Heading {
  depth: number;
  text: string;
  line: number;
}

/** Flattens inline content into segments; code spans are kept as text, HTML and strikethrough are dropped. */
function inlineSegments(nodes: readonly Nodes[], strong: boolean, out: Segment[]): Segment[] {
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        out.push({ text: n.value, strong });
        break;
      case 'inlineCode':
        out.push({ text: n.value, strong, code: true });
        break;
      case 'break':
        out.push({ text: '\n', strong });
        break;
      case 'strong':
        inlineSegments(n.children, true, out);
        break;
      case 'html':
      case 'delete':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        break;
      default:
        if ('children' in n) inlineSegments(n.children as Nodes[], strong, out);
    }
  }
  return out;
}

/** Splits segments at newlines into one segment list per source line. */
function splitLines(segs: Segment[]): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const s of segs) {
    const parts = s.text.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p)
        lines[lines.length - 1].push(
          s.code ? { text: p, strong: s.strong, code: true } : { text: p, strong: s.strong },
        );
    });
  }
  return lines;
}

function plain(segs: Segment[]): string {
  return segs
    .map((s) => s.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function cellOf(cell: MdCell): TableCell {
  const segs = inlineSegments(cell.children as Nodes[], false, []);
  const text = plain(segs);
  const visible = segs.filter((s) => s.text.trim() !== '');
  return { text, bold: visible.length > 0 && visible.every((s) => s.strong) };
}

/** The labels of each heading, read once: every block under it asks again (a report has ~100 blocks a heading). */
const HEADING_LABELS = new WeakMap<Heading, ReturnType<typeof labelContext>>();
function headingLabels(h: Heading): ReturnType<typeof labelContext> {
  const known = HEADING_LABELS.get(h);
  if (known) return known;
  const l = labelContext(h.text);
  HEADING_LABELS.set(h, l);
  return l;
}

function contextOf(headings: Heading[], titleLine: number | null): BlockContext {
  const ctx: BlockContext = {
    ...NO_LABELS,
    from: { ...UNKNOWN_PROVENANCE },
    headingPath: headings.map((h) => h.text),
    sections: headings.filter((h) => h.line !== titleLine).map((h) => h.line),
    serialisedFor: [],
    cumulative: false,
  };
  for (const h of headings) {
    const l = headingLabels(h);
    const here = `stated:${h.line}`;
    if (l.fix_variant) [ctx.fix_variant, ctx.from.fix_variant] = [l.fix_variant, here];
    if (l.threads != null) [ctx.threads, ctx.from.threads] = [l.threads, here];
    if (l.wrapper) [ctx.wrapper, ctx.from.wrapper] = [l.wrapper, here];
    if (l.workload) [ctx.workload, ctx.from.workload] = [l.workload, here];
    if (l.serialised) [ctx.serialised, ctx.from.serialised] = [l.serialised, here];
    if (isCumulativeHeading(h.text)) ctx.cumulative = true;
  }
  return ctx;
}

/**
 * Walks a Markdown tree into blocks: one table block per GFM table (cell text,
 * bold flag, line of each row), one text block per line of a paragraph, list
 * item or heading, each with the heading path and the labels the headings
 * state (the deepest heading that states a label wins), and the lines of its
 * enclosing sections. What the rest of the file states is added afterwards
 * (resolveEnvironment.ts). Fenced code and raw HTML are skipped (see the
 * module comment).
 *
 * @example walk(unified().use(remarkParse).use(reportSyntax).parse(md))
 */
export function walk(root: Root): WalkedBlocks {
  const blocks: WalkedBlocks = [];
  const fences: CodeFence[] = [];
  const headings: Heading[] = [];
  let titleLine: number | null = null;
  let seenHeading = false;
  let ctx = contextOf(headings, titleLine);
  let lastBoldLine: string | null = null;
  let lastText: string | null = null;
  let paragraph = 0;

  const pushText = (segs: Segment[], startLine: number, role: TextBlock['role']) => {
    paragraph++;
    splitLines(segs).forEach((lineSegs, i) => {
      const text = plain(lineSegs);
      if (!text) return;
      blocks.push({
        kind: 'text',
        line: startLine + i,
        text,
        role,
        context: ctx,
        segments: lineSegs,
        paragraph,
      });
    });
  };

  const visit = (node: RootContent, inItem: boolean) => {
    const line = node.position?.start.line ?? 1;
    switch (node.type) {
      case 'heading': {
        const segs = inlineSegments(node.children as Nodes[], false, []);
        const text = plain(segs);
        if (!seenHeading && node.depth === 1) titleLine = line;
        seenHeading = true;
        while (headings.length && headings[headings.length - 1].depth >= node.depth) headings.pop();
        headings.push({ depth: node.depth, text, line });
        ctx = contextOf(headings, titleLine);
        lastBoldLine = null;
        lastText = null;
        paragraph++;
        if (text)
          blocks.push({ kind: 'text', line, text, role: 'heading', context: ctx, segments: segs, paragraph });
        return;
      }
      case 'paragraph': {
        const segs = inlineSegments(node.children as Nodes[], false, []);
        pushText(segs, line, inItem ? 'item' : 'paragraph');
        lastText = plain(segs);
        const visible = segs.filter((s) => s.text.trim() !== '');
        lastBoldLine = visible.length > 0 && visible.every((s) => s.strong) ? plain(segs) : null;
        return;
      }
      case 'table':
        blocks.push(tableBlock(node, ctx, lastBoldLine ?? headings[headings.length - 1]?.text ?? null));
        lastBoldLine = null;
        return;
      case 'list':
        for (const item of node.children) for (const c of item.children) visit(c, true);
        return;
      case 'blockquote':
        for (const c of node.children) visit(c, inItem);
        return;
      case 'code':
        if (SERIALISING_CODE.test(node.value)) fences.push(fenceOf(node, ctx, lastText));
        return;
      default:
        // html, thematicBreak, definition, footnoteDefinition, yaml: nothing recorded.
        return;
    }
  };
  for (const child of root.children) visit(child, false);
  if (fences.length) blocks.fences = fences;
  return blocks;
}

function fenceOf(node: Code, context: BlockContext, intro: string | null): CodeFence {
  return { line: node.position?.start.line ?? 1, lang: node.lang ?? null, value: node.value, context, intro };
}

/** A column naming the operation each row ran (`| Round | Operation | Threads |`). */
const OPERATION_HEADER = /^(?:operation|op)$/i;

/**
 * The workload a table states by itself: an `Operation` column every row of
 * which names one module (`nn.Linear`, `nn.Conv2d`) is a table of per-op
 * rounds (`op_shape`).
 */
function tableWorkload(header: string[], rows: TableBlock['rows']): string | null {
  const col = header.findIndex((h) => OPERATION_HEADER.test(h.trim()));
  if (col < 0 || rows.length === 0) return null;
  return rows.every((r) => workloadIn(r.cells[col]?.text ?? '') === 'op_shape') ? 'op_shape' : null;
}

function tableBlock(node: Table, ctx: BlockContext, caption: string | null): TableBlock {
  const [head, ...body] = node.children;
  const line = node.position?.start.line ?? 1;
  const header = head ? head.children.map((c) => cellOf(c).text) : [];
  const rows = body.map((r) => ({ line: r.position?.start.line ?? 1, cells: r.children.map(cellOf) }));
  const own =
    caption && caption !== ctx.headingPath[ctx.headingPath.length - 1] ? labelContext(caption) : null;
  const workload = own?.workload ?? (ctx.workload ? null : tableWorkload(header, rows));
  let context = ctx;
  if (own || workload) {
    const stated = <T>(mine: T | null | undefined, theirs: T | null, from: string): [T | null, string] =>
      mine != null ? [mine, 'stated'] : [theirs, from];
    const [fix_variant, fixFrom] = stated(own?.fix_variant, ctx.fix_variant, ctx.from.fix_variant);
    const [threads, threadsFrom] = stated(own?.threads, ctx.threads, ctx.from.threads);
    const [wrapper, wrapperFrom] = stated(own?.wrapper, ctx.wrapper, ctx.from.wrapper);
    const [w, workloadFrom] = stated(workload, ctx.workload, ctx.from.workload);
    const [serialised, serialisedFrom] = stated(own?.serialised, ctx.serialised, ctx.from.serialised);
    context = {
      ...ctx,
      fix_variant,
      threads,
      wrapper,
      workload: w,
      serialised,
      from: {
        ...ctx.from,
        fix_variant: fixFrom,
        threads: threadsFrom,
        wrapper: wrapperFrom,
        workload: workloadFrom,
        serialised: serialisedFrom,
      },
    };
  }
  return { kind: 'table', line, header, rows, context, caption };
}

/**
 * Joins the lines of each paragraph or list item back into one block (first
 * line's number, text joined with spaces), for extractors that read sentences
 * which may wrap across lines (claims).
 */
export function paragraphs(blocks: WalkedBlock[]): RichTextBlock[] {
  const out: RichTextBlock[] = [];
  for (const b of blocks) {
    if (b.kind !== 'text') continue;
    const last = out[out.length - 1];
    if (last && last.paragraph === b.paragraph) {
      last.text = `${last.text} ${b.text}`;
      // Appended in place: copying the list per line made a paragraph of many lines quadratic.
      last.segments.push({ text: ' ', strong: false });
      for (const s of b.segments) last.segments.push(s);
    } else out.push({ ...b, segments: [...b.segments] });
  }
  return out;
}
