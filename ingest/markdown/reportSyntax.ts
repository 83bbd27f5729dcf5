/**
 * The Markdown syntax reports are parsed with: CommonMark and the parts of
 * GitHub Flavored Markdown that carry report data — tables, strikethrough,
 * task lists and footnotes — without GFM's autolink literals (bare
 * `www.…`/`https://…`/e-mail text made into links), which carry none: a
 * link's text is read as text either way. Autolink literal detection is the
 * costliest part of GFM (about a fifth of the parse of the real corpus). The
 * real corpus parses to the same rows either way; text differs only where
 * markup touches a bare URL with no space between (`…/5/5[^1]`, `…20**8**`):
 * GFM takes the markup into the URL, this syntax reads it as markup.
 */

import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';

/** A unified plugin (use after remark-parse): the GFM extensions above. */
export function reportSyntax(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions = [
    ...(data.micromarkExtensions ?? []),
    gfmFootnote(),
    gfmStrikethrough(),
    gfmTable(),
    gfmTaskListItem(),
  ];
  data.fromMarkdownExtensions = [
    ...(data.fromMarkdownExtensions ?? []),
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ];
}
