/**
 * The title a page is known by: in its heading, its `<title>`, the
 * navigation and the index.
 */
import type { Page } from './parsePage.ts';

/**
 * The page's front matter `title`, or its file name without `.md` when it has none.
 *
 * @example pageTitle({file: 'pages/safe.md', slug: 'safe', front: {}, segments: []}) // 'safe'
 */
export function pageTitle(page: Page): string {
  return page.front.title ?? page.slug;
}
