/**
 * The second layer of lesson-prose safety: DOMPurify over the HTML that
 * src/lessons/markdown.ts produced (which already escapes raw HTML and drops
 * unsafe links). Only formatting elements survive; no script, style, forms,
 * frames, images or event attributes, whatever a lesson file contains.
 */

import DOMPurify from 'dompurify';
import { renderInline, renderMarkdown } from '../../lessons/markdown.ts';

const CONFIG = {
  ALLOWED_TAGS: ['p', 'a', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'del', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'class', 'align'],
  ALLOW_DATA_ATTR: false,
};

function clean(html: string): string {
  return DOMPurify.sanitize(html, CONFIG) as unknown as string;
}

/** Lesson Markdown as safe HTML for {@html}. */
export function proseHtml(md: string): string {
  return clean(renderMarkdown(md));
}

/** One line of Markdown (a hint, a choice) as safe inline HTML. */
export function inlineHtml(md: string): string {
  return clean(renderInline(md));
}
