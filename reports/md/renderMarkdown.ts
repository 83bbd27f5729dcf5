/**
 * Renders a compiled page to GitHub-flavoured Markdown: result tables as GFM
 * tables, charts as images of SVG files written beside it
 * (`<page>-<chart>.svg`), cited sources as footnotes. The page's Markdown is
 * parsed and written back by remark, and values from the data are put in as
 * text nodes, so remark escapes them (`|`, `<`, `[`, …): nothing from the data
 * becomes Markdown or HTML. A value holding right-to-left letters or bidi
 * controls is isolated in FSI … PDI (`isolateText`), so it cannot reorder the
 * page's words after it, in a rendered page or in the plain text. Raw HTML in a
 * page is kept as visible text and unsafe link protocols are dropped.
 */
import type {
  FootnoteDefinition,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
} from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { isolateText } from '../bidiIsolation.ts';
import { citedSource } from '../citedSource.ts';
import type { CompiledPage, NavItem, SiteContext } from '../pageTypes.ts';
import {
  CELL_RE,
  cellText,
  expandPage,
  fillText,
  isNumericColumn,
  isSafeUrl,
  MAX_TABLE_ROWS,
  moreRowsText,
  type PlacedValue,
  splitValues,
} from '../placeholders.ts';

export interface MarkdownContext {
  nav: readonly NavItem[];
  /** What every page of the site shares: cited paths' roots and link base, the demo banner. */
  site?: SiteContext;
  title: string;
  description?: string;
  /** File name of each chart's SVG, by chart name. */
  chartFiles: ReadonlyMap<string, string>;
}

const parser = unified().use(remarkParse).use(remarkGfm);
const writer = unified()
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', fences: true, rule: '-', listItemIndent: 'one' });

/** File name of a chart's SVG beside the page's Markdown. */
export function chartFileName(slug: string, chart: string): string {
  return `${slug}-${chart}.svg`;
}

/** The Markdown document of a page. Deterministic. */
export function renderMarkdown(compiled: CompiledPage, ctx: MarkdownContext): string {
  const expanded = expandPage(compiled);
  const tree = parser.runSync(parser.parse(expanded.markdown)) as Root;
  fill(tree, expanded.values, compiled, ctx);
  const slug = compiled.page.slug;
  const nav: PhrasingContent[] = [];
  ctx.nav.forEach((p, i) => {
    if (i) nav.push({ type: 'text', value: ' · ' });
    const label: PhrasingContent = { type: 'text', value: p.title };
    nav.push(
      p.slug === slug
        ? { type: 'strong', children: [label] }
        : { type: 'link', url: `${encodeURIComponent(p.slug)}.md`, children: [label] },
    );
  });
  const head: RootContent[] = [];
  if (nav.length) head.push({ type: 'paragraph', children: nav });
  if (ctx.site?.banner)
    head.push({
      type: 'blockquote',
      children: [
        {
          type: 'paragraph',
          children: [{ type: 'strong', children: [{ type: 'text', value: oneLine(ctx.site.banner) }] }],
        },
      ],
    });
  head.push({ type: 'heading', depth: 1, children: [{ type: 'text', value: oneLine(ctx.title) }] });
  if (ctx.description)
    head.push({
      type: 'paragraph',
      children: [{ type: 'emphasis', children: [{ type: 'text', value: oneLine(ctx.description) }] }],
    });
  const notes: FootnoteDefinition[] = expanded.sources.map((s, i) => ({
    type: 'footnoteDefinition',
    identifier: `src-${i + 1}`,
    label: `src-${i + 1}`,
    children: [{ type: 'paragraph', children: [sourceNode(s, ctx.site)] }],
  }));
  const doc: Root = { type: 'root', children: [...head, ...tree.children, ...notes] };
  return writer.stringify(doc);
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');

/** A value on one line, isolated when its direction could reach past it. */
const valueText = (s: string) => isolateText(oneLine(s));

/** A cited `path:line` as code: the path (data) isolated, the line number after it; a link with a link base. */
function sourceNode(source: string, site: SiteContext | undefined): PhrasingContent {
  const cited = citedSource(oneLine(source), site);
  const code: PhrasingContent = { type: 'inlineCode', value: `${isolateText(cited.path)}${cited.line}` };
  return cited.href ? { type: 'link', url: cited.href, children: [code] } : code;
}

function fill(
  node: Nodes,
  values: readonly PlacedValue[],
  compiled: CompiledPage,
  ctx: MarkdownContext,
): void {
  if (!('children' in node)) return;
  const out: Nodes[] = [];
  for (const child of node.children as Nodes[]) {
    if (child.type === 'paragraph' && child.children.length === 1 && child.children[0].type === 'text') {
      const cell = CELL_RE.exec(child.children[0].value);
      if (cell) {
        const block = renderBlock(Number(cell[1]), compiled, ctx);
        if (block) out.push(...block);
        continue;
      }
    }
    if (child.type === 'text') {
      for (const piece of splitValues(child.value)) {
        if (typeof piece === 'string') out.push({ type: 'text', value: piece });
        else {
          const v = values[piece];
          if (v.text) out.push({ type: 'text', value: valueText(v.text) });
          if (v.footnote !== undefined)
            out.push({
              type: 'footnoteReference',
              identifier: `src-${v.footnote}`,
              label: `src-${v.footnote}`,
            });
        }
      }
      continue;
    }
    if (child.type === 'html') {
      out.push({ type: 'text', value: child.value });
      continue;
    }
    if (child.type === 'inlineCode') child.value = fillText(child.value, values, false, valueText);
    if (child.type === 'code') child.value = fillText(child.value, values, false, isolateText);
    if (child.type === 'link' || child.type === 'image' || child.type === 'definition') {
      const url = fillText(child.url, values, true);
      child.url = isSafeUrl(url) ? url : '#';
      if (child.title) child.title = fillText(child.title, values);
    }
    if (child.type === 'image') child.alt = fillText(child.alt ?? '', values);
    fill(child, values, compiled, ctx);
    out.push(child);
  }
  (node as { children: Nodes[] }).children = out;
}

function renderBlock(index: number, compiled: CompiledPage, ctx: MarkdownContext): RootContent[] | undefined {
  const block = compiled.blocks[index];
  if (!block || block.kind === 'markdown') return undefined;
  if (block.kind === 'chart') {
    const file = ctx.chartFiles.get(block.name) ?? chartFileName(compiled.page.slug, block.name);
    const alt = block.spec.title ?? block.name;
    const p: Paragraph = {
      type: 'paragraph',
      children: [{ type: 'image', url: encodeURI(file), alt: oneLine(alt) }],
    };
    return [p];
  }
  const { columns, rows } = block.result;
  if (!rows.length)
    return [
      {
        type: 'paragraph',
        children: [{ type: 'emphasis', children: [{ type: 'text', value: `No rows (${block.name}).` }] }],
      },
    ];
  const cell = (s: string): TableCell => ({
    type: 'tableCell',
    children: s ? [{ type: 'text', value: valueText(s) }] : [],
  });
  const table: Table = {
    type: 'table',
    align: columns.map((c) => (isNumericColumn(rows, c) ? 'right' : 'left')),
    children: [
      { type: 'tableRow', children: columns.map((c) => cell(c)) },
      ...rows
        .slice(0, MAX_TABLE_ROWS)
        .map((r) => ({ type: 'tableRow' as const, children: columns.map((c) => cell(cellText(r[c]))) })),
    ],
  };
  const out: RootContent[] = [table];
  const more = moreRowsText(block.result);
  if (more) out.push({ type: 'paragraph', children: [{ type: 'text', value: more }] });
  return out;
}
