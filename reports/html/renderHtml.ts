/**
 * Renders a compiled page to one self-contained HTML file: inline CSS and SVG,
 * no script, no external request (a Content-Security-Policy forbids any).
 * Page Markdown goes through remark (GFM) → rehype → rehype-sanitize, so raw
 * HTML and `javascript:` links from pages are dropped; values from the data are
 * put in after sanitising, as text nodes, so they are always escaped, each in a
 * `<bdi>` (its direction isolated, its bidi controls balanced: a U+202E in the
 * data cannot reverse the page's words after it; the CSS lets it wrap anywhere,
 * so a 10,000-character word cannot widen the page).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { balanceBidi } from '../bidiIsolation.ts';
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
import { PAGE_CSS } from './css.ts';
import { h } from './hast.ts';

export interface HtmlContext {
  nav: readonly NavItem[];
  /** What every page of the site shares: page names, cited paths' roots and link base, the demo banner. */
  site?: SiteContext;
  /** Inline SVG of each chart by name (ids unique within the page). */
  charts: ReadonlyMap<string, string>;
  /** Page title (front matter or file name). */
  title: string;
  description?: string;
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const markdownToHast = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize);
const stringify = unified().use(rehypeStringify, { allowDangerousHtml: true });

/** The whole HTML document of a page. Deterministic. */
export function renderHtml(compiled: CompiledPage, ctx: HtmlContext): string {
  const expanded = expandPage(compiled);
  const body = markdownToHast.runSync(markdownToHast.parse(expanded.markdown)) as Root;
  fillPlaceholders(body, expanded.values, compiled, ctx);
  const slug = compiled.page.slug;
  const nav = h('nav', { className: ['site'], ariaLabel: 'Pages' }, [
    h(
      'ul',
      {},
      ctx.nav.map((p) =>
        h('li', {}, [
          h(
            'a',
            {
              href: `${encodeURIComponent(p.slug)}.html`,
              ...(p.slug === slug ? { ariaCurrent: 'page' } : {}),
            },
            [p.title],
          ),
        ]),
      ),
    ),
  ]);
  const sources = expanded.sources.length
    ? h('section', { className: ['sources'] }, [
        h('h2', {}, ['Sources']),
        h(
          'ol',
          {},
          expanded.sources.map((s, i) => {
            const cited = citedSource(s, ctx.site);
            const code = h('code', {}, sourceText(cited.path, cited.line));
            return h('li', { id: `src-${i + 1}` }, [
              cited.href ? h('a', { href: cited.href }, [code]) : code,
            ]);
          }),
        ),
      ])
    : undefined;
  const doc: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', {}, [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { httpEquiv: ['Content-Security-Policy'], content: CSP }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { name: 'color-scheme', content: 'light dark' }),
          h('title', {}, [`${ctx.title} · roundbook`]),
          ctx.description ? h('meta', { name: 'description', content: ctx.description }) : undefined,
          h('style', {}, [{ type: 'raw', value: PAGE_CSS } as unknown as ElementContent]),
        ]),
        h('body', {}, [
          nav,
          h('main', {}, [
            h('header', {}, [
              ctx.site?.banner
                ? h('p', { className: ['banner'], role: 'note' }, [ctx.site.banner])
                : undefined,
              h('h1', {}, [ctx.title]),
              ctx.description ? h('p', { className: ['lede'] }, [ctx.description]) : undefined,
            ]),
            h('article', {}, body.children as ElementContent[]),
            sources,
          ]),
          h('footer', {}, [`Built by roundbook from ${compiled.page.slug}.md`]),
        ]),
      ]),
    ],
  };
  return `${stringify.stringify(doc)}\n`;
}

