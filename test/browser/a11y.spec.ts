/**
 * axe-core finds no serious or critical accessibility violations, in both
 * themes and on a phone-sized screen.
 */

import { openApp, typeInTerminal, type BrowserTest } from './harness.ts';
import { checkAxe } from './axe.ts';

export const tests: BrowserTest[] = [
  {
    name: 'axe: no serious or critical violations (dark theme, 1280x720)',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await typeInTerminal(page, 'echo hello\r');
      await checkAxe(page, 'dark');
    },
  },
  {
    name: 'axe: no serious or critical violations (light theme, 1280x720)',
    async fn(page, ctx) {
      await openApp(page, ctx);
      await page.getByRole('button', { name: 'Light theme' }).click();
      await typeInTerminal(page, 'echo hello\r');
      await checkAxe(page, 'light');
    },
  },
  {
    name: 'axe: no serious or critical violations (phone 390x844)',
    async fn(page, ctx) {
      await page.setViewportSize({ width: 390, height: 844 });
      await openApp(page, ctx);
      await checkAxe(page, 'phone');
    },
  },
];
