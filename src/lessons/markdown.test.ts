import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown, safeHref } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    expect(renderMarkdown('Run **`docker ps`**.')).toBe('<p>Run <strong><code>docker ps</code></strong>.</p>\n');
    expect(renderInline('a *b*')).toBe('a <em>b</em>');
  });

  it('shows raw HTML as text, so a lesson cannot inject markup or script', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<div onclick="x()">d</div>');
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('drops javascript: and data: links, keeps http(s), mailto and relative ones', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
    expect(renderMarkdown('[x](JaVaScRiPt:alert(1))')).toBe('<p>x</p>\n');
    expect(renderMarkdown('[x](data:text/html,hi)')).toBe('<p>x</p>\n');
    expect(renderMarkdown('[docs](https://docs.docker.com/)')).toBe('<p><a href="https://docs.docker.com/" target="_blank" rel="noopener noreferrer">docs</a></p>\n');
    expect(safeHref('#intro')).toBe(true);
    expect(safeHref('../02-pid')).toBe(true);
    expect(safeHref(' vbscript:x')).toBe(false);
  });

  it('reduces images to their alt text (no remote fetches from lesson prose)', () => {
    expect(renderMarkdown('![a diagram](https://example.com/x.png)')).toBe('<p>a diagram</p>\n');
  });

  it('escapes attribute quotes in titles', () => {
    expect(renderMarkdown('[x](https://a.b "t\\" onmouseover=\\"y")')).not.toMatch(/onmouseover="/);
  });
});
