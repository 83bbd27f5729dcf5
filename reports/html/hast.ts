/** A tiny builder for HTML syntax trees (hast): text is always a text node, escaped on output. */
import type { Element, ElementContent, Properties } from 'hast';

/** An element; string children become text nodes. */
export function h(
  tagName: string,
  properties: Properties = {},
  children: (ElementContent | string | undefined)[] = [],
): Element {
  return {
    type: 'element',
    tagName,
    properties,
    children: children
      .filter((c): c is ElementContent | string => c !== undefined)
      .map((c) => (typeof c === 'string' ? { type: 'text', value: c } : c)),
  };
}
