/**
 * Lesson prose to HTML with marked, configured so that a lesson cannot inject
 * markup: raw HTML in the Markdown is shown as text, links keep only http(s),
 * mailto and in-page targets, and images are reduced to their alt text. The
 * browser sanitises the result again with DOMPurify (src/app/lessons/sanitize.ts)
 * before it reaches the page; this first layer keeps Node tests honest too.
 */

import { Marked, type Tokens } from 'marked';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

/** Is this link target harmless (no javascript:, data: or other schemes)? */
export function safeHref(href: string): boolean {
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h)) return true;
  // Relative and in-page links have no scheme before the first / ? or #.
  return !/^[^/?#]*:/.test(h);
}

function createMarked(): Marked {
  const m = new Marked({ gfm: true, breaks: false, async: false });
  m.use({
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(text);
      },
      link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link): string {
        const inner = this.parser.parseInline(token.tokens);
        if (!safeHref(token.href)) return inner;
        const external = /^https?:/i.test(token.href);
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        return `<a href="${escapeHtml(token.href)}"${title}${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${inner}</a>`;
      },
      image({ text }: Tokens.Image): string {
        return escapeHtml(text);
      },
    },
  });
  return m;
}

/** One configured parser (configuration only: it keeps no state between calls). */
const parser = createMarked();

/** Markdown to (pre-sanitised) HTML. */
export function renderMarkdown(md: string): string {
  return parser.parse(md, { async: false }) as string;
}

/** Markdown of one line (hints, choices) without the wrapping paragraph. */
export function renderInline(md: string): string {
  return parser.parseInline(md, { async: false }) as string;
}