/** Puts values, tables and charts where their placeholders are. */
function fillPlaceholders(
  tree: Root | Element,
  values: readonly PlacedValue[],
  compiled: CompiledPage,
  ctx: HtmlContext,
): void {
  const out: RootContent[] = [];
  for (const child of tree.children) {
    if (child.type === 'element') {
      const only = child.children.length === 1 ? child.children[0] : undefined;
      const cell = child.tagName === 'p' && only?.type === 'text' ? CELL_RE.exec(only.value) : null;
      if (cell) {
        const block = renderBlock(Number(cell[1]), compiled, ctx);
        if (block) out.push(block);
        continue;
      }
      for (const [key, v] of Object.entries(child.properties)) {
        if (typeof v !== 'string') continue;
        const url = key === 'href' || key === 'src';
        const filled = fillText(v, values, url);
        child.properties[key] =
          url && !isSafeUrl(filled) ? '#' : key === 'href' ? pageLink(filled, ctx.nav, ctx.site) : filled;
      }
      if (
        child.tagName === 'img' &&
        typeof child.properties.src === 'string' &&
        !child.properties.src.startsWith('data:')
      ) {
        // No request may leave the page: an image that is not inline becomes a link to it.
        const src = child.properties.src;
        out.push(h('a', { href: src }, [String(child.properties.alt ?? src)]));
        continue;
      }
      fillPlaceholders(child, values, compiled, ctx);
      out.push(child);
    } else if (child.type === 'text') {
      for (const piece of splitValues(child.value)) {
        if (typeof piece === 'string') out.push({ type: 'text', value: piece });
        else {
          const v = values[piece];
          if (v.text) out.push(h('bdi', {}, [balanceBidi(v.text)]));
          if (v.footnote !== undefined)
            out.push(
              h('sup', { className: ['src'] }, [
                h('a', { href: `#src-${v.footnote}`, title: sourceTitle(v.source, ctx.site) }, [
                  `[${v.footnote}]`,
                ]),
              ]),
            );
        }
      }
    } else out.push(child);
  }
  tree.children = out as typeof tree.children;
}

/** A cited path (data) isolated, the `:line` after it. */
function sourceText(path: string, line: string): (ElementContent | string)[] {
  return [h('bdi', {}, [balanceBidi(path)]), line];
}

/** A footnote mark's tooltip: the cited `path:line` as the site shows it. */
function sourceTitle(source: string | undefined, site: SiteContext | undefined): string | undefined {
  if (source === undefined) return undefined;
  const cited = citedSource(source, site);
  return `${cited.path}${cited.line}`;
}

/**
 * A relative link to another page's Markdown (`safe.md`, `safe.md#section`) points to that page's
 * HTML, so a page can link to another in a way that works both on GitHub and in the built site.
 */
function pageLink(href: string, nav: readonly NavItem[], site: SiteContext | undefined): string {
  const m = /^([^/?#:]+)\.md(#.*)?$/i.exec(href);
  const slugs = [...nav.map((p) => p.slug), ...(site?.pages ?? [])];
  if (!m || !slugs.some((s) => encodeURIComponent(s) === m[1] || s === m[1])) return href;
  return `${m[1]}.html${m[2] ?? ''}`;
}

function renderBlock(index: number, compiled: CompiledPage, ctx: HtmlContext): Element | undefined {
  const block = compiled.blocks[index];
  if (!block || block.kind === 'markdown') return undefined;
  if (block.kind === 'chart') {
    const svg = ctx.charts.get(block.name) ?? '';
    return h('figure', { className: ['chart'], id: `chart-${block.name}` }, [
      { type: 'raw', value: svg } as unknown as ElementContent,
    ]);
  }
  const { columns, rows } = block.result;
  const numeric = columns.map((c) => isNumericColumn(rows, c));
  const cls = (i: number) => (numeric[i] ? { className: ['num'] } : {});
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const table = h('table', {}, [
    h('thead', {}, [
      h(
        'tr',
        {},
        columns.map((c, i) => h('th', { scope: 'col', ...cls(i) }, [c])),
      ),
    ]),
    h(
      'tbody',
      {},
      shown.length
        ? shown.map((r) =>
            h(
              'tr',
              {},
              columns.map((c, i) => h('td', cls(i), [cellText(r[c])])),
            ),
          )
        : [h('tr', {}, [h('td', { colSpan: Math.max(1, columns.length) }, ['No rows.'])])],
    ),
  ]);
  const children: Element[] = [table];
  const wrap = h('div', { className: ['table-wrap'], id: `result-${block.name}` }, children);
  const more = moreRowsText(block.result);
  if (!more) return wrap;
  return h('div', {}, [wrap, h('p', { className: ['more'] }, [more])]);
}
