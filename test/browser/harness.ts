/**
 * The browser test harness: what a spec file exports, and helpers that drive
 * the app the way a learner does (through the real xterm.js element).
 *
 * A spec file `test/browser/<name>.spec.ts` exports `tests: BrowserTest[]`.
 * Each test gets a fresh page (its own browser context, 1280×720) that has
 * not navigated yet; the runner fails it on any console error or page error.
 */

import type { Page } from 'playwright-core';

export interface TestContext {
  /** URL of the built app, served on 127.0.0.1. */
  url: string;
  /** Where screenshots go (test-results/screenshots/). */
  screenshotDir: string;
  /** Absolute path of the repository. */
  root: string;
  /** The built app (what `npm run build` puts in dist/), for tests that serve it themselves. */
  dist: string;
}

export interface BrowserTest {
  name: string;
  fn: (page: Page, ctx: TestContext) => Promise<void>;
}

export class AssertionError extends Error {}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

/** Opens the app and waits until the terminal has rendered. */
export async function openApp(page: Page, ctx: TestContext): Promise<void> {
  await page.goto(ctx.url, { waitUntil: 'load' });
  await page.locator('.xterm-rows').waitFor({ state: 'attached' });
  await page.getByRole('textbox', { name: 'Terminal input' }).waitFor({ state: 'attached' });
}

/** The terminal's visible rows as text (trailing blanks trimmed). */
export async function terminalLines(page: Page): Promise<string[]> {
  return page.locator('.xterm-rows > div').evaluateAll((rows) =>
    rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
  );
}

/** Focuses the terminal and types `text` key by key, as a user would. */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Terminal input' }).focus();
  await page.keyboard.type(text);
}

/** Waits until some terminal row satisfies `match`; fails with the screen's content. */
export async function waitForLine(
  page: Page,
  match: (line: string) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lines: string[] = [];
  while (Date.now() < deadline) {
    lines = await terminalLines(page);
    const hit = lines.find(match);
    if (hit !== undefined) return hit;
    await page.waitForTimeout(50);
  }
  const screen = lines.filter((l) => l !== '').join('\n    | ');
  throw new AssertionError(`timed out waiting for ${what}; the terminal shows:\n    | ${screen}`);
}

/** Runs a command line in the terminal and waits for a row equal to `expected`. */
export async function runAndExpect(page: Page, line: string, expected: string): Promise<void> {
  const before = (await terminalLines(page)).filter((l) => l === expected).length;
  await typeInTerminal(page, `${line}\r`);
  const deadline = Date.now() + 5000;
  let lines: string[] = [];
  while (Date.now() < deadline) {
    lines = await terminalLines(page);
    if (lines.filter((l) => l === expected).length > before) return;
    await page.waitForTimeout(50);
  }
  const screen = lines.filter((l) => l !== '').join('\n    | ');
  throw new AssertionError(`\`${line}\` did not print a line "${expected}"; the terminal shows:\n    | ${screen}`);
}
