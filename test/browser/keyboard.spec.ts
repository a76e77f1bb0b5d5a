/**
 * Keyboard only: Tab reaches the theme toggle and the terminal; Esc then Tab
 * leaves the terminal again (no keyboard trap); the toggle works with Enter.
 */

import type { Page } from 'playwright-core';
import { assert, openApp, type BrowserTest } from './harness.ts';

/** A short description of the focused element. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return `${el.tagName.toLowerCase()}:${name}`;
  });
}

export const tests: BrowserTest[] = [
  {
    name: 'keyboard: Tab reaches the theme toggle and the terminal',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        seen.push(await focused(page));
        if (seen.at(-1) === 'textarea:Terminal input') break;
      }
      assert(seen.some((s) => s.startsWith('button:') && s.includes('Light theme')), `Tab order: ${seen.join(' -> ')}`);
      assert(seen.at(-1) === 'textarea:Terminal input', `Tab never reached the terminal: ${seen.join(' -> ')}`);
    },
  },
  {
    name: 'keyboard: Esc then Shift+Tab leaves the terminal; Enter toggles the theme',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await page.getByRole('textbox', { name: 'Terminal input' }).focus();
      await page.keyboard.press('Tab'); // goes to the shell, focus stays
      assert((await focused(page)) === 'textarea:Terminal input', 'a plain Tab must stay in the terminal');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+Tab');
      const now = await focused(page);
      assert(now.startsWith('button:') && now.includes('Light theme'), `after Esc Shift+Tab focus is on ${now}`);
      await page.keyboard.press('Enter');
      const theme = await page.locator('.app').getAttribute('data-theme');
      assert(theme === 'light', `theme after Enter on the toggle is ${theme}`);
    },
  },
];
