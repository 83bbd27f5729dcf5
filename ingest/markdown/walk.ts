/**
 * The tree walk: mdast → Block[] with heading path and configuration context.
 *
 * Policy on fenced code blocks: they are skipped entirely and nothing is
 * recorded from them. They hold raw tool output, other tools' counters
 * (CBMC `0/384 failed`), pipe tables pasted from terminals and ASCII charts;
 * what this drops is the raw test output that prose around it usually
 * restates. Raw HTML nodes are skipped too (never echoed, never parsed).
 */
import type { TableCell as MdCell, Nodes, Root, RootContent, Table } from 'mdast';
import type { ConfigLabels } from '../../store/configKey.ts';
import type { Block, BlockContext, EnvProvenance, TableBlock, TableCell, TextBlock } from './blocks.ts';
import { isCumulativeHeading, labelContext } from './headingContext.ts';
import { NO_LABELS, UNKNOWN_PROVENANCE } from './rowEnvironment.ts';

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

function contextOf(headings: Heading[]): BlockContext {
  const ctx: BlockContext = {
    ...NO_LABELS,
    from: { ...UNKNOWN_PROVENANCE },
    headingPath: headings.map((h) => h.text),
    cumulative: false,
  };
  for (const h of headings) {
    const l = labelContext(h.text);
    const here = `stated:${h.line}`;
    if (l.fix_variant) [ctx.fix_variant, ctx.from.fix_variant] = [l.fix_variant, here];
    if (l.threads != null) [ctx.threads, ctx.from.threads] = [l.threads, here];
    if (l.wrapper) [ctx.wrapper, ctx.from.wrapper] = [l.wrapper, here];
    if (isCumulativeHeading(h.text)) ctx.cumulative = true;
  }
  return ctx;
}

/**
 * Walks a Markdown tree into blocks: one table block per GFM table (cell text,
 * bold flag, line of each row), one text block per line of a paragraph, list
 * item or heading, each with the heading path and the labels the headings
 * state (the deepest heading that states a label wins). Report-level labels
 * are added afterwards with {@link withReportLabels}. Fenced code and raw HTML
 * are skipped (see the module comment).
 *
 * @example walk(unified().use(remarkParse).use(reportSyntax).parse(md))
 */
export function walk(root: Root): WalkedBlock[] {
  const blocks: WalkedBlock[] = [];
  const headings: Heading[] = [];
  let ctx = contextOf(headings);
  let lastBoldLine: string | null = null;
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
        while (headings.length && headings[headings.length - 1].depth >= node.depth) headings.pop();
        headings.push({ depth: node.depth, text, line });
        ctx = contextOf(headings);
        lastBoldLine = null;
        paragraph++;
        if (text)
          blocks.push({ kind: 'text', line, text, role: 'heading', context: ctx, segments: segs, paragraph });
        return;
      }
      case 'paragraph': {
        const segs = inlineSegments(node.children as Nodes[], false, []);
        pushText(segs, line, inItem ? 'item' : 'paragraph');
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
      default:
        // code (fenced or indented), html, thematicBreak, definition, footnoteDefinition, yaml: nothing recorded.
        return;
    }
  };
  for (const child of root.children) visit(child, false);
  return blocks;
}

function tableBlock(node: Table, ctx: BlockContext, caption: string | null): TableBlock {
  const [head, ...body] = node.children;
  let context = ctx;
  if (caption && caption !== ctx.headingPath[ctx.headingPath.length - 1]) {
    const l = labelContext(caption);
    context = {
      ...ctx,
      fix_variant: l.fix_variant ?? ctx.fix_variant,
      threads: l.threads ?? ctx.threads,
      wrapper: l.wrapper ?? ctx.wrapper,
      from: {
        ...ctx.from,
        fix_variant: l.fix_variant ? 'stated' : ctx.from.fix_variant,
        threads: l.threads != null ? 'stated' : ctx.from.threads,
        wrapper: l.wrapper ? 'stated' : ctx.from.wrapper,
      },
    };
  }
  return {
    kind: 'table',
    line: node.position?.start.line ?? 1,
    header: head ? head.children.map((c) => cellOf(c).text) : [],
    rows: body.map((r) => ({ line: r.position?.start.line ?? 1, cells: r.children.map(cellOf) })),
    context,
    caption,
  };
}

/**
 * Fills the labels no heading stated with the report-level ones (metadata),
 * so that heading context overrides the report and the report fills the rest;
 * a label filled so is `file` (or `file:LINE` when `lines` says where).
 */
export function withReportLabels<B extends Block>(
  blocks: B[],
  report: ConfigLabels,
  lines: Partial<Record<keyof ConfigLabels, number | null>> = {},
): B[] {
  const cache = new Map<BlockContext, BlockContext>();
  const fileFrom = (key: keyof ConfigLabels) => (lines[key] != null ? `file:${lines[key]}` : 'file');
  for (const b of blocks) {
    let c = cache.get(b.context);
    if (!c) {
      const ctx = b.context;
      const from = { ...ctx.from };
      const fill = <K extends keyof ConfigLabels>(key: K, prov: keyof EnvProvenance): ConfigLabels[K] => {
        if (ctx[key] != null) return ctx[key];
        if (report[key] != null) from[prov] = fileFrom(key);
        return report[key];
      };
      c = {
        ...ctx,
        fix_variant: fill('fix_variant', 'fix_variant'),
        torch_version: fill('torch_version', 'torch'),
        threads: fill('threads', 'threads'),
        wrapper: fill('wrapper', 'wrapper'),
        workload: fill('workload', 'workload'),
        serialised: fill('serialised', 'serialised'),
        from,
      };
      cache.set(b.context, c);
    }
    b.context = c;
  }
  return blocks;
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
