/**
 * Screenshots of the app at desktop and phone sizes, into
 * test-results/screenshots/ (look at them; docs/screenshot.png is the best
 * desktop one). Reduced motion keeps the cursor still.
 */

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { assert, openApp, typeInTerminal, type BrowserTest, type TestContext } from './harness.ts';

async function shoot(page: Page, ctx: TestContext, file: string, width: number, height: number, light = false) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width, height });
  await openApp(page, ctx);
  if (light) await page.getByRole('button', { name: 'Light theme' }).click();
  // A short session that shows the terminal and the Processes view together.
  for (const line of ['hostname', 'uname -a', 'sleep 1000 &', 'ps']) {
    await typeInTerminal(page, `${line}\r`);
  }
  await page.getByRole('cell', { name: 'sleep 1000', exact: true }).waitFor();
  await page.evaluate(() => document.fonts.ready);
  // Nothing may overflow the viewport sideways (panels stack on phones).
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(scrollWidth <= width, `page is ${scrollWidth}px wide at a ${width}px viewport`);
  await page.screenshot({ path: join(ctx.screenshotDir, file) });
}

export const tests: BrowserTest[] = [
  {
    name: 'screenshot 1280x720 (dark)',
    fn: (page, ctx) => shoot(page, ctx, 'desktop-1280x720.png', 1280, 720),
  },
  {
    name: 'screenshot 1280x720 (light)',
    fn: (page, ctx) => shoot(page, ctx, 'desktop-1280x720-light.png', 1280, 720, true),
  },
  {
    name: 'screenshot 390x844 (phone)',
    fn: (page, ctx) => shoot(page, ctx, 'phone-390x844.png', 390, 844),
  },
];
