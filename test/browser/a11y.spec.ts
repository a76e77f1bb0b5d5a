/**
 * axe-core finds no serious or critical accessibility violations, in both
 * themes and on a phone-sized screen.
 */

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { AssertionError, openApp, typeInTerminal, type BrowserTest } from './harness.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

async function checkAxe(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations;
  });
  const bad = (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const detail = bad
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes
            .slice(0, 5)
            .map((n) => `      ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`)
            .join('\n'),
      )
      .join('\n    ');
    throw new AssertionError(`${label}: ${bad.length} serious/critical axe violations:\n    ${detail}`);
  }
}

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
